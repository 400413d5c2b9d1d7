import type { JobCondition, JobStatus } from '../../api/types';

/** Upstream's Job condition reasons and messages (pkg/controller/job). */
export const REASONS = {
  completionsReached: { reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' },
  backoffLimit: { reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' },
  deadline: { reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' },
  maxFailedIndexes: { reason: 'MaxFailedIndexesExceeded', message: 'Job has exceeded the specified maximal number of failed indexes' },
  failedIndexes: { reason: 'FailedIndexes', message: 'Job has failed indexes' },
  suspended: { reason: 'JobSuspended', message: 'Job suspended' },
  resumed: { reason: 'JobResumed', message: 'Job resumed' },
} as const;

export interface Verdict {
  reason: string;
  message: string;
}

export const condition = (status: JobStatus, type: string): JobCondition | undefined => (status.conditions ?? []).find((c) => c.type === type);
export const isTrue = (status: JobStatus, type: string): boolean => condition(status, type)?.status === 'True';

/** Sets a condition (keeping its transition time when its status does not change). */
export function withCondition(status: JobStatus, type: string, value: 'True' | 'False', verdict: Verdict, now: string): JobStatus {
  const existing = condition(status, type);
  if (existing && existing.status === value && existing.reason === verdict.reason && existing.message === verdict.message) return status;
  const next: JobCondition = {
    type,
    status: value,
    lastProbeTime: now,
    lastTransitionTime: existing && existing.status === value ? existing.lastTransitionTime : now,
    reason: verdict.reason,
    message: verdict.message,
  };
  const conditions = [...(status.conditions ?? []).filter((c) => c.type !== type), next];
  return { ...status, conditions };
}

/** The Job is finished: Complete or Failed is True. */
export const isFinishedStatus = (status: JobStatus | undefined): boolean => !!status && (isTrue(status, 'Complete') || isTrue(status, 'Failed'));
