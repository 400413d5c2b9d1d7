import type { DynamoDBRecord } from 'aws-lambda';
import { ConflictError, NotFoundError } from '../api/errors';
import type { Pod } from '../api/types';
import { R, list, update } from '../controllers/client';
import { recordEvents } from '../controllers/events';
import { logger } from '../logging';
import { InvalidDataError } from '../api/invalid-data';
import { RestContext } from '../registry/context';
import { storedObject } from '../registry/resource';
import { StreamConsumer } from '../runtime/consumer';
import { isWorkEvent, Requeuer } from '../runtime/work';
import { localSettings, SCHEDULER_SOURCE } from '../runtime/sources';
import { objectPk } from '../storage/keys';
import { SchedulerConfigurationOverrides } from './config';
import { isScheduled, schedulePod, ScheduleFailure } from './framework';
import { readNodeGuards } from './node-guard';
import { readCluster } from './cluster-cache';
import { bindPlan } from './bind';
import { defaultProfile } from './profile';
import { assume, buildSnapshot, nominate, Snapshot, StorageView, unnominate } from './snapshot';
import { claimsToSelectNode } from './plugins/volume-binding';
import { SELECTED_NODE } from '../controllers/volume/binder-plan';
import { preempt } from './preempt';
import { podInfoFor, podKey } from './pod-info';
import { markUnschedulable } from './unschedulable';

const BACKOFF_INITIAL_SECONDS = 1;
const BACKOFF_MAX_SECONDS = 10;

/** The work key that stands for "every pending pod": scheduling is decided for all of them at once. */
const PENDING = { resource: 'pods', name: '*' };

/**
 * kube-scheduler as a stream consumer. Each invocation is level-triggered: it reads nodes, pods and
 * node guards once, decides every pending pod against that snapshot (assuming each decision so the
 * next one sees it), then binds (./bind: a node's pods in order on the node's guard, many nodes'
 * bindings per transaction) and records the Scheduled events.
 */
export function schedulerConsumer(ctx: RestContext, requeuer?: Requeuer, config: SchedulerConfigurationOverrides = {}): StreamConsumer {
  const profile = defaultProfile(config);
  let backoff = BACKOFF_INITIAL_SECONDS;
  // One pass at a time per process: a trigger during a pass asks for exactly one more pass after it.
  let running: Promise<void> | undefined;
  let again = false;
  // Whether pods were left waiting (unschedulable, or to decide again); unknown until a first pass.
  let waiting = true;
  const pass = async (): Promise<void> => {
    // A pass's Scheduled events are written while the next pass runs (upstream's recorder sends
    // them behind the scheduling loop, which never waits for them); the invocation ends only once
    // all are written, so none is left behind a frozen Lambda.
    const events: Promise<void>[] = [];
    try {
      do {
        again = false;
        const outcome = await scheduleAll(ctx, profile, (written) => events.push(written));
        waiting = outcome.unschedulable > 0 || outcome.retry;
        if (waiting) {
          await requeuer?.after(PENDING, backoff, 'scheduler');
          backoff = Math.min(backoff * 2, BACKOFF_MAX_SECONDS);
        } else backoff = BACKOFF_INITIAL_SECONDS;
        // A trigger that comes while the events are written still gets its pass.
        if (!again) await Promise.all(events.splice(0));
      } while (again);
    } finally {
      await Promise.allSettled(events);
    }
  };
  return {
    ...localSettings(SCHEDULER_SOURCE),
    filters: SCHEDULER_SOURCE.filters,
    async handler(event) {
      if (!waiting && !asksForPass(event)) return { batchItemFailures: [] };
      try {
        if (running) {
          again = true;
          await running;
        } else {
          running = pass().finally(() => (running = undefined));
          await running;
        }
        return { batchItemFailures: [] };
      } catch (err) {
        logger.warn('scheduling pass failed', { error: (err as Error).stack ?? String(err) });
        return { batchItemFailures: failedIds(event) };
      }
    },
  };
}

/**
 * Whether a batch can change a decision when no pod is waiting: only a pod to place can. Node
 * records and pod removals matter only to waiting pods (upstream moves its unschedulable queue on
 * them), and a 1,000-node cluster's heartbeats would otherwise start a full pass every few seconds.
 * Requeues and resyncs always run one.
 */
