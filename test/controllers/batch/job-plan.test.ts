import { Job, Pod } from '../../../shared/api/types';
import { planJob } from '../../../shared/controllers/batch/job-plan';
import { COMPLETION_INDEX, formatIndexes, parseIndexes, podFailureBackoffSeconds, TRACKING_FINALIZER } from '../../../shared/controllers/batch/job-pods';
import { jobStrategy } from '../../../shared/registry/kinds/batch';
import type { KubeObject } from '../../../shared/registry/resource';
import { ago, NOW } from '../support';

type JobSpecInput = Partial<NonNullable<Job['spec']>>;

/** A Job as the API server stores it: selector and labels generated, defaults applied. */
function job(spec: JobSpecInput = {}, status: Job['status'] = {}, meta: Partial<NonNullable<Job['metadata']>> = {}): Job {
  const obj = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'pi', namespace: 'default', uid: 'uid-job', resourceVersion: '7', creationTimestamp: ago(600), ...meta },
    spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'pi', image: 'perl' }] } }, ...spec },
    status,
  } as KubeObject;
  jobStrategy.prepareForCreate?.(obj);
  jobStrategy.defaults?.(obj);
  return Job.parse(obj);
}

interface PodOpts {
  phase?: string;
  index?: number;
  tracking?: boolean;
  exitCode?: number;
  finished?: string;
  deleting?: boolean;
  restarts?: number;
  ready?: boolean;
}

function jobPod(j: Job, name: string, o: PodOpts = {}): Pod {
  const phase = o.phase ?? 'Running';
  const terminated = phase === 'Succeeded' || phase === 'Failed' ? { exitCode: o.exitCode ?? (phase === 'Succeeded' ? 0 : 1), finishedAt: o.finished ?? ago(5) } : undefined;
  return Pod.parse({
    metadata: {
      name,
      namespace: 'default',
      uid: `uid-${name}`,
      labels: { ...(j.spec?.template.metadata?.labels ?? {}), ...(o.index === undefined ? {} : { [COMPLETION_INDEX]: String(o.index) }) },
      annotations: o.index === undefined ? undefined : { [COMPLETION_INDEX]: String(o.index) },
      finalizers: o.tracking === false ? undefined : [TRACKING_FINALIZER],
      deletionTimestamp: o.deleting ? ago(1) : undefined,
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'pi', uid: 'uid-job', controller: true, blockOwnerDeletion: true }],
    },
    spec: { containers: [{ name: 'pi', image: 'perl' }] },
    status: {
      phase,
      conditions: [{ type: 'Ready', status: o.ready ? 'True' : 'False' }],
      containerStatuses: [{ name: 'pi', ready: !!o.ready, restartCount: o.restarts ?? 0, image: 'perl', imageID: '', state: terminated ? { terminated } : { running: {} } }],
    },
  });
}

const types = (j: { conditions?: { type: string; status: string }[] } | undefined) => (j?.conditions ?? []).filter((c) => c.status === 'True').map((c) => c.type);

