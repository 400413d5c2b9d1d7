/** batch/v1 CronJob. */
import * as z from 'zod';
import { Int32, ObjectMeta, Time, gvk, typeMeta } from '../meta';
import { ObjectReference } from '../core/common';
import { JobTemplateSpec } from './job';

export const CronJobSpec = z
  .strictObject({
    schedule: z.string().describe('Cron schedule (five fields, or a macro such as @hourly).'),
    timeZone: z.string().optional().describe('IANA time zone of the schedule; the controller\'s (UTC) when unset.'),
    startingDeadlineSeconds: z.int().optional().describe('Seconds after a missed time that a run may still start.'),
    concurrencyPolicy: z.string().optional().describe('Allow (default), Forbid or Replace: what to do while a run is active.'),
    suspend: z.boolean().optional().describe('While true, no new runs start.'),
    jobTemplate: JobTemplateSpec.describe('The Job created at each scheduled time.'),
    successfulJobsHistoryLimit: Int32.optional().describe('Finished successful Jobs kept; defaults to 3.'),
    failedJobsHistoryLimit: Int32.optional().describe('Failed Jobs kept; defaults to 1.'),
  })
  .describe('Desired schedule and Job of a CronJob.');
export type CronJobSpec = z.infer<typeof CronJobSpec>;

export const CronJobStatus = z
  .strictObject({
    active: z.array(ObjectReference).optional().describe('Jobs of this CronJob running now.'),
    lastScheduleTime: Time.optional().describe('When a Job was last scheduled.'),
    lastSuccessfulTime: Time.optional().describe('When a Job last completed successfully.'),
  })
  .describe('Observed state of a CronJob.');
export type CronJobStatus = z.infer<typeof CronJobStatus>;

export const CronJob = z
  .strictObject({
    ...typeMeta,
    metadata: ObjectMeta.optional().describe('Standard object metadata.'),
    spec: CronJobSpec.optional().describe('Desired schedule and Job.'),
    status: CronJobStatus.optional().describe('Observed state. Read-only.'),
  })
  .meta({ description: 'Creates Jobs on a repeating schedule.', ...gvk('batch', 'v1', 'CronJob') });
export type CronJob = z.infer<typeof CronJob>;
