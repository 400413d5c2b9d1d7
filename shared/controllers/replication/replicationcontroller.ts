import type { Pod, ReplicaSet, ReplicationController } from '../../api/types';
import { ConflictError } from '../../api/errors';
import type { RestContext } from '../../registry/context';
import { earliestRequeue, type ReconcileResult, type WorkKey } from '../../runtime/work';
import { current, get, list, R } from '../client';
import type { Controller } from '../controller';
import { controllerRefOf } from '../workloads/controller-ref';
import { planReplicaSet } from '../workloads/replicaset-plan';
import { applyReplicaSetPlan } from '../workloads/replicaset';
import { controllerOwners, objectsOfAny } from '../workloads/routing';

const NAME = 'replicationcontroller';
const OWNER = { apiVersion: 'v1', kind: 'ReplicationController' };

const rcKey = (namespace: string | undefined, name: string): WorkKey => ({ resource: 'replicationcontrollers', namespace, name, controller: NAME });

/**
 * A ReplicationController seen as the ReplicaSet it is equivalent to (upstream's RC controller is
 * the ReplicaSet controller behind such a conversion): its equality selector as matchLabels.
 */
export function asReplicaSet(rc: ReplicationController): ReplicaSet {
  const { selector, ...spec } = rc.spec ?? {};
  return { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: rc.metadata, spec: { ...spec, selector: { matchLabels: { ...(selector ?? {}) } } }, status: rc.status };
}

const selects = (rc: ReplicationController, pod: Pod): boolean => {
  const selector = Object.entries(rc.spec?.selector ?? {});
  return selector.length > 0 && selector.every(([k, v]) => pod.metadata?.labels?.[k] === v);
};

/** Upstream's replication manager: keeps spec.replicas pods matching an RC's selector. */
export const replicationControllerController: Controller = {
  name: NAME,
  filters: [objectsOfAny(['replicationcontrollers', 'pods'])],
  route(record, key) {
    if (!key) return [];
    if (key.resource === 'replicationcontrollers') return [rcKey(key.namespace, key.name)];
    if (key.resource !== 'pods') return [];
    const owners = controllerOwners(record, '', 'ReplicationController');
    const keys = owners.names.map((n) => rcKey(key.namespace, n));
    if (!owners.known || owners.orphan) keys.push({ ...key, controller: NAME });
    return keys;
  },
  async reconcile(ctx, key) {
    if (key.resource !== 'pods') return syncReplicationController(ctx, String(key.namespace), key.name);
    const namespace = String(key.namespace);
    const pod = (await get(ctx, R.pods, namespace, key.name)) as Pod | undefined;
    const ref = pod ? controllerRefOf(pod) : undefined;
    if (ref) return ref.kind === 'ReplicationController' ? syncReplicationController(ctx, namespace, ref.name) : {};
    const all = (await current(ctx, R.replicationcontrollers, namespace)) as ReplicationController[];
    const candidates = pod ? all.filter((rc) => selects(rc, pod)) : all;
    return earliestRequeue(await Promise.all(candidates.map((rc) => syncReplicationController(ctx, namespace, String(rc.metadata?.name)))));
  },
  async resync(ctx) {
    return (await list(ctx, R.replicationcontrollers)).map((rc) => rcKey(rc.metadata.namespace, String(rc.metadata.name)));
  },
};

export async function syncReplicationController(ctx: RestContext, namespace: string, name: string): Promise<ReconcileResult> {
  const rc = (await get(ctx, R.replicationcontrollers, namespace, name)) as ReplicationController | undefined;
  if (!rc) return {};
  const pods = (await list(ctx, R.pods, namespace)) as Pod[];
  const plan = planReplicaSet({ rs: asReplicaSet(rc), pods, now: new Date(), owner: OWNER });
  try {
    return await applyReplicaSetPlan(ctx, rc, plan, R.replicationcontrollers);
  } catch (err) {
    if (err instanceof ConflictError) return { requeueAfterSeconds: 1 };
    throw err;
  }
}
