import { CronJob } from '../../../shared/api/types';
import { cronJobPrinter } from '../../../shared/apiserver/printers/batch';
import { HOUR, MINUTE, ago, row } from './fixtures';

const jobTemplate = { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'defrag', image: 'etcd:3.6' }] } } } };

describe('cronJobPrinter', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown> | undefined, Record<string, unknown>]>([
    ['prints an unsuspended CronJob as upstream: False, <none> zone and schedule', { schedule: '0 0 * * *', suspend: false, jobTemplate }, undefined, { Timezone: '<none>', Suspend: 'False', Active: 0, 'Last Schedule': '<none>' }],
    ['prints a suspended one as True with its zone', { schedule: '@hourly', timeZone: 'Europe/Paris', suspend: true, jobTemplate }, undefined, { Schedule: '@hourly', Timezone: 'Europe/Paris', Suspend: 'True' }],
    ['prints <unset> where nothing defaulted suspend', { schedule: '* * * * *', jobTemplate }, undefined, { Suspend: '<unset>' }],
    [
      'counts active Jobs and ages the last schedule',
      { schedule: '* * * * *', suspend: false, jobTemplate },
      { active: [{ kind: 'Job', name: 'a' }, { kind: 'Job', name: 'b' }], lastScheduleTime: ago(5 * MINUTE) },
      { Active: 2, 'Last Schedule': '5m', Containers: 'defrag', Images: 'etcd:3.6' },
    ],
  ])('%s', (_, spec, status, expected) => {
    const cronJob = CronJob.parse({ metadata: { name: 'etcd-defrag', creationTimestamp: ago(2 * HOUR) }, spec, status });

    expect(row(cronJobPrinter, cronJob)).toMatchObject({ Name: 'etcd-defrag', Age: '120m', ...expected });
  });
});
