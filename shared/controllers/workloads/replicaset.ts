import type { Pod, ReplicaSet, ReplicaSetCondition, ReplicationController } from '../../api/types';
import { ConflictError } from '../../api/errors';
import { generateName } from '../../api/validation/names';
import { matchesLabelSelector } from '../../api/selectors/labels';
import type { RestContext } from '../../registry/context';
import { nowTimestamp } from '../../registry/time';
import { earliestRequeue, type ReconcileResult, type WorkKey } from '../../runtime/work';
import { createMany, current, get, type Handle, list, R, remove, update } from '../client';
import { Controller } from '../controller';
import { controllerRefOf } from './controller-ref';
import { buildEvent, recordEvent, recordEvents } from '../events';
import { logger } from '../../logging';
import { isPermanentError } from '../../runtime/permanent';
import { claimLifetimeSeconds, Expectations, failureBackoffSeconds, withExpectations } from './expectations';
import { planReplicaSet, ReplicaSetPlan } from './replicaset-plan';
import { controllerOwners, objectsOfAny } from './routing';

const NAME = 'replicaset';
const COMPONENT = 'replicaset-controller';

const rsKey = (namespace: string | undefined, name: string): WorkKey => ({ resource: 'replicasets.apps', namespace, name, controller: NAME });

/**
 * Upstream's ReplicaSet controller: keeps spec.replicas pods matching the selector. ReplicaSet
 * records name the ReplicaSet; pod records name the ReplicaSet that controls (or controlled) the
 * pod, read from the record's images. An orphan pod (or a record without images) is routed as a
 * pod key: its reconcile finds the ReplicaSets that may adopt it.
 */
export const replicaSetController: Controller = {
  name: NAME,
  filters: [objectsOfAny(['replicasets.apps', 'pods'])],
  route(record, key) {
    if (!key) return [];
    if (key.resource === 'replicasets.apps') return [rsKey(key.namespace, key.name)];
    if (key.resource !== 'pods') return [];
    const owners = controllerOwners(record, 'apps', 'ReplicaSet');
    const keys = owners.names.map((n) => rsKey(key.namespace, n));
    if (!owners.known || owners.orphan) keys.push({ ...key, controller: NAME });
    return keys;
  },
  async reconcile(ctx, key) {
    if (key.resource === 'pods') return reconcileForPod(ctx, key);
    return syncReplicaSet(ctx, String(key.namespace), key.name);
  },
  // A batch's ReplicaSets of one namespace share one read of its pods.
  groupOf: (key) => (key.resource === 'replicasets.apps' ? String(key.namespace) : undefined),
  reconcileGroup: (ctx, keys) => syncReplicaSets(ctx, String(keys[0].namespace), keys.map((k) => k.name)),
  async resync(ctx) {
    return (await list(ctx, R.replicasets)).map((rs) => rsKey(rs.metadata.namespace, String(rs.metadata.name)));
  },
};

/** A pod changed: reconcile its controller, or the ReplicaSets that could adopt it (all of them if it is gone). */
async function reconcileForPod(ctx: RestContext, key: WorkKey): Promise<ReconcileResult> {
  const namespace = String(key.namespace);
  const pod = (await get(ctx, R.pods, namespace, key.name)) as Pod | undefined;
  const ref = pod ? controllerRefOf(pod) : undefined;
  if (ref) return ref.kind === 'ReplicaSet' ? syncReplicaSet(ctx, namespace, ref.name) : {};
  const all = (await current(ctx, R.replicasets, namespace)) as ReplicaSet[];
  const candidates = pod ? all.filter((rs) => selects(rs, pod)) : all;
  if (candidates.length === 0) return {};
  return earliestRequeue(await syncReplicaSets(ctx, namespace, candidates.map((rs) => String(rs.metadata?.name))));
}

function selects(rs: ReplicaSet, pod: Pod): boolean {
  try {
    return matchesLabelSelector(rs.spec?.selector, pod.metadata?.labels);
  } catch {
    return false;
  }
}

/** Re-reads the ReplicaSet, then its namespace's pods (in that order: see expectations.ts), plans and applies. */
export async function syncReplicaSet(ctx: RestContext, namespace: string, name: string): Promise<ReconcileResult> {
  return (await syncReplicaSets(ctx, namespace, [name]))[0];
}