function asksForPass(event: Parameters<StreamConsumer['handler']>[0]): boolean {
  if (isWorkEvent(event) || !('Records' in event)) return true;
  return (event.Records as { eventSource?: string }[]).some((r) => r.eventSource !== 'aws:dynamodb' || isPendingPodRecord(r as DynamoDBRecord));
}

function isPendingPodRecord(r: DynamoDBRecord): boolean {
  const image = r.dynamodb?.NewImage;
  return r.dynamodb?.Keys?.pk?.S === objectPk('pods') && image !== undefined && image.nodeName === undefined;
}

function failedIds(event: Parameters<StreamConsumer['handler']>[0]): { itemIdentifier: string }[] {
  if (isWorkEvent(event) || !('Records' in event)) return [];
  return (event.Records as (DynamoDBRecord | { messageId: string })[]).map((r) => ({
    itemIdentifier: 'messageId' in r ? r.messageId : (r.dynamodb?.SequenceNumber ?? ''),
  }));
}

const isPending = (p: Pod): boolean =>
  !p.spec?.nodeName && (p.spec?.schedulingGates ?? []).length === 0 && (p.spec?.schedulerName ?? 'default-scheduler') === 'default-scheduler' && !p.metadata?.deletionTimestamp &&
  p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed';

/**
 * One scheduling pass over every pending pod. Its Scheduled events are awaited before it returns
 * unless `deferEvents` takes them (the consumer's pass loop, which awaits them beside its next pass).
 */
export async function scheduleAll(ctx: RestContext, profile = defaultProfile(), deferEvents?: (written: Promise<void>) => void): Promise<{ bound: number; unschedulable: number; retry: boolean }> {
  const [{ nodes, pods }, guards] = await Promise.all([readCluster(ctx), readNodeGuards(ctx.store)]);
  const pending = pods.filter(isPending).sort(byAge);
  if (pending.length === 0) return { bound: 0, unschedulable: 0, retry: false };
  const pdbs = mayPreempt(pending, pods) ? await list(ctx, R.poddisruptionbudgets) : [];
  const snapshot = buildSnapshot(nodes, pods, { storage: await storageFor(ctx, pending), pdbs });
  const plan = new Map<string, Pod[]>();
  const failures: { pod: Pod; message: string; result?: ScheduleFailure }[] = [];
  for (const pod of pending) {
    let result: ReturnType<typeof schedulePod>;
    try {
      result = schedulePod(pod, snapshot, profile);
    } catch (err) {
      // A pod whose spec cannot be interpreted is reported and left pending; the others go on.
      if (!(err instanceof InvalidDataError)) throw err;
      logger.warn('pod cannot be scheduled as it is', { pod: `${String(pod.metadata?.namespace)}/${String(pod.metadata?.name)}`, error: err.message });
      failures.push({ pod, message: `0/${nodes.length} nodes are available: the pod's spec is invalid: ${err.message}.` });
      continue;
    }
    if (isScheduled(result)) {
      assume(snapshot, pod, result.node);
      const chain = plan.get(result.node) ?? [];
      chain.push(pod);
      plan.set(result.node, chain);
    } else {
      failures.push({ pod, message: result.message, result });
      nominateInSnapshot(snapshot, pod, result);
    }
  }
  const { scheduled, retry } = await bindPlan(ctx, plan, guards);
  const bound = scheduled.length;
  if (snapshot.storage) {
    const done = new Set(scheduled.map((e) => `${String(e.involvedObject.namespace)}/${String(e.involvedObject.name)}`));
    const placed = [...plan].flatMap(([node, chain]) => chain.filter((p) => done.has(`${String(p.metadata?.namespace)}/${String(p.metadata?.name)}`)).map((pod) => ({ pod, node })));
    await selectNodes(ctx, placed, snapshot.storage);
  }
  // Events come after the bindings, as upstream's recorder sends them behind the scheduling loop.
  const events = recordEvents(ctx, scheduled);
  if (deferEvents) {
    // Awaited by the pass loop; this only keeps a failure meanwhile from counting as unhandled.
    events.catch(() => undefined);
    deferEvents(events);
  } else await events;
  for (let i = 0; i < failures.length; i += 32) {
    await Promise.all(failures.slice(i, i + 32).map((f) => failed(ctx, f.pod, f.message, f.result)));
  }
  return { bound, unschedulable: failures.length, retry };
}

