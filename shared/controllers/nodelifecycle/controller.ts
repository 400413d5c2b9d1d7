import { ConflictError } from '../../api/errors';
import type { Lease, Node, Pod, PodCondition } from '../../api/types';
import type { RestContext } from '../../registry/context';
import type { KubeObject } from '../../registry/resource';
import { nowTimestamp } from '../../registry/time';
import type { ReconcileResult } from '../../runtime/work';
import { get, getMany, list, R, remove, update, updateStatusOf } from '../client';
import { Controller, objectsOf, reconcileEach } from '../controller';
import { observeNodeHealth } from './health';
import { desiredTaints, evictionDecision, sameTaints } from './taints';

export interface NodeLifecycleOptions {
  /** How long a node may go unheard before it is Unknown (`--node-monitor-grace-period`, 40 s). */
  gracePeriodSeconds?: number;
  now?: () => Date;
}

const NAME = 'nodelifecycle';
const NODE_LEASE_NAMESPACE = 'kube-node-lease';
/** The longest delay a requeue may ask for (SQS's limit); a later deadline is just checked again. */
const MAX_REQUEUE_SECONDS = 900;

/**
 * upstream's node lifecycle controller with taint-based eviction: a node unheard for the grace
 * period goes Unknown; Unknown and NotReady nodes get the unreachable / not-ready taints (NoSchedule
 * and NoExecute) and their pods are marked not Ready; pods that do not tolerate a NoExecute taint
 * are deleted, at once or after their tolerationSeconds. Recovered nodes lose the taints.
 *
 * Node records trigger a reconcile; lease renewals do not (they are good news). Instead each
 * reconcile asks to run again when the node would go stale, once per node in this process.
 */
export function nodeLifecycleController(options: NodeLifecycleOptions = {}): Controller {
  const grace = options.gracePeriodSeconds ?? 40;
  const clock = options.now ?? (() => new Date());
  /** When each node's next check is already queued, so stream records do not start more chains. */
  const queued = new Map<string, number>();

  const again = (name: string, at: number | undefined, now: number): ReconcileResult => {
    if (at === undefined) return {};
    const pending = queued.get(name);
    if (pending !== undefined && pending > now && pending <= at) return {};
    const seconds = Math.min(MAX_REQUEUE_SECONDS, Math.max(1, Math.ceil((at - now) / 1000)));
    queued.set(name, now + seconds * 1000);
    return { requeueAfterSeconds: seconds };
  };

  /** A node's reconcile as its next check: a Conflict (the node changed under it) looks again at once. */
  const settle = async (name: string, converge: () => Promise<number | undefined>, now: Date): Promise<ReconcileResult> => {
    try {
      return again(name, await converge(), now.getTime());
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
      queued.delete(name);
      return again(name, now.getTime(), now.getTime());
    }
  };

  return {
    name: NAME,
    filters: [objectsOf('nodes')],
    route: (_record, key) => (key ? [{ resource: 'nodes', name: key.name, controller: NAME }] : []),
    async reconcile(ctx, key) {
      const now = clock();
      const node = (await get(ctx, R.nodes, undefined, key.name)) as Node | undefined;
      const lease = node ? ((await get(ctx, R.leases, NODE_LEASE_NAMESPACE, key.name)) as Lease | undefined) : undefined;
      return settle(key.name, () => convergeNode(ctx, node, lease, grace, now), now);
    },
    /** A batch's nodes together: one batch read of the nodes, then one of their leases. */
    groupOf: () => NAME,
    async reconcileGroup(ctx, keys) {
      const now = clock();
      const nodes = (await getMany(ctx, R.nodes, undefined, keys.map((k) => k.name))) as (Node | undefined)[];
      const present = keys.filter((_, i) => nodes[i]).map((k) => k.name);
      const leases = (await getMany(ctx, R.leases, NODE_LEASE_NAMESPACE, present)) as (Lease | undefined)[];
      const leaseOf = new Map(present.map((name, i) => [name, leases[i]]));
      return reconcileEach([...keys.keys()], (i) => settle(keys[i].name, () => convergeNode(ctx, nodes[i], leaseOf.get(keys[i].name), grace, now), now));
    },
    async resync(ctx) {
      return (await list(ctx, R.nodes)).map((n) => ({ resource: 'nodes', name: String(n.metadata.name), controller: NAME }));
    },
  };
}

/**
 * Converges one node, as read with its lease (the lease after it); returns when it should be looked
 * at again (ms since the epoch), if ever.
 */
async function convergeNode(ctx: RestContext, read: Node | undefined, lease: Lease | undefined, grace: number, now: Date): Promise<number | undefined> {
  let node = read;
  if (!node) return undefined;
  const name = String(node.metadata?.name);
  const health = observeNodeHealth(node, lease, now, grace);
  if (health.changed) {
    node = (await update(ctx, R.nodes, { ...node, status: { ...node.status, conditions: health.conditions } } as KubeObject, 'status')) as Node;
  }
  const taints = desiredTaints(node.spec?.taints, health.ready, now);
  if (!sameTaints(taints, node.spec?.taints)) {
    await update(ctx, R.nodes, { ...node, spec: { ...node.spec, taints } } as KubeObject);
  }
  // A node that is not Unknown yet may go stale; an Unknown one comes back through its own status write.
  let next = health.ready === 'Unknown' ? undefined : health.staleAt;
  const noExecute = taints.filter((t) => t.effect === 'NoExecute');
  if (noExecute.length === 0 && (health.ready === 'True' || health.ready === undefined)) return next;

  const pods = ((await list(ctx, R.pods)) as Pod[]).filter((p) => p.spec?.nodeName === name && !p.metadata?.deletionTimestamp);
  for (const pod of pods) {
    if (health.ready !== 'True') await markNotReady(ctx, pod, now);
    const decision = evictionDecision(pod.spec?.tolerations, noExecute, now);
    if (decision.evict === 'now') await evict(ctx, pod, now);
    else if (decision.evict === 'at') next = Math.min(next ?? Infinity, decision.at);
  }
  return next;
}

/** upstream's MarkPodsNotReady: the pod's Ready condition goes False while its node is not Ready. */
async function markNotReady(ctx: RestContext, pod: Pod, now: Date): Promise<void> {
  const ready = pod.status?.conditions?.find((c) => c.type === 'Ready');
  if (!ready || ready.status === 'False') return;
  await writeConditions(ctx, pod, (conditions) =>
    conditions.map((c) => (c.type === 'Ready' && c.status !== 'False' ? { ...c, status: 'False', lastTransitionTime: nowTimestamp(now) } : c)),
  );
}

/** Taint-based eviction: the DisruptionTarget condition says why, then the pod is deleted. */
async function evict(ctx: RestContext, pod: Pod, now: Date): Promise<void> {
  const target: PodCondition = {
    type: 'DisruptionTarget',
    status: 'True',
    lastTransitionTime: nowTimestamp(now),
    reason: 'DeletionByTaintManager',
    message: 'Taint manager: deleting due to NoExecute taint',
  };
  await writeConditions(ctx, pod, (conditions) => [...conditions.filter((c) => c.type !== 'DisruptionTarget'), target]);
  await remove(ctx, R.pods, pod as KubeObject);
}

async function writeConditions(ctx: RestContext, pod: Pod, change: (c: PodCondition[]) => PodCondition[]): Promise<void> {
  await updateStatusOf(ctx, R.pods, pod, (current) => {
    const status = (current.status ?? {}) as NonNullable<Pod['status']>;
    return { ...status, conditions: change(status.conditions ?? []) };
  });
}

