/**
 * Carrying out a preemption (upstream's prepareCandidate): each victim gets a DisruptionTarget
 * condition saying the scheduler preempts it, is deleted gracefully, and gets a `Preempted` event
 * naming the preemptor; lower-priority pods nominated to the same node lose their nomination.
 * The preemptor's own nomination is written with its PodScheduled condition by the caller.
 */
import type { Event, Pod } from '../api/types';
import { R, remove, updateStatusOf } from '../controllers/client';
import { buildEvent, recordEvents } from '../controllers/events';
import { logger } from '../logging';
import type { RestContext } from '../registry/context';
import { nowTimestamp } from '../registry/time';
import { PREEMPTION_BY_SCHEDULER } from './preemption';

const COMPONENT = 'default-scheduler';

type PodStatus = NonNullable<Pod['status']>;

const podName = (pod: Pod): string => `${String(pod.metadata?.namespace)}/${String(pod.metadata?.name)}`;

/** The DisruptionTarget condition upstream's scheduler sets on a victim before deleting it. */
export function preemptionCondition(preemptor: Pod, now = new Date()): NonNullable<PodStatus['conditions']>[number] {
  return {
    type: 'DisruptionTarget',
    status: 'True',
    lastTransitionTime: nowTimestamp(now),
    reason: PREEMPTION_BY_SCHEDULER,
    message: `${preemptor.spec?.schedulerName ?? COMPONENT}: preempting to accommodate a higher priority pod`,
  };
}

/** The `Preempted` event on the victim, with the preemptor as the related object (as events.k8s.io records it). */
export function preemptedEvent(victim: Pod, preemptor: Pod, node: string): Event {
  const involved = { apiVersion: 'v1', kind: 'Pod', ...victim };
  const event = buildEvent(involved, 'Normal', 'Preempted', `Preempted by pod ${String(preemptor.metadata?.uid)} on node ${node}`, COMPONENT);
  const meta = preemptor.metadata ?? {};
  return {
    ...event,
    action: 'Preempting',
    related: { apiVersion: 'v1', kind: 'Pod', namespace: meta.namespace, name: meta.name, uid: meta.uid, resourceVersion: meta.resourceVersion },
  };
}

async function evict(ctx: RestContext, victim: Pod, preemptor: Pod): Promise<void> {
  const condition = preemptionCondition(preemptor);
  await updateStatusOf(ctx, R.pods, victim, (current) => {
    const status = (current.status ?? {}) as PodStatus;
    return { ...status, conditions: [...(status.conditions ?? []).filter((c) => c.type !== 'DisruptionTarget'), condition] };
  });
  // Graceful: the pod's own terminationGracePeriodSeconds, as upstream's DeletePod.
  await remove(ctx, R.pods, victim);
}

/**
 * Evicts `victims` for `preemptor` on `node`. Returns false when a victim could not be evicted
 * (the preemptor is then not nominated and tries again on its next cycle, as upstream).
 */
export async function preempt(ctx: RestContext, preemptor: Pod, node: string, victims: readonly Pod[], lowerNominated: readonly Pod[]): Promise<boolean> {
  const results = await Promise.allSettled(victims.map((v) => evict(ctx, v, preemptor)));
  const failed = results.flatMap((r, i) => (r.status === 'rejected' ? [{ victim: victims[i], error: String(r.reason) }] : []));
  for (const f of failed) logger.warn('could not preempt pod', { victim: podName(f.victim), preemptor: podName(preemptor), error: f.error });
  const evicted = victims.filter((_, i) => results[i].status === 'fulfilled');
  await recordEvents(ctx, evicted.map((v) => preemptedEvent(v, preemptor, node)));
  if (failed.length > 0) return false;
  await Promise.all(lowerNominated.map((p) => clearNomination(ctx, p)));
  return true;
}

async function clearNomination(ctx: RestContext, pod: Pod): Promise<void> {
  try {
    await updateStatusOf(ctx, R.pods, pod, (current) => {
      const status = (current.status ?? {}) as PodStatus;
      if (!status.nominatedNodeName) return undefined;
      const { nominatedNodeName: _dropped, ...rest } = status;
      return rest;
    });
  } catch (err) {
    logger.warn('could not clear nominatedNodeName', { pod: podName(pod), error: String(err) });
  }
}