/**
 * Several ReplicaSets of one namespace: every one is read before the one list of pods they share
 * (the order expectations.ts needs), then each is planned and applied. One failing does not stop
 * the others: a conflict requeues that one; any other failure is thrown once all are done, so the
 * batch's records are retried.
 */
export async function syncReplicaSets(ctx: RestContext, namespace: string, names: string[]): Promise<ReconcileResult[]> {
  const sets = (await Promise.all(names.map((name) => get(ctx, R.replicasets, namespace, name)))) as (ReplicaSet | undefined)[];
  if (sets.every((rs) => !rs)) return names.map(() => ({}));
  const pods = (await list(ctx, R.pods, namespace)) as Pod[];
  const outcomes = await Promise.allSettled(sets.map((rs) => (rs ? applyReplicaSetPlan(ctx, rs, planReplicaSet({ rs, pods, now: new Date() })) : {})));
  // Another writer got to a ReplicaSet first (its status, a scale): that one goes again in a second.
  // One that cannot be processed as it is gets a Warning event and waits for its next change.
  const failure = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected' && !(o.reason instanceof ConflictError) && !isPermanentError(o.reason));
  if (failure) throw failure.reason;
  return Promise.all(
    outcomes.map(async (o, i) => {
      if (o.status === 'fulfilled') return o.value;
      if (o.reason instanceof ConflictError) return { requeueAfterSeconds: 1 };
      const rs = sets[i] as ReplicaSet;
      logger.error('skipping a ReplicaSet that cannot be processed', { namespace, name: names[i], error: (o.reason as Error).message });
      await recordEvent(ctx, rs, 'Warning', 'FailedSync', (o.reason as Error).message, COMPONENT);
      return {};
    }),
  );
}

/** What the applier writes: a ReplicaSet, or a ReplicationController (under its own resource). */
type Replicated = ReplicaSet | ReplicationController;

/** The thin applier: ownership writes, then creates and deletes under a claim, then status last. */
export async function applyReplicaSetPlan(ctx: RestContext, rs: Replicated, plan: ReplicaSetPlan, def: Handle<Replicated> = R.replicasets): Promise<ReconcileResult> {
  for (const pod of [...plan.adopt, ...plan.release]) await update(ctx, R.pods, pod);
  let current = rs;
  let status = plan.status;
  let requeue = plan.requeueAfterSeconds;
  if (plan.create > 0 || plan.delete.length > 0) {
    const outcome = await manageReplicas(ctx, rs, plan, def);
    if (!outcome) return {};
    current = outcome.current;
    if (outcome.error) {
      status = withFailure(plan.status ?? rs.status ?? { replicas: 0 }, plan.create > 0 ? 'FailedCreate' : 'FailedDelete', outcome.error);
      requeue = outcome.retryAfterSeconds;
    }
  } else if (plan.clearExpectations) {
    current = await update(ctx, def, withExpectations(rs, undefined));
  }
  if (status) await update(ctx, def, { ...current, status }, 'status');
  return requeue === undefined ? {} : { requeueAfterSeconds: requeue };
}

/**
 * Claims the pods to create and delete in the ReplicaSet (see expectations.ts), makes them, then
 * clears the claim. After a failure the names that did not happen stay expected with a short
 * lapse, a backoff: a broken template costs one attempt per lapse, not a hot loop of claims.
 * Returns undefined when someone else wrote the ReplicaSet after the claim (their record brings it
 * round again).
 */
async function manageReplicas(ctx: RestContext, rs: Replicated, plan: ReplicaSetPlan, def: Handle<Replicated>): Promise<{ current: Replicated; error?: Error; retryAfterSeconds?: number } | undefined> {
  const names = Array.from({ length: plan.create }, () => generateName(String(plan.template.metadata?.generateName)));
  const lifetime = claimLifetimeSeconds(names.length + plan.delete.length);
  const claim: Expectations = { add: names, del: plan.delete.map((p) => String(p.metadata?.name)), at: nowTimestamp(), ttl: lifetime };
  const deadline = Date.now() + lifetime * 1000;
  if (plan.fails > 0) claim.fails = plan.fails;
  // A Conflict here means another reconcile wrote the ReplicaSet first: ours fails and is retried.
  let current: Replicated = await update(ctx, def, withExpectations(rs, claim));
  const deleted = await deletePods(ctx, current, plan.delete);
  const created = await createPods(ctx, current, plan.template, names, deadline);
  const error = created.error ?? deleted.error;
  const fails = plan.fails + 1;
  const after: Expectations | undefined = error ? { add: created.failed, del: deleted.failed, at: nowTimestamp(), ttl: failureBackoffSeconds(fails), fails } : undefined;
  try {
    current = await update(ctx, def, withExpectations(current, after));
  } catch (err) {
    if (err instanceof ConflictError) return undefined;
    throw err;
  }
  return { current, error, retryAfterSeconds: after?.ttl };
}

