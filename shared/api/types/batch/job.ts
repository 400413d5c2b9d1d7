/** batch/v1 Job. */
import * as z from 'zod';
import { Int32, LabelSelector, ObjectMeta, Time, gvk, listMap, listSet, typeMeta } from '../meta';
import { PodTemplateSpec } from '../core/pod';

export const PodFailurePolicyOnExitCodesRequirement = z
  .strictObject({
    containerName: z.string().optional().describe('Restricts the check to the container of this name.'),
    operator: z.string().describe('In or NotIn: how the exit code is compared with values.'),
    values: listSet(Int32).describe('Exit codes to compare with; 0 is not allowed with In.'),
  })
  .describe('A rule matching the exit codes of failed containers.');

export const PodFailurePolicyOnPodConditionsPattern = z
  .strictObject({
    type: z.string().describe('The pod condition type to match, e.g. DisruptionTarget.'),
    status: z.string().optional().describe('The condition status to match (default True).'),
  })
  .describe('A rule matching a condition of the failed pod.');

export const PodFailurePolicyRule = z
  .strictObject({
    action: z.string().describe('FailJob, FailIndex, Ignore or Count: what a matching failure does.'),
    onExitCodes: PodFailurePolicyOnExitCodesRequirement.optional().describe('Match by container exit codes.'),
    onPodConditions: z.array(PodFailurePolicyOnPodConditionsPattern).optional().describe('Match by pod conditions.'),
  })
  .describe('One rule of a pod failure policy; the first matching rule applies.');
export type PodFailurePolicyRule = z.infer<typeof PodFailurePolicyRule>;

export const PodFailurePolicy = z
  .strictObject({ rules: z.array(PodFailurePolicyRule).describe('Rules, evaluated in order (at most 20).') })
  .describe('How failed pods count towards the backoff limit.');
export type PodFailurePolicy = z.infer<typeof PodFailurePolicy>;

export const SuccessPolicyRule = z
  .strictObject({
    succeededIndexes: z.string().optional().describe('Indexes that must succeed, e.g. "1,3-5".'),
    succeededCount: Int32.optional().describe('How many of those indexes must succeed.'),
  })
  .describe('One rule declaring an Indexed Job succeeded.');

export const SuccessPolicy = z
  .strictObject({ rules: z.array(SuccessPolicyRule).describe('Rules; the Job succeeds when any is met.') })
  .describe('When an Indexed Job is declared succeeded before all completions.');
export type SuccessPolicy = z.infer<typeof SuccessPolicy>;

export const JobSpec = z
  .strictObject({
    parallelism: Int32.optional().describe('Most pods running at once; defaults to 1.'),
    completions: Int32.optional().describe('Successful pods needed; unset means any one success completes the Job.'),
    activeDeadlineSeconds: z.int().optional().describe('Seconds the Job may be active before it is failed.'),
    podFailurePolicy: PodFailurePolicy.optional().describe('How pod failures count.'),
    successPolicy: SuccessPolicy.optional().describe('When an Indexed Job succeeds early.'),
    backoffLimit: Int32.optional().describe('Retries before the Job is failed; defaults to 6.'),
    backoffLimitPerIndex: Int32.optional().describe('Retries per index of an Indexed Job.'),
    maxFailedIndexes: Int32.optional().describe('Failed indexes before the Job fails (with backoffLimitPerIndex).'),
    selector: LabelSelector.optional().describe('Pods of the Job; generated unless manualSelector is true.'),
    manualSelector: z.boolean().optional().describe('Use the given selector instead of a generated one.'),
    template: PodTemplateSpec.describe('Template of the pods the Job runs.'),
    ttlSecondsAfterFinished: Int32.optional().describe('Seconds after finishing that the Job is deleted.'),
    completionMode: z.string().optional().describe('NonIndexed (default) or Indexed.'),
    suspend: z.boolean().optional().describe('While true, no pods are created and active ones are stopped.'),
    podReplacementPolicy: z.string().optional().describe('TerminatingOrFailed or Failed: when replacement pods are made.'),
    managedBy: z.string().optional().describe('The controller that manages the Job (kubernetes.io/job-controller by default).'),
  })
  .describe('Desired behaviour of a Job.');
export type JobSpec = z.infer<typeof JobSpec>;

export const JobCondition = z
  .strictObject({
    type: z.string().describe('Complete, Failed, Suspended, FailureTarget or SuccessCriteriaMet.'),
    status: z.string().describe('True, False or Unknown.'),
    lastProbeTime: Time.optional().describe('When the condition was last checked.'),
    lastTransitionTime: Time.optional().describe('When the status last changed.'),
    reason: z.string().optional().describe('CamelCase reason for the last transition.'),
    message: z.string().optional().describe('Human-readable detail.'),
  })
  .describe('One aspect of a Job\'s state.');
export type JobCondition = z.infer<typeof JobCondition>;

export const UncountedTerminatedPods = z
  .strictObject({
    succeeded: listSet(z.string()).optional().describe('UIDs of succeeded pods not yet counted.'),
    failed: listSet(z.string()).optional().describe('UIDs of failed pods not yet counted.'),
  })
  .describe('Finished pods whose tracking finalizer is being removed.');

export const JobStatus = z
  .strictObject({
    conditions: listMap(JobCondition, ['type']).optional().describe('Current conditions.'),
    startTime: Time.optional().describe('When the controller started the Job.'),
    completionTime: Time.optional().describe('When the Job completed.'),
    active: Int32.optional().describe('Pods pending or running.'),
    succeeded: Int32.optional().describe('Pods that succeeded.'),
    failed: Int32.optional().describe('Pods that failed.'),
    terminating: Int32.optional().describe('Pods terminating.'),
    completedIndexes: z.string().optional().describe('Completed indexes of an Indexed Job, e.g. "0-2,5".'),
    failedIndexes: z.string().optional().describe('Failed indexes (with backoffLimitPerIndex).'),
    uncountedTerminatedPods: UncountedTerminatedPods.optional().describe('Finished pods not yet counted.'),
    ready: Int32.optional().describe('Active pods with a Ready condition.'),
  })
  .describe('Observed state of a Job.');
export type JobStatus = z.infer<typeof JobStatus>;

export const Job = z
  .strictObject({
    ...typeMeta,
    metadata: ObjectMeta.optional().describe('Standard object metadata.'),
    spec: JobSpec.optional().describe('Desired behaviour.'),
    status: JobStatus.optional().describe('Observed state. Read-only.'),
  })
  .meta({ description: 'Runs pods until a number of them complete successfully.', ...gvk('batch', 'v1', 'Job') });
export type Job = z.infer<typeof Job>;

export const JobTemplateSpec = z
  .strictObject({
    metadata: ObjectMeta.optional().describe('Metadata of the Jobs created from this template.'),
    spec: JobSpec.optional().describe('Spec of the Jobs created from this template.'),
  })
  .describe('The Job a CronJob creates at each scheduled time.');
export type JobTemplateSpec = z.infer<typeof JobTemplateSpec>;
