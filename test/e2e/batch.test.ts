import { eventually, startCluster, TestCluster } from '../support/cluster';

interface JobView {
  spec: { completions?: number; parallelism?: number; selector?: { matchLabels?: Record<string, string> } };
  status: { succeeded?: number; failed?: number; completedIndexes?: string; conditions?: { type: string; status: string; reason?: string; message?: string }[] };
}

/** Jobs and CronJobs with the real kubectl against simulated nodes (issue #15's batch acceptance). */
describe('batch workloads', () => {
  let c: TestCluster;

  beforeAll(async () => {
    c = await startCluster({ nodes: 3 });
  }, 60_000);
  afterAll(async () => {
    await c?.stop();
  });

  const getJob = async (name: string): Promise<JobView> => JSON.parse((await c.kubectl(['get', 'job', name, '-o', 'json'])).stdout) as JobView;
  const conditionOf = (job: JobView, type: string) => job.status.conditions?.find((x) => x.type === type && x.status === 'True');

  it('runs kubectl create job pi to completion, and kubectl wait and logs-free status read as upstream', async () => {
    await c.kubectl(['create', 'job', 'pi', '--image=perl', '--', 'perl', '-e', 'print 1']);
    await c.kubectl(['wait', '--for=condition=complete', 'job/pi', '--timeout=60s']);
    const job = await getJob('pi');
    expect(job.status.succeeded).toBe(1);
    expect(conditionOf(job, 'Complete')?.reason).toBe('CompletionsReached');
    expect(job.spec.selector?.matchLabels?.['batch.kubernetes.io/controller-uid']).toBeDefined();
    const row = (await c.kubectl(['get', 'job', 'pi', '--no-headers'])).stdout.trim().split(/\s+/);
    expect(row.slice(0, 3)).toEqual(['pi', 'Complete', '1/1']);
    const pods = JSON.parse((await c.kubectl(['get', 'pods', '-l', 'job-name=pi', '-o', 'json'])).stdout).items as { metadata: { finalizers?: string[] }; status: { phase: string } }[];
    expect(pods).toHaveLength(1);
    expect(pods[0].status.phase).toBe('Succeeded');
    expect(pods[0].metadata.finalizers ?? []).not.toContain('batch.kubernetes.io/job-tracking');
    const events = (await c.kubectl(['get', 'events', '--field-selector', 'involvedObject.name=pi', '-o', 'custom-columns=R:.reason', '--no-headers'])).stdout;
    expect(events).toContain('SuccessfulCreate');
    expect(events).toContain('Completed');
  }, 90_000);

  it('stops a failing Job at its backoffLimit with BackoffLimitExceeded', async () => {
    await c.kubectl(['apply', '-f', '-'], {
      input: JSON.stringify({
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'fails' },
        spec: { backoffLimit: 1, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox', command: ['sh', '-c', 'exit 1'] }] } } },
      }),
    });
    await c.kubectl(['wait', '--for=condition=failed', 'job/fails', '--timeout=80s']);
    const job = await getJob('fails');
    expect(job.status.failed).toBe(2);
    expect(conditionOf(job, 'Failed')).toMatchObject({ reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' });
    const row = (await c.kubectl(['get', 'job', 'fails', '--no-headers'])).stdout.trim().split(/\s+/);
    expect(row.slice(0, 3)).toEqual(['fails', 'Failed', '0/1']);
  }, 120_000);

  it('completes an Indexed Job of 5 with parallelism 2, indexes 0-4', async () => {
    await c.kubectl(['apply', '-f', '-'], {
      input: JSON.stringify({
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'indexed' },
        spec: { completions: 5, parallelism: 2, completionMode: 'Indexed', template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox', command: ['sh', '-c', 'echo $JOB_COMPLETION_INDEX'] }] } } },
      }),
    });
    await c.kubectl(['wait', '--for=condition=complete', 'job/indexed', '--timeout=60s']);
    const job = await getJob('indexed');
    expect(job.status).toMatchObject({ succeeded: 5, completedIndexes: '0-4' });
    const indexes = (await c.kubectl(['get', 'pods', '-l', 'job-name=indexed', '-o', "jsonpath={.items[*].metadata.annotations['batch\\.kubernetes\\.io/job-completion-index']}"])).stdout.split(/\s+/).sort();
    expect(indexes).toEqual(['0', '1', '2', '3', '4']);
  }, 90_000);

  it('refuses invalid Jobs and CronJobs with upstream messages and stores nothing', async () => {
    const bad = await c.kubectl(['apply', '-f', '-'], {
      allowFail: true,
      input: JSON.stringify({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'always' }, spec: { template: { spec: { containers: [{ name: 'c', image: 'busybox' }] } } } }),
    });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"');
    const cron = await c.kubectl(['create', 'cronjob', 'bad', '--image=busybox', '--schedule=61 * * * *'], { allowFail: true });
    expect(cron.code).not.toBe(0);
    expect(cron.stderr).toContain('spec.schedule: Invalid value: "61 * * * *"');
    const immutable = await c.kubectl(['patch', 'job', 'pi', '--type=merge', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"pi","image":"perl:5"}]}}}}'], { allowFail: true });
    expect(immutable.stderr).toContain('spec.template: Invalid value');
    expect(immutable.stderr).toContain('field is immutable');
    expect((await c.kubectl(['get', 'job', 'always'], { allowFail: true })).code).not.toBe(0);
  }, 60_000);

  it('runs a CronJob every minute, keeps its history limit, and kubectl create job --from=cronjob works', async () => {
    await c.kubectl(['create', 'cronjob', 'tick', '--image=busybox', '--schedule=*/1 * * * *', '--', 'sh', '-c', 'echo tick']);
    await c.kubectl(['patch', 'cronjob', 'tick', '--type=merge', '-p', '{"spec":{"successfulJobsHistoryLimit":1}}']);
    const row = (await c.kubectl(['get', 'cronjob', 'tick', '--no-headers'])).stdout.trim().split(/\s+/);
    expect(row.slice(0, 6)).toEqual(['tick', '*/1', '*', '*', '*', '*']);
    await c.kubectl(['create', 'job', 'tick-manual', '--from=cronjob/tick']);
    await c.kubectl(['wait', '--for=condition=complete', 'job/tick-manual', '--timeout=60s']);
    const manual = JSON.parse((await c.kubectl(['get', 'job', 'tick-manual', '-o', 'json'])).stdout) as { metadata: { annotations?: Record<string, string>; ownerReferences?: { kind: string; name: string }[] } };
    expect(manual.metadata.annotations?.['cronjob.kubernetes.io/instantiate']).toBe('manual');
    expect(manual.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'CronJob', name: 'tick' });
    // The first scheduled run comes within a minute and its Job completes.
    const scheduled = await eventually(async () => {
      const jobs = JSON.parse((await c.kubectl(['get', 'jobs', '-o', 'json'])).stdout).items as { metadata: { name: string; annotations?: Record<string, string> }; status?: { succeeded?: number } }[];
      return jobs.find((j) => j.metadata.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp'] && j.status?.succeeded === 1);
    }, 100_000);
    expect(scheduled.metadata.name).toMatch(/^tick-\d+$/);
    const cj = JSON.parse((await c.kubectl(['get', 'cronjob', 'tick', '-o', 'json'])).stdout) as { status?: { lastScheduleTime?: string } };
    expect(cj.status?.lastScheduleTime).toBe(scheduled.metadata.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp']);
    // successfulJobsHistoryLimit 1: of the manual run and the scheduled one, the older goes.
    await eventually(async () => ((await c.kubectl(['get', 'job', 'tick-manual'], { allowFail: true })).code !== 0 ? true : undefined), 30_000);
    const events = (await c.kubectl(['get', 'events', '--field-selector', 'involvedObject.kind=CronJob,involvedObject.name=tick', '-o', 'custom-columns=R:.reason', '--no-headers'])).stdout;
    expect(events).toContain('SuccessfulCreate');
    expect(events).toContain('SuccessfulDelete');
  }, 150_000);
});
