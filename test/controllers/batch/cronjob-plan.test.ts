import { CronJob, Job } from '../../../shared/api/types';
import { jobName, planCronJob, rfc1123z, SCHEDULED_TIMESTAMP } from '../../../shared/controllers/batch/cronjob-plan';
import { parseSchedule, validateSchedule, validateTimeZone } from '../../../shared/api/schedule';
import { cronJobStrategy } from '../../../shared/registry/kinds/batch';
import type { KubeObject } from '../../../shared/registry/resource';

const NOW = new Date('2026-03-01T10:00:30Z');
const at = (iso: string) => new Date(iso);

function cronJob(spec: Partial<NonNullable<CronJob['spec']>> = {}, status: CronJob['status'] = {}, created = '2026-03-01T09:50:10Z'): CronJob {
  const obj = {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'tick', namespace: 'default', uid: 'uid-cj', creationTimestamp: created },
    spec: { schedule: '*/1 * * * *', jobTemplate: { metadata: { labels: { app: 'tick' } }, spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'c', image: 'busybox' }] } } } }, ...spec },
    status,
  } as KubeObject;
  cronJobStrategy.defaults?.(obj);
  return CronJob.parse(obj);
}

function childJob(name: string, state: 'active' | 'Complete' | 'Failed', start: string): Job {
  const conditions = state === 'active' ? [] : [{ type: state, status: 'True', lastTransitionTime: start }];
  return Job.parse({
    metadata: { name, namespace: 'default', uid: `uid-${name}`, ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'tick', uid: 'uid-cj', controller: true }] },
    spec: { template: { spec: { containers: [{ name: 'c', image: 'busybox' }] } } },
    status: { startTime: start, conditions, completionTime: state === 'Complete' ? start : undefined },
  });
}

describe('planCronJob', () => {
  it('creates the Job of the most recent schedule time, named by its minute, and requeues at the next one', () => {
    const cj = cronJob({}, { lastScheduleTime: '2026-03-01T09:59:00Z' });
    const plan = planCronJob({ cj, jobs: [], now: NOW });
    expect(plan.create?.metadata).toMatchObject({
      name: `tick-${Math.floor(at('2026-03-01T10:00:00Z').getTime() / 60000)}`,
      labels: { app: 'tick' },
      annotations: { [SCHEDULED_TIMESTAMP]: '2026-03-01T10:00:00Z' },
      ownerReferences: [expect.objectContaining({ kind: 'CronJob', uid: 'uid-cj', controller: true })],
    });
    expect(plan.status.lastScheduleTime).toBe('2026-03-01T10:00:00Z');
    expect(plan.requeueAfterSeconds).toBe(30);
  });

  it('runs a schedule time once: its Job exists already', () => {
    const cj = cronJob({}, { lastScheduleTime: '2026-03-01T09:59:00Z' });
    const existing = childJob(jobName(cj, at('2026-03-01T10:00:00Z')), 'active', '2026-03-01T10:00:01Z');
    expect(planCronJob({ cj, jobs: [existing], now: NOW }).create).toBeUndefined();
  });

  it('does not start while suspended', () => {
    expect(planCronJob({ cj: cronJob({ suspend: true }), jobs: [], now: NOW }).create).toBeUndefined();
  });

  it('Forbid skips a run while one is active; Replace deletes the active one', () => {
    const running = childJob('tick-1', 'active', '2026-03-01T09:59:00Z');
    const forbid = planCronJob({ cj: cronJob({ concurrencyPolicy: 'Forbid' }, { lastScheduleTime: '2026-03-01T09:59:00Z' }), jobs: [running], now: NOW });
    expect(forbid.create).toBeUndefined();
    expect(forbid.events).toContainEqual({ type: 'Normal', reason: 'JobAlreadyActive', message: 'Not starting job because prior execution is running and concurrency policy is Forbid' });
    const replace = planCronJob({ cj: cronJob({ concurrencyPolicy: 'Replace' }, { lastScheduleTime: '2026-03-01T09:59:00Z' }), jobs: [running], now: NOW });
    expect(replace.create).toBeDefined();
    expect(replace.delete.map((j) => j.metadata?.name)).toEqual(['tick-1']);
  });

  it('skips a time older than startingDeadlineSeconds, and runs one within it', () => {
    const late = planCronJob({ cj: cronJob({ schedule: '0 * * * *', startingDeadlineSeconds: 10 }, {}, '2026-03-01T09:00:10Z'), jobs: [], now: NOW });
    expect(late.create).toBeUndefined();
    const inTime = planCronJob({ cj: cronJob({ schedule: '0 * * * *', startingDeadlineSeconds: 60 }, {}, '2026-03-01T09:00:10Z'), jobs: [], now: NOW });
    expect(inTime.create).toBeDefined();
  });

  it('formats times as Go\'s RFC1123Z', () => {
    expect(rfc1123z(at('2026-03-01T10:00:00Z'))).toBe('Sun, 01 Mar 2026 10:00:00 +0000');
  });

  it('keeps the history limits: the oldest finished Jobs go', () => {
    const jobs = [
      childJob('ok-1', 'Complete', '2026-03-01T09:55:00Z'),
      childJob('ok-2', 'Complete', '2026-03-01T09:56:00Z'),
      childJob('ok-3', 'Complete', '2026-03-01T09:57:00Z'),
      childJob('ok-4', 'Complete', '2026-03-01T09:58:00Z'),
      childJob('bad-1', 'Failed', '2026-03-01T09:53:00Z'),
      childJob('bad-2', 'Failed', '2026-03-01T09:54:00Z'),
    ];
    const plan = planCronJob({ cj: cronJob({}, { lastScheduleTime: '2026-03-01T10:00:00Z' }), jobs, now: NOW });
    expect(plan.delete.map((j) => j.metadata?.name).sort()).toEqual(['bad-1', 'ok-1']);
    expect(plan.status.lastSuccessfulTime).toBe('2026-03-01T09:58:00Z');
  });

  it('moves finished Jobs out of status.active with a SawCompletedJob event', () => {
    const done = childJob('tick-9', 'Complete', '2026-03-01T09:59:00Z');
    const cj = cronJob({}, { lastScheduleTime: '2026-03-01T10:00:00Z', active: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'tick-9', namespace: 'default', uid: 'uid-tick-9' }] });
    const plan = planCronJob({ cj, jobs: [done], now: NOW });
    expect(plan.status.active).toBeUndefined();
    expect(plan.events).toContainEqual({ type: 'Normal', reason: 'SawCompletedJob', message: 'Saw completed job: tick-9, condition: Complete' });
  });

  it('evaluates the schedule in its time zone', () => {
    const cj = cronJob({ schedule: '0 5 * * *', timeZone: 'America/New_York' }, {}, '2026-03-01T09:00:00Z');
    const plan = planCronJob({ cj, jobs: [], now: at('2026-03-01T10:00:30Z') });
    expect(plan.create?.metadata?.annotations?.[SCHEDULED_TIMESTAMP]).toBe('2026-03-01T10:00:00Z');
  });
});