/**
 * Creates the named pods in upstream's slow-start batches (1, 2, 4, ...), each batch's pods
 * admitted one by one and committed together (createMany): a failing batch stops the rest, so a
 * broken template costs one failed create, not hundreds. A batch waits only for its
 * creates: its SuccessfulCreate events are written together (few transactions, see recordEvents)
 * while the next batch runs, as upstream's recorder sends events behind the controller; all are
 * written before this returns.
 */
async function createPods(ctx: RestContext, rs: Replicated, template: Pod, names: string[], deadline: number): Promise<{ failed: string[]; error?: Error }> {
  const events: Promise<void>[] = [];
  const created = (chunk: string[], results: PromiseSettledResult<boolean>[]) => {
    const done = chunk.filter((_, j) => results[j].status === 'fulfilled' && (results[j] as PromiseFulfilledResult<boolean>).value);
    if (done.length === 0) return;
    const written = recordEvents(ctx, done.map((name) => buildEvent(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${name}`, COMPONENT)));
    // Events are informational: one that cannot be written never fails the sync.
    events.push(written.catch((err) => logger.warn('could not record events', { reason: 'SuccessfulCreate', error: String(err) })));
  };
  try {
    let batch = 1;
    // Past the claim's lifetime another reconcile may act for this ReplicaSet: leave the rest to it.
    for (let i = 0; i < names.length && Date.now() < deadline; ) {
      const chunk = names.slice(i, i + batch);
      const results = await createPodsTogether(ctx, rs, template, chunk);
      created(chunk, results);
      const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (rejected) {
        const failed = chunk.filter((_, j) => results[j].status === 'rejected').concat(names.slice(i + chunk.length));
        const error = rejected.reason as Error;
        await recordEvent(ctx, rs, 'Warning', 'FailedCreate', `Error creating: ${error.message}`, COMPONENT);
        return { failed, error };
      }
      i += chunk.length;
      batch *= 2;
    }
    return { failed: [] };
  } finally {
    await Promise.all(events);
  }
}

/** Creates the named pods, committed together where they can be; per pod, false if one of that name exists already (nothing was created). */
async function createPodsTogether(ctx: RestContext, rs: Replicated, template: Pod, names: string[]): Promise<PromiseSettledResult<boolean>[]> {
  const pods = names.map((name) => {
    const pod = structuredClone(template);
    pod.metadata = { ...pod.metadata, name };
    return pod;
  });
  const results = await createMany(ctx, R.pods, rs.metadata?.namespace, pods);
  return results.map((r) => (r.status === 'fulfilled' ? { status: 'fulfilled', value: r.value !== undefined } : r));
}

async function deletePods(ctx: RestContext, rs: Replicated, pods: Pod[]): Promise<{ failed: string[]; error?: Error }> {
  const results = await Promise.allSettled(
    pods.map(async (pod) => {
      await remove(ctx, R.pods, pod);
      await recordEvent(ctx, rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${String(pod.metadata?.name)}`, COMPONENT);
    }),
  );
  const failed = pods.filter((_, i) => results[i].status === 'rejected').map((p) => String(p.metadata?.name));
  const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (!rejected) return { failed };
  const error = rejected.reason as Error;
  await recordEvent(ctx, rs, 'Warning', 'FailedDelete', `Error deleting: ${error.message}`, COMPONENT);
  return { failed, error };
}

function withFailure(status: NonNullable<ReplicaSet['status']>, reason: string, error: Error): NonNullable<ReplicaSet['status']> {
  const existing = status.conditions?.find((c) => c.type === 'ReplicaFailure');
  const condition: ReplicaSetCondition = existing ?? { type: 'ReplicaFailure', status: 'True', lastTransitionTime: nowTimestamp(), reason, message: error.message };
  return { ...status, conditions: [...(status.conditions ?? []).filter((c) => c.type !== 'ReplicaFailure'), condition] };
}

