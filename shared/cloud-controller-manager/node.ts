import type { Node } from '../api/types';
import { get, list, R, remove, systemWrite } from '../controllers/client';
import { Controller, objectsOf } from '../controllers/controller';
import { recordEvent } from '../controllers/events';
import type { RestContext } from '../registry/context';
import { updateObject } from '../registry/update';
import type { KubeObject } from '../registry/resource';
import type { ReconcileResult } from '../runtime/work';
import { aws, CloudContext, CloudError, FailureBackoff } from './cloud';
import { containerInstanceGone, describeInstance, describeInstanceType } from './instances';
import {
  addressesChanged,
  CONTAINER_INSTANCE_ANNOTATION,
  initializedNode,
  InstanceFacts,
  instanceIdOf,
  isEc2Node,
  lifecycleAction,
  needsInitialization,
  nodeAddresses,
  SHUTDOWN_TAINT,
  TAINT_SHUTDOWN,
} from './node-plan';

const NAME = 'cloud-node';
const COMPONENT = 'cloud-node-controller';
/** How often a NotReady EC2 node's instance is looked at again (upstream's lifecycle monitor polls every 5 s). */
const NOT_READY_POLL_SECONDS = 10;

/**
 * upstream's cloud node controller and cloud node lifecycle controller, for Nodes backed by EC2
 * instances (ECS container instances): initializes them from DescribeInstances (providerID,
 * addresses, type/zone/region labels, capacity), keeps their addresses current, deletes a NotReady
 * node whose instance is gone, and taints one whose instance is stopped. AWS errors become a
 * Warning event and a retry with backoff, never a failed record.
 */
export function nodeController(cloud: CloudContext): Controller {
  const backoff = new FailureBackoff();
  /** When each node's next poll is already queued, so stream records do not start more chains (SQS does not merge them). */
  const queued = new Map<string, number>();
  const once = (name: string, result: ReconcileResult): ReconcileResult => {
    const now = Date.now();
    if (result.requeueAfterSeconds === undefined) {
      queued.delete(name);
      return result;
    }
    const due = now + result.requeueAfterSeconds * 1000;
    const pending = queued.get(name);
    // A pending poll due within a second is the one running now (a timer may fire a little early).
    if (pending !== undefined && pending > now + 1000 && pending <= due) return {};
    queued.set(name, due);
    return result;
  };
  return {
    name: NAME,
    filters: [objectsOf('nodes')],
    route: (record, key) => (key && record.eventName !== 'REMOVE' ? [{ resource: 'nodes', name: key.name, controller: NAME }] : []),
    async reconcile(ctx, key) {
      const node = (await get(ctx, R.nodes, undefined, key.name)) as Node | undefined;
      if (!node || node.metadata?.deletionTimestamp || !isEc2Node(node)) return {};
      try {
        const result = await reconcileNode(ctx, cloud, node);
        backoff.succeeded(key.name);
        return once(key.name, result);
      } catch (err) {
        if (!(err instanceof CloudError)) throw err;
        const verb = needsInitialization(node) ? 'initialize' : 'sync';
        await recordEvent(ctx, node as KubeObject, 'Warning', 'SyncNodeFailed', `failed to ${verb} node with cloud provider: ${err.message}`, COMPONENT);
        return { requeueAfterSeconds: backoff.failed(key.name) };
      }
    },
    async resync(ctx) {
      return ((await list(ctx, R.nodes)) as Node[]).filter(isEc2Node).map((n) => ({ resource: 'nodes', name: String(n.metadata?.name), controller: NAME }));
    },
  };
}

async function reconcileNode(ctx: RestContext, cloud: CloudContext, node: Node): Promise<ReconcileResult> {
  const name = String(node.metadata?.name);
  const id = instanceIdOf(node);
  if (!id) {
    // Bad input, not a failure to retry: say so on a node that waits for us, then wait for it to change.
    if (needsInitialization(node)) {
      await recordEvent(ctx, node as KubeObject, 'Warning', 'SyncNodeFailed', `failed to initialize node: no EC2 instance id in its name or providerID "${node.spec?.providerID ?? ''}"`, COMPONENT);
    }
    return {};
  }
  const instance = await aws('DescribeInstances', () => describeInstance(cloud, id));
  const arn = node.metadata?.annotations?.[CONTAINER_INSTANCE_ANNOTATION];
  const gone = instance && instance.state !== 'terminated' ? await aws('DescribeContainerInstances', () => containerInstanceGone(cloud, arn)) : false;
  const action = lifecycleAction(node, instance, gone);
  if (action === 'delete') {
    await recordEvent(ctx, node as KubeObject, 'Normal', 'DeletingNode', `Deleting node ${name} because it does not exist in the cloud provider`, COMPONENT);
    await remove(ctx, R.nodes, node as KubeObject);
    return {};
  }
  const notReady = node.status?.conditions?.find((c) => c.type === 'Ready')?.status !== 'True';
  const again: ReconcileResult = notReady ? { requeueAfterSeconds: NOT_READY_POLL_SECONDS } : {};
  if (!instance || instance.state === 'terminated') {
    // A Ready node whose instance is gone: the kubelet's silence will make it NotReady, then it goes.
    return again;
  }
  if (needsInitialization(node)) {
    if (!instance.privateIp || !instance.zone) return { requeueAfterSeconds: 5 }; // still pending: no address yet
    await initialize(ctx, cloud, node, instance);
  } else if (addressesChanged(node, instance)) {
    await writeStatus(ctx, name, (n) => ({ ...n.status, addresses: nodeAddresses(instance) }));
  }
  if (action === 'taint-shutdown' || action === 'remove-shutdown-taint') {
    await writeNode(ctx, name, (n) => {
      const others = (n.spec?.taints ?? []).filter((t) => t.key !== TAINT_SHUTDOWN);
      const taints = action === 'taint-shutdown' ? [...others, SHUTDOWN_TAINT] : others;
      return { ...n, spec: { ...n.spec, taints: taints.length > 0 ? taints : undefined } };
    });
  }
  return again;
}

/** Status first (addresses, capacity), then the spec and labels that drop the taint: once schedulable, the node is complete. */
async function initialize(ctx: RestContext, cloud: CloudContext, node: Node, instance: InstanceFacts): Promise<void> {
  const name = String(node.metadata?.name);
  const hasCapacity = !!(node.status?.capacity?.cpu && node.status.capacity.memory);
  const instanceType = instance.type;
  const type = !hasCapacity && instanceType ? await aws('DescribeInstanceTypes', () => describeInstanceType(cloud, instanceType)) : undefined;
  await writeStatus(ctx, name, (n) => ({ ...initializedNode(n, instance, type).status, addresses: nodeAddresses(instance) }));
  await writeNode(ctx, name, (n) => {
    const next = initializedNode(n, instance, type);
    return { ...next, status: n.status };
  });
  await recordEvent(ctx, node as KubeObject, 'Normal', 'Synced', 'Node synced successfully', COMPONENT);
}

type Change = (current: Node) => unknown;

/** Writes from the copy stored now (re-read on a concurrent change), as upstream's controllers patch. */
async function writeStatus(ctx: RestContext, name: string, status: Change): Promise<void> {
  await updateObject(ctx, R.nodes, undefined, name, 'status', (cur) => ({ ...cur, status: status(cur as Node) }), { ...systemWrite(ctx), pinned: false });
}

async function writeNode(ctx: RestContext, name: string, change: Change): Promise<void> {
  await updateObject(ctx, R.nodes, undefined, name, undefined, (cur) => change(cur as Node), { ...systemWrite(ctx), pinned: false });
}