describe('schedules', () => {
  it.each([
    ['*/1 * * * *', undefined],
    ['@hourly', undefined],
    ['@midnight', undefined],
    ['@every 90s', undefined],
    ['0 0 * * 1-5', undefined],
    ['* * * * * *', 'expected exactly 5 fields, found 6: [* * * * * *]'],
    ['TZ=UTC 0 * * * *', 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'],
    ['@fortnightly', 'unrecognized descriptor: @fortnightly'],
  ])('%s: %s', (schedule, problem) => {
    expect(validateSchedule(schedule)).toBe(problem);
  });

  it.each([
    ['61 * * * *', 'end of range (61) above maximum (59): 61'],
    ['0 0 * * 7', 'end of range (7) above maximum (6): 7'],
    ['0 0 0 * *', 'beginning of range (0) below minimum (1): 0'],
    ['5-1 * * * *', 'beginning of range (5) beyond end of range (1): 5-1'],
    ['*/0 * * * *', 'step of range should be a positive number: */0'],
    ['1-2-3 * * * *', 'too many hyphens: 1-2-3'],
    ['*/5/2 * * * *', 'too many slashes: */5/2'],
    ['0 0 L * *', 'failed to parse int from L: strconv.Atoi: parsing "L": invalid syntax'],
    ['0 0 * * MON#2', 'failed to parse int from MON#2: strconv.Atoi: parsing "MON#2": invalid syntax'],
  ])('refuses %s as upstream: %s', (schedule, problem) => {
    expect(validateSchedule(schedule)).toBe(problem);
  });

  it.each([
    // A step from a single value runs to the field's maximum.
    ['5/20 * * * *', undefined, '2026-03-01T10:00:30Z', '2026-03-01T10:05:00.000Z'],
    ['0 0 * * mon-fri', undefined, '2026-03-01T10:00:30Z', '2026-03-02T00:00:00.000Z'],
    ['0 0 1 feb,jun *', undefined, '2026-03-01T10:00:30Z', '2026-06-01T00:00:00.000Z'],
    // Day of month and day of week both restricted: either matches (Friday the 6th before the 13th).
    ['0 0 13 * 5', undefined, '2026-03-01T10:00:30Z', '2026-03-06T00:00:00.000Z'],
    // One of them a star: both must match.
    ['0 0 13 * *', undefined, '2026-03-01T10:00:30Z', '2026-03-13T00:00:00.000Z'],
    ['0 0 13 * ?', undefined, '2026-03-01T10:00:30Z', '2026-03-13T00:00:00.000Z'],
    ['@weekly', undefined, '2026-03-01T10:00:30Z', '2026-03-08T00:00:00.000Z'],
    ['@yearly', undefined, '2026-03-01T10:00:30Z', '2027-01-01T00:00:00.000Z'],
    ['0 9 * * *', 'Europe/Paris', '2026-03-01T10:00:30Z', '2026-03-02T08:00:00.000Z'],
    ['0 9 * * *', 'Europe/Paris', '2026-07-01T10:00:30Z', '2026-07-02T07:00:00.000Z'],
  ])('%s in %s after %s: %s', (schedule, tz, after, next) => {
    expect(parseSchedule(schedule, tz).next(at(after)).toISOString()).toBe(next);
  });

  it('is strictly after the given time', () => {
    expect(parseSchedule('*/5 * * * *').next(at('2026-03-01T10:05:00Z')).toISOString()).toBe('2026-03-01T10:10:00.000Z');
  });

  it.each([
    ['Europe/Paris', undefined],
    ['Mars/Olympus', 'unknown time zone Mars/Olympus'],
    ['Local', 'unknown time zone Local'],
  ])('time zone %s', (tz, problem) => {
    expect(validateTimeZone(tz)).toBe(problem);
  });

  it('steps @every from the previous time', () => {
    expect(parseSchedule('@every 90s').next(at('2026-01-01T00:00:00Z')).toISOString()).toBe('2026-01-01T00:01:30.000Z');
  });
});
