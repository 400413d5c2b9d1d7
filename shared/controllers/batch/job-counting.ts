import type { Job, JobStatus, Pod } from '../../api/types';
import { matchFailurePolicy, type FailureMatch } from './failure-policy';
import { formatIndexes, hasTracking, indexFailureCount, indexOf, isFailed, isSucceeded, parseIndexes } from './job-pods';

/**
 * Upstream's finalizer-based tracking of finished pods (job_controller.go, trackJobStatusAndRemoveFinalizers):
 * a finished pod still carrying the tracking finalizer is first recorded by uid in
 * status.uncountedTerminatedPods, then loses its finalizer, then is moved into the counts. Each step
 * is a write that a crash may interrupt; re-running from any point counts every pod exactly once.
 */
export interface Counting {
  /** The status with the newly finished pods recorded as uncounted (written before the finalizers go). */
  interim: JobStatus;
  /** Pods whose tracking finalizer to remove: recorded as uncounted, or ignored failures. */
  removeFinalizers: Pod[];
  /** The status once those finalizers are gone: uncounted moved into the counts. */
  counted: JobStatus;
  /** Failures new in this pass that are counted, with what the failure policy said of each. */
  newFailures: { pod: Pod; match: FailureMatch }[];
  /** Indexes that failed for good (backoffLimitPerIndex exhausted, or a FailIndex rule). */
  failedIndexes: Set<number>;
  completedIndexes: Set<number>;
}

export function countFinished(job: Job, owned: Pod[]): Counting {
  const status = job.status ?? {};
  const onlyFailedPhase = job.spec?.podReplacementPolicy === 'Failed';
  const indexed = job.spec?.completionMode === 'Indexed';
  const completions = job.spec?.completions ?? 0;
  const uncountedOk = new Set(status.uncountedTerminatedPods?.succeeded ?? []);
  const uncountedFailed = new Set(status.uncountedTerminatedPods?.failed ?? []);
  const completedIndexes = parseIndexes(status.completedIndexes, indexed ? completions : 0);
  const failedIndexes = parseIndexes(status.failedIndexes, indexed ? completions : 0);
  const removeFinalizers: Pod[] = [];
  const newFailures: Counting['newFailures'] = [];
  const perIndexLimit = job.spec?.backoffLimitPerIndex;
  for (const pod of owned) {
    if (!hasTracking(pod)) continue;
    const uid = String(pod.metadata?.uid);
    const index = indexOf(pod);
    if (isSucceeded(pod)) {
      if (indexed && (index === undefined || index >= completions)) {
        removeFinalizers.push(pod);
        continue;
      }
      uncountedOk.add(uid);
      if (index !== undefined) completedIndexes.add(index);
      removeFinalizers.push(pod);
    } else if (pod.status?.phase === 'Failed' || (!onlyFailedPhase && isFailed(pod))) {
      removeFinalizers.push(pod);
      if (uncountedFailed.has(uid)) continue;
      const match = matchFailurePolicy(job, pod);
      if (match.action === 'Ignore') continue;
      uncountedFailed.add(uid);
      newFailures.push({ pod, match });
      if (index !== undefined && perIndexLimit !== undefined && (match.action === 'FailIndex' || indexFailureCount(pod) >= perIndexLimit)) failedIndexes.add(index);
    }
  }
  const interim: JobStatus = { ...status, uncountedTerminatedPods: compactUncounted(uncountedOk, uncountedFailed) };
  const counted: JobStatus = { ...status, uncountedTerminatedPods: {} };
  const succeeded = (status.succeeded ?? 0) + uncountedOk.size;
  const failed = (status.failed ?? 0) + uncountedFailed.size;
  if (indexed) counted.succeeded = completedIndexes.size;
  else if (succeeded) counted.succeeded = succeeded;
  if (failed) counted.failed = failed;
  if (indexed) {
    counted.completedIndexes = formatIndexes(completedIndexes);
    if (perIndexLimit !== undefined) counted.failedIndexes = formatIndexes(failedIndexes);
  }
  return { interim, removeFinalizers, counted, newFailures, failedIndexes, completedIndexes };
}

function compactUncounted(ok: Set<string>, failed: Set<string>): NonNullable<JobStatus['uncountedTerminatedPods']> {
  const out: NonNullable<JobStatus['uncountedTerminatedPods']> = {};
  if (ok.size) out.succeeded = [...ok].sort();
  if (failed.size) out.failed = [...failed].sort();
  return out;
}