describe('planJob', () => {
  it('starts parallelism pods from the template, with the tracking finalizer and the generated labels', () => {
    const j = job({ completions: 5, parallelism: 2 });
    const plan = planJob({ job: j, pods: [], now: NOW });
    expect(plan.create).toHaveLength(2);
    const pod = plan.template(undefined, 0);
    expect(pod.metadata).toMatchObject({
      generateName: 'pi-',
      finalizers: [TRACKING_FINALIZER],
      labels: { 'batch.kubernetes.io/controller-uid': 'uid-job', 'batch.kubernetes.io/job-name': 'pi', 'job-name': 'pi', 'controller-uid': 'uid-job' },
      ownerReferences: [expect.objectContaining({ kind: 'Job', uid: 'uid-job', controller: true })],
    });
    expect(plan.status).toMatchObject({ startTime: expect.any(String), active: 2, ready: 0, terminating: 0, uncountedTerminatedPods: {} });
  });

  it('records a finished pod as uncounted, drops its finalizer, then counts it', () => {
    const j = job({ completions: 2 }, { startTime: ago(60), active: 1, uncountedTerminatedPods: {} });
    const done = jobPod(j, 'pi-a', { phase: 'Succeeded' });
    const plan = planJob({ job: j, pods: [done], now: NOW });
    expect(plan.interim?.uncountedTerminatedPods).toEqual({ succeeded: ['uid-pi-a'] });
    expect(plan.removeFinalizers.map((p) => p.metadata?.name)).toEqual(['pi-a']);
    expect(plan.status).toMatchObject({ succeeded: 1, uncountedTerminatedPods: {} });
    expect(plan.create).toHaveLength(1);
  });

  it('counts a pod once: one already counted (no finalizer) is not counted again', () => {
    const j = job({ completions: 2 }, { startTime: ago(60), succeeded: 1, uncountedTerminatedPods: {} });
    const plan = planJob({ job: j, pods: [jobPod(j, 'pi-a', { phase: 'Succeeded', tracking: false })], now: NOW });
    expect(plan.interim).toBeUndefined();
    expect(plan.status?.succeeded ?? j.status?.succeeded).toBe(1);
  });

  it('finishes counting after a crash between the finalizer removal and the counted status', () => {
    const j = job({ completions: 1 }, { startTime: ago(60), uncountedTerminatedPods: { succeeded: ['uid-pi-a'] } });
    const plan = planJob({ job: j, pods: [jobPod(j, 'pi-a', { phase: 'Succeeded', tracking: false })], now: NOW });
    expect(plan.status?.succeeded).toBe(1);
    expect(types(plan.status)).toEqual(['SuccessCriteriaMet', 'Complete']);
    expect(plan.status?.completionTime).toBeDefined();
    expect(plan.events).toEqual([{ type: 'Normal', reason: 'Completed', message: 'Job completed' }]);
  });

  it('marks success first and completes only when no pod is left running', () => {
    const j = job({ completions: 1, parallelism: 2 }, { startTime: ago(60), uncountedTerminatedPods: {} });
    const plan = planJob({ job: j, pods: [jobPod(j, 'pi-a', { phase: 'Succeeded' }), jobPod(j, 'pi-b')], now: NOW });
    expect(types(plan.status)).toEqual(['SuccessCriteriaMet']);
    expect(plan.delete.map((p) => p.metadata?.name)).toEqual(['pi-b']);
  });

  it('fails with BackoffLimitExceeded once failures pass the backoff limit', () => {
    const j = job({ backoffLimit: 1 }, { startTime: ago(60), failed: 1, uncountedTerminatedPods: {} });
    const plan = planJob({ job: j, pods: [jobPod(j, 'pi-a', { phase: 'Failed', tracking: false }), jobPod(j, 'pi-b', { phase: 'Failed' })], now: NOW });
    expect(plan.status?.failed).toBe(2);
    expect(types(plan.status)).toEqual(['FailureTarget', 'Failed']);
    expect(plan.status?.conditions?.find((c) => c.type === 'Failed')).toMatchObject({ reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' });
    expect(plan.events).toEqual([{ type: 'Warning', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' }]);
    expect(plan.create).toEqual([]);
  });

  it('waits out the pod failure backoff before replacing a failed pod', () => {
    const j = job({ backoffLimit: 6 }, { startTime: ago(60), failed: 1, uncountedTerminatedPods: {} });
    const plan = planJob({ job: j, pods: [jobPod(j, 'pi-a', { phase: 'Failed', tracking: false, finished: ago(4) })], now: NOW });
    expect(plan.create).toEqual([]);
    expect(plan.requeueAfterSeconds).toBe(6);
    const later = planJob({ job: j, pods: [jobPod(j, 'pi-a', { phase: 'Failed', tracking: false, finished: ago(11) })], now: NOW });
    expect(later.create).toHaveLength(1);
  });

  it('fails with DeadlineExceeded after activeDeadlineSeconds and stops its pods', () => {
    const j = job({ activeDeadlineSeconds: 30 }, { startTime: ago(31), active: 1, uncountedTerminatedPods: {} });
    const plan = planJob({ job: j, pods: [jobPod(j, 'pi-a')], now: NOW });
    expect(plan.status?.conditions?.find((c) => c.type === 'FailureTarget')).toMatchObject({ reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' });
    expect(plan.delete.map((p) => p.metadata?.name)).toEqual(['pi-a']);
    const soon = planJob({ job: job({ activeDeadlineSeconds: 30 }, { startTime: ago(10) }), pods: [jobPod(j, 'pi-a')], now: NOW });
    expect(soon.requeueAfterSeconds).toBe(20);
  });

  it('applies a FailJob rule of the pod failure policy with upstream message', () => {
    const j = job({ podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [42] } }] }, podReplacementPolicy: 'Failed' }, { startTime: ago(60), uncountedTerminatedPods: {} });
    const plan = planJob({ job: j, pods: [jobPod(j, 'pi-a', { phase: 'Failed', exitCode: 42 })], now: NOW });
    expect(plan.status?.conditions?.find((c) => c.type === 'Failed')).toMatchObject({
      reason: 'PodFailurePolicy',
      message: 'Container pi for pod default/pi-a failed with exit code 42 matching FailJob rule at index 0',
    });
  });

  it('does not count failures an Ignore rule matches', () => {
    const j = job({ backoffLimit: 0, podFailurePolicy: { rules: [{ action: 'Ignore', onExitCodes: { operator: 'In', values: [3] } }] }, podReplacementPolicy: 'Failed' }, { startTime: ago(60), uncountedTerminatedPods: {} });
    const plan = planJob({ job: j, pods: [jobPod(j, 'pi-a', { phase: 'Failed', exitCode: 3 })], now: NOW });
    expect(plan.status?.failed).toBeUndefined();
    expect(types(plan.status)).toEqual([]);
    expect(plan.removeFinalizers).toHaveLength(1);
    expect(plan.create).toHaveLength(1);
  });

  describe('Indexed', () => {
    it('creates the lowest pending indexes up to parallelism, with index annotation, label, hostname and env', () => {
      const j = job({ completionMode: 'Indexed', completions: 5, parallelism: 2 }, { startTime: ago(60), completedIndexes: '0', succeeded: 1, uncountedTerminatedPods: {} });
      const plan = planJob({ job: j, pods: [jobPod(j, 'pi-0-x', { phase: 'Succeeded', index: 0, tracking: false }), jobPod(j, 'pi-2-y', { index: 2 })], now: NOW });
      expect(plan.create).toEqual([{ index: 1, failures: 0 }]);
      const pod = plan.template(1, 0);
      expect(pod.metadata).toMatchObject({ generateName: 'pi-1-', annotations: { [COMPLETION_INDEX]: '1' }, labels: { [COMPLETION_INDEX]: '1' } });
      expect(pod.spec?.hostname).toBe('pi-1');
      expect(pod.spec?.containers[0].env).toContainEqual({ name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: `metadata.annotations['${COMPLETION_INDEX}']` } } });
    });

    it('completes when every index succeeded, with completedIndexes compressed', () => {
      const j = job({ completionMode: 'Indexed', completions: 3, parallelism: 3 }, { startTime: ago(60), uncountedTerminatedPods: {} });
      const pods = [0, 1, 2].map((i) => jobPod(j, `pi-${i}`, { phase: 'Succeeded', index: i }));
      const plan = planJob({ job: j, pods, now: NOW });
      expect(plan.status).toMatchObject({ succeeded: 3, completedIndexes: '0-2' });
      expect(types(plan.status)).toEqual(['SuccessCriteriaMet', 'Complete']);
    });

    it('succeeds early by the success policy', () => {
      const j = job({ completionMode: 'Indexed', completions: 5, parallelism: 5, successPolicy: { rules: [{ succeededIndexes: '0', succeededCount: 1 }] } }, { startTime: ago(60), uncountedTerminatedPods: {} });
      const plan = planJob({ job: j, pods: [jobPod(j, 'pi-0', { phase: 'Succeeded', index: 0 }), jobPod(j, 'pi-1', { index: 1 })], now: NOW });
      expect(plan.status?.conditions?.find((c) => c.type === 'SuccessCriteriaMet')).toMatchObject({ reason: 'SuccessPolicy', message: 'Matched rules at index 0' });
      expect(plan.delete.map((p) => p.metadata?.name)).toEqual(['pi-1']);
    });
  });

  it('suspends: stops active pods, sets Suspended and clears the start time; resuming reverses it', () => {
    const j = job({ suspend: true }, { startTime: ago(60), active: 1, uncountedTerminatedPods: {} });
    const plan = planJob({ job: j, pods: [jobPod(j, 'pi-a')], now: NOW });
    expect(plan.delete).toHaveLength(1);
    expect(plan.status?.conditions).toEqual([expect.objectContaining({ type: 'Suspended', status: 'True', reason: 'JobSuspended', message: 'Job suspended' })]);
    expect(plan.status?.startTime).toBeUndefined();
    const resumed = planJob({ job: job({ suspend: false }, plan.status), pods: [], now: NOW });
    expect(resumed.status?.conditions).toEqual([expect.objectContaining({ type: 'Suspended', status: 'False', reason: 'JobResumed', message: 'Job resumed' })]);
    expect(resumed.create).toHaveLength(1);
    expect(resumed.events).toEqual([{ type: 'Normal', reason: 'Resumed', message: 'Job resumed' }]);
  });

  it('lets go of every pod when the Job is being deleted', () => {
    const j = job({}, {}, { deletionTimestamp: ago(1) });
    const plan = planJob({ job: j, pods: [jobPod(j, 'pi-a'), jobPod(j, 'pi-b', { phase: 'Succeeded' })], now: NOW });
    expect(plan.removeFinalizers).toHaveLength(2);
    expect(plan.create).toEqual([]);
    expect(plan.status).toBeUndefined();
  });

  it('work queue mode (no completions): complete once one pod succeeded and none run', () => {
    const j = job({ parallelism: 2, completions: undefined }, { startTime: ago(60), uncountedTerminatedPods: {} });
    expect(j.spec?.completions).toBeUndefined();
    const plan = planJob({ job: j, pods: [jobPod(j, 'a', { phase: 'Succeeded' }), jobPod(j, 'b', { phase: 'Succeeded' })], now: NOW });
    expect(types(plan.status)).toEqual(['SuccessCriteriaMet', 'Complete']);
  });
});

describe('job pod helpers', () => {
  it.each([
    [[0, 1, 2, 5, 7, 8], '0-2,5,7-8'],
    [[3], '3'],
    [[], ''],
  ])('formats %j as %s and back', (list, text) => {
    expect(formatIndexes(list)).toBe(text);
    expect([...parseIndexes(text)]).toEqual(list);
  });

  it.each([
    [0, 0],
    [1, 10],
    [2, 20],
    [6, 320],
    [7, 600],
  ])('backs off %i failures for %i s', (failures, seconds) => {
    expect(podFailureBackoffSeconds(failures)).toBe(seconds);
  });
});
