import type { Job, Pod } from '../../api/types';
import { newControllerRef } from '../workloads/controller-ref';

/**
 * Pod-level facts the Job controller reads and the pods it makes (upstream's
 * pkg/controller/job/job_controller.go and indexed_job_utils.go), all pure.
 */
export const TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';
export const COMPLETION_INDEX = 'batch.kubernetes.io/job-completion-index';
export const INDEX_FAILURE_COUNT = 'batch.kubernetes.io/job-index-failure-count';
export const JOB_INDEX_ENV = 'JOB_COMPLETION_INDEX';

export const hasTracking = (pod: Pod) => (pod.metadata?.finalizers ?? []).includes(TRACKING_FINALIZER);
export const isSucceeded = (pod: Pod) => pod.status?.phase === 'Succeeded';

/** Failed, or being deleted before it succeeded (upstream counts a terminating pod as failed once it stops). */
export function isFailed(pod: Pod): boolean {
  if (pod.status?.phase === 'Failed') return true;
  return !!pod.metadata?.deletionTimestamp && pod.status?.phase !== 'Succeeded';
}

export const isFinished = (pod: Pod) => isSucceeded(pod) || isFailed(pod);

/** The completion index of a pod of an Indexed Job (annotation first, then label); undefined when absent or malformed. */
export function indexOf(pod: Pod): number | undefined {
  const raw = pod.metadata?.annotations?.[COMPLETION_INDEX] ?? pod.metadata?.labels?.[COMPLETION_INDEX];
  if (raw === undefined || !/^\d+$/.test(raw)) return undefined;
  return Number(raw);
}

export function indexFailureCount(pod: Pod): number {
  const raw = pod.metadata?.annotations?.[INDEX_FAILURE_COUNT];
  return raw && /^\d+$/.test(raw) ? Number(raw) : 0;
}

/** When the pod finished: its latest container finish time, else its deletion time, else undefined. */
export function finishedAt(pod: Pod): number | undefined {
  const times = (pod.status?.containerStatuses ?? []).flatMap((c) => (c.state?.terminated?.finishedAt ? [Date.parse(c.state.terminated.finishedAt)] : []));
  if (times.length) return Math.max(...times);
  return pod.metadata?.deletionTimestamp ? Date.parse(pod.metadata.deletionTimestamp) : undefined;
}

/** Sum of container restarts (init and regular): what backoffLimit counts under restartPolicy OnFailure. */
export function restarts(pod: Pod): number {
  const all = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  return all.reduce((n, c) => n + (c.restartCount ?? 0), 0);
}

/** The pod the Job creates (upstream's GetPodFromTemplate plus the Job's additions); the applier names it. */
export function podForJob(job: Job, index: number | undefined, failureCount = 0): Pod {
  const template = job.spec?.template ?? {};
  const meta = template.metadata ?? {};
  const name = String(job.metadata?.name);
  const pod: Pod = {
    metadata: {
      generateName: index === undefined ? `${name}-` : `${name}-${index}-`,
      namespace: job.metadata?.namespace,
      labels: { ...(meta.labels ?? {}) },
      annotations: { ...(meta.annotations ?? {}) },
      finalizers: [...(meta.finalizers ?? []), TRACKING_FINALIZER],
      ownerReferences: [newControllerRef(job, 'batch/v1', 'Job')],
    },
    spec: structuredClone(template.spec) ?? { containers: [] },
  };
  const annotations = pod.metadata!.annotations!;
  if (index !== undefined) {
    annotations[COMPLETION_INDEX] = String(index);
    pod.metadata!.labels![COMPLETION_INDEX] = String(index);
    if (job.spec?.backoffLimitPerIndex !== undefined) annotations[INDEX_FAILURE_COUNT] = String(failureCount);
    const spec = pod.spec!;
    spec.hostname ??= `${name}-${index}`;
    const env = { name: JOB_INDEX_ENV, valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: `metadata.annotations['${COMPLETION_INDEX}']` } } };
    for (const c of [...(spec.initContainers ?? []), ...spec.containers]) {
      if (!(c.env ?? []).some((e) => e.name === JOB_INDEX_ENV)) c.env = [...(c.env ?? []), env];
    }
  }
  if (Object.keys(annotations).length === 0) delete pod.metadata!.annotations;
  return pod;
}

/** Upstream's compressed index list: "0-2,5,7-9". */
export function formatIndexes(indexes: Iterable<number>): string {
  const sorted = [...new Set(indexes)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(j === i ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

/** Parses "0-2,5" (malformed parts are dropped; indexes at or above `limit` too, as upstream does). */
export function parseIndexes(text: string | undefined, limit = Number.MAX_SAFE_INTEGER): Set<number> {
  const out = new Set<number>();
  for (const part of (text ?? '').split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) continue;
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    for (let i = from; i <= to && i < limit; i++) out.add(i);
  }
  return out;
}

/** Seconds a replacement pod waits after `failures` failures: 10 s doubling, capped at 10 minutes. */
export function podFailureBackoffSeconds(failures: number): number {
  if (failures <= 0) return 0;
  return Math.min(600, 10 * 2 ** (failures - 1));
}