/** Claims, volumes and classes, read only when a pending pod mounts a claim. */
async function storageFor(ctx: RestContext, pending: Pod[]): Promise<StorageView | undefined> {
  if (!pending.some((p) => (p.spec?.volumes ?? []).some((v) => v.persistentVolumeClaim))) return undefined;
  const [claims, volumes, classes] = await Promise.all([list(ctx, R.persistentvolumeclaims), list(ctx, R.persistentvolumes), list(ctx, R.storageclasses)]);
  return {
    claims: new Map(claims.map((c) => [`${String(c.metadata?.namespace)}/${String(c.metadata?.name)}`, c])),
    volumes: new Map(volumes.map((v) => [String(v.metadata?.name), v])),
    classes: new Map(classes.map((c) => [String(c.metadata?.name), c])),
  };
}

/**
 * PreBind's annotation: each WaitForFirstConsumer claim of a pod just bound names its node, for
 * the provisioner. Written after the binding (not before, as upstream), so a binding that lost its
 * race never leaves a claim pointing at a node its pod is not on.
 */
async function selectNodes(ctx: RestContext, scheduled: { pod: Pod; node: string }[], storage: StorageView): Promise<void> {
  for (const { pod, node } of scheduled) {
    for (const claim of claimsToSelectNode(pod, storage)) {
      const next = storedObject(structuredClone(claim));
      next.metadata.annotations = { ...(next.metadata.annotations ?? {}), [SELECTED_NODE]: node };
      try {
        await update(ctx, R.persistentvolumeclaims, next);
      } catch (err) {
        // The binder sees the pod's node too (its fallback), and a next pass retries.
        if (!(err instanceof ConflictError || err instanceof NotFoundError)) throw err;
      }
    }
  }
}

/** Whether any pending pod outranks a bound one: only then can preemption need the budgets. */
function mayPreempt(pending: readonly Pod[], pods: readonly Pod[]): boolean {
  const highest = Math.max(...pending.map((p) => p.spec?.priority ?? 0));
  return pods.some((p) => Boolean(p.spec?.nodeName) && (p.spec?.priority ?? 0) < highest);
}

/** Later decisions of the pass keep the room a preemption frees for its preemptor (and no longer for the pods it un-nominates). */
function nominateInSnapshot(snapshot: Snapshot, pod: Pod, result: ScheduleFailure): void {
  if (result.nominatedNodeName === '') unnominate(snapshot, podKey(pod));
  if (result.preemption === undefined) return;
  for (const lower of result.preemption.lowerNominated) unnominate(snapshot, podKey(lower));
  nominate(snapshot, podInfoFor(pod), result.preemption.node);
}

/** PostFilter's I/O (evicting the victims), then the pod's PodScheduled=False with its nomination. */
async function failed(ctx: RestContext, pod: Pod, message: string, result?: ScheduleFailure): Promise<void> {
  let nominatedNodeName = result?.nominatedNodeName;
  const preemption = result?.preemption;
  if (preemption !== undefined && !(await preempt(ctx, pod, preemption.node, preemption.victims, preemption.lowerNominated))) {
    nominatedNodeName = undefined;
  }
  await markUnschedulable(ctx, pod, message, nominatedNodeName);
}

/** Upstream's PrioritySort: higher priority first, then older first. */
function byAge(a: Pod, b: Pod): number {
  const pa = a.spec?.priority ?? 0;
  const pb = b.spec?.priority ?? 0;
  if (pa !== pb) return pb - pa;
  const ta = String(a.metadata?.creationTimestamp ?? '');
  const tb = String(b.metadata?.creationTimestamp ?? '');
  return ta < tb ? -1 : ta > tb ? 1 : String(a.metadata?.name).localeCompare(String(b.metadata?.name));
}
