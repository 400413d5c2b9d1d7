/** Jobs and CronJobs (upstream's printJob and printCronJob). */
import type { CronJob, Job } from '../../api/types';
import { age, humanDuration } from './age';
import { ageColumn, col, nameColumn, Printer, view } from './columns';
import { WORKLOADS } from './docs';
import { formatLabelSelector, layoutContainerCells } from './format';

const has = (job: Job, type: string) => (job.status?.conditions ?? []).some((c) => c.type === type && c.status === 'True');

/** The STATUS column: terminal conditions first, then deletion, then the interim conditions. */
export function jobStatusText(job: Job): string {
  if (has(job, 'Complete')) return 'Complete';
  if (has(job, 'Failed')) return 'Failed';
  if (job.metadata?.deletionTimestamp) return 'Terminating';
  if (has(job, 'SuccessCriteriaMet')) return 'SuccessCriteriaMet';
  if (has(job, 'FailureTarget')) return 'FailureTarget';
  if (has(job, 'Suspended')) return 'Suspended';
  return 'Running';
}

function completions(job: Job): string {
  const succeeded = job.status?.succeeded ?? 0;
  if (job.spec?.completions !== undefined) return `${succeeded}/${job.spec.completions}`;
  const parallelism = job.spec?.parallelism ?? 0;
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

function duration(job: Job, now: number): string {
  const start = job.status?.startTime;
  if (!start) return '';
  const end = job.status?.completionTime ? Date.parse(job.status.completionTime) : now;
  return humanDuration(end - Date.parse(start));
}

export const jobPrinter: Printer = {
  columns: [
    nameColumn,
    col('Status', 'string', 'Status of the job.'),
    col('Completions', 'string', 'The number of pods which reached phase Succeeded, out of the completions wanted.'),
    col('Duration', 'string', 'Time required to complete the job.'),
    ageColumn,
    col('Containers', 'string', WORKLOADS.containers, 1),
    col('Images', 'string', WORKLOADS.images, 1),
    col('Selector', 'string', 'A label query over pods that should match the pod count.', 1),
  ],
  cells(obj, now) {
    const job = view<Job>(obj);
    const [containers, images] = layoutContainerCells(job.spec?.template?.spec?.containers);
    return [job.metadata?.name ?? '', jobStatusText(job), completions(job), duration(job, now), age(job.metadata?.creationTimestamp, now), containers, images, formatLabelSelector(job.spec?.selector)];
  },
};

/** Upstream's printBoolPtr: a set bool as `True`/`False` (a string, though the column says boolean), else `<unset>`. */
const boolPtr = (value: boolean | undefined): string => (value === undefined ? '<unset>' : value ? 'True' : 'False');

export const cronJobPrinter: Printer = {
  columns: [
    nameColumn,
    col('Schedule', 'string', 'The schedule in Cron format.'),
    col('Timezone', 'string', 'The time zone name for the given schedule.'),
    col('Suspend', 'boolean', 'Whether the controller suspends subsequent executions.'),
    col('Active', 'integer', 'A list of pointers to currently running jobs.'),
    col('Last Schedule', 'string', 'Information about when was the last time the job was successfully scheduled.'),
    ageColumn,
    col('Containers', 'string', WORKLOADS.containers, 1),
    col('Images', 'string', WORKLOADS.images, 1),
    col('Selector', 'string', 'A label query over pods that should match the pod count.', 1),
  ],
  cells(obj, now) {
    const cj = view<CronJob>(obj);
    const jobSpec = cj.spec?.jobTemplate?.spec;
    const [containers, images] = layoutContainerCells(jobSpec?.template?.spec?.containers);
    const last = cj.status?.lastScheduleTime;
    return [
      cj.metadata?.name ?? '',
      cj.spec?.schedule ?? '',
      cj.spec?.timeZone ?? '<none>',
      boolPtr(cj.spec?.suspend),
      (cj.status?.active ?? []).length,
      last ? age(last, now) : '<none>',
      age(cj.metadata?.creationTimestamp, now),
      containers,
      images,
      formatLabelSelector(jobSpec?.selector),
    ];
  },
};
