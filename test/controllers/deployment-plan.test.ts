import { Deployment, ReplicaSet } from '../../shared/api/types';
import { planDeployment } from '../../shared/controllers/workloads/deployment-plan';
import { newReplicaSet } from '../../shared/controllers/workloads/rollout';
import { ago, deployment, DeploymentOptions, NOW, pod } from './support';

interface RsOptions {
  image?: string;
  replicas: number;
  /** Available (and ready) pods; defaults to all. */
  available?: number;
  /** status.replicas; defaults to spec.replicas. */
  actual?: number;
  revision?: number;
  created?: string;
  desired?: number;
  max?: number;
}

/** A ReplicaSet the Deployment made for `image` (default: its current template). */
function rsFor(d: Deployment, o: RsOptions): ReplicaSet {
  const source = structuredClone(d);
  if (o.image) source.spec!.template.spec!.containers[0].image = o.image;
  const rs = newReplicaSet(source);
  rs.metadata = {
    ...rs.metadata,
    uid: `uid-${String(rs.metadata?.name)}`,
    generation: 1,
    creationTimestamp: o.created ?? ago(3600),
    annotations: {
      'deployment.kubernetes.io/revision': String(o.revision ?? 1),
      'deployment.kubernetes.io/desired-replicas': String(o.desired ?? d.spec?.replicas),
      'deployment.kubernetes.io/max-replicas': String(o.max ?? (d.spec?.replicas ?? 0) + 1),
    },
  };
  rs.spec!.replicas = o.replicas;
  const available = o.available ?? o.replicas;
  rs.status = { replicas: o.actual ?? o.replicas, readyReplicas: available, availableReplicas: available, observedGeneration: 1 };
  return rs;
}

const plan = (d: Deployment, replicaSets: ReplicaSet[], pods = [] as ReturnType<typeof pod>[]) => planDeployment({ deployment: d, replicaSets, pods, now: NOW });
const sizes = (p: ReturnType<typeof plan>) => Object.fromEntries(p.update.map((w) => [w.rs.metadata?.name, w.rs.spec?.replicas]));
const messages = (p: ReturnType<typeof plan>) => [...p.createEvents, ...p.update.flatMap((w) => w.events)].map((e) => e.message);
const condition = (p: ReturnType<typeof plan>, type: string) => p.status?.conditions?.find((c) => c.type === type);
const withImage = (opts: DeploymentOptions & { replicas?: number }, image: string) => deployment('web', opts.replicas ?? 3, { ...opts, image });

describe('planDeployment', () => {
  it('creates the first ReplicaSet named after the template hash, at full size', () => {
    const d = deployment('web', 3);
    const p = plan(d, []);
    const rs = p.create as ReplicaSet;
    const hash = rs.metadata?.labels?.['pod-template-hash'] as string;
    expect(hash).toMatch(/^[456789bcdf]{1,10}$/);
    expect(rs.metadata).toMatchObject({
      name: `web-${hash}`,
      annotations: { 'deployment.kubernetes.io/revision': '1', 'deployment.kubernetes.io/desired-replicas': '3', 'deployment.kubernetes.io/max-replicas': '4' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'uid-deploy-web', controller: true, blockOwnerDeletion: true }],
    });
    expect(rs.spec).toMatchObject({ replicas: 3, selector: { matchLabels: { app: 'web', 'pod-template-hash': hash } } });
    expect(rs.spec?.template?.metadata?.labels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(p.createEvents.map((e) => e.message)).toEqual([`Scaled up replica set web-${hash} from 0 to 3`]);
    expect(p.annotations).toEqual({ 'deployment.kubernetes.io/revision': '1' });
    expect(condition(p, 'Progressing')).toMatchObject({ status: 'True', reason: 'NewReplicaSetCreated', message: `Created new replica set "web-${hash}"` });
    expect(condition(p, 'Available')).toMatchObject({ status: 'False', reason: 'MinimumReplicasUnavailable' });
    expect(p.status?.observedGeneration).toBe(1);
  });

  it('copies the Deployment\'s annotations to the new ReplicaSet, but not the bookkeeping ones', () => {
    const d = deployment('web', 1);
    d.metadata!.annotations = { team: 'shop', 'kubectl.kubernetes.io/last-applied-configuration': '{}', 'skiff.dev/expectations': '{"add":["x"]}', 'deployment.kubernetes.io/revision': '7' };
    const annotations = plan(d, []).create?.metadata?.annotations;
    expect(annotations).toEqual({ team: 'shop', 'deployment.kubernetes.io/revision': '1', 'deployment.kubernetes.io/desired-replicas': '1', 'deployment.kubernetes.io/max-replicas': '2' });
  });

  it('reports a complete rollout as kubectl rollout status reads it', () => {
    const d = deployment('web', 3);
    const rs = rsFor(d, { replicas: 3 });
    d.metadata!.annotations = { 'deployment.kubernetes.io/revision': '1' };
    d.status = { conditions: [{ type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', lastUpdateTime: ago(5), lastTransitionTime: ago(60) }] };
    const p = plan(d, [rs]);
    expect(p.create).toBeUndefined();
    expect(p.status).toMatchObject({ observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 });
    expect(p.status?.unavailableReplicas).toBeUndefined();
    expect(condition(p, 'Progressing')).toMatchObject({ status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${String(rs.metadata?.name)}" has successfully progressed.`, lastTransitionTime: ago(60) });
    expect(condition(p, 'Available')).toMatchObject({ status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' });
  });

  describe('rolling update', () => {
    const d = withImage({}, 'nginx:1.28');

    it.each([
      // [case, old (replicas, available), new (replicas, available) or none, expected sizes, events]
      ['starts with the surge', [3, 3], undefined, { create: 1 }, ['Scaled up replica set NEW from 0 to 1']],
      ['waits while the new pod is unavailable', [3, 3], [1, 0], {}, []],
      ['scales the old one down once the new pod is available', [3, 3], [1, 1], { OLD: 2 }, ['Scaled down replica set OLD from 3 to 2']],
      ['grows the new one within the surge', [2, 2], [1, 1], { NEW: 2 }, ['Scaled up replica set NEW from 1 to 2']],
      ['removes unhealthy old pods first', [3, 1], [1, 1], { OLD: 2 }, ['Scaled down replica set OLD from 3 to 2']],
      ['finishes by scaling the old one to zero', [1, 1], [3, 3], { OLD: 0 }, ['Scaled down replica set OLD from 1 to 0']],
    ])('%s', (_case, old, next, expected, events) => {
      const oldRS = rsFor(d, { image: 'nginx:1.27', replicas: old[0], available: old[1], revision: 1, created: ago(3600) });
      const rsList = [oldRS];
      if (next) rsList.push(rsFor(d, { replicas: next[0], available: next[1], revision: 2, created: ago(60) }));
      const p = plan(d, rsList);
      const newName = String((p.create ?? rsList[1]).metadata?.name);
      const rename = (s: string) => s.replace('NEW', newName).replace('OLD', String(oldRS.metadata?.name));
      const want = Object.fromEntries(Object.entries(expected).filter(([k]) => k !== 'create').map(([k, v]) => [rename(k), v]));
      expect(sizes(p)).toEqual(want);
      if ('create' in expected) expect(p.create?.spec?.replicas).toBe(expected.create);
      else expect(p.create).toBeUndefined();
      expect(messages(p)).toEqual(events.map(rename));
    });

    it('rounds percentages as upstream: surge up, unavailability down', () => {
      const big = withImage({ replicas: 10, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '15%', maxUnavailable: '15%' } } }, 'nginx:1.28');
      const oldRS = rsFor(big, { image: 'nginx:1.27', replicas: 10 });
      const p = plan(big, [oldRS]);
      expect(p.create?.spec?.replicas).toBe(2); // ceil(1.5)
      expect(p.create?.metadata?.annotations?.['deployment.kubernetes.io/max-replicas']).toBe('12');
      const next = plan(big, [oldRS, rsFor(big, { replicas: 2, available: 0, revision: 2, created: ago(10) })]);
      expect(sizes(next)).toEqual({ [String(oldRS.metadata?.name)]: 9 }); // 12 - (10 - floor(1.5)) - 2 = 1
    });

    it('never takes the last pod away when both fenceposts round to zero', () => {
      const one = withImage({ replicas: 1, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: '10%' } } }, 'nginx:1.28');
      const p = plan(one, [rsFor(one, { image: 'nginx:1.27', replicas: 1 })]);
      expect(p.create?.spec?.replicas).toBe(0);
      const oldName = Object.keys(sizes(plan(one, [rsFor(one, { image: 'nginx:1.27', replicas: 1 }), rsFor(one, { replicas: 0, revision: 2, created: ago(10) })])));
      expect(oldName).toHaveLength(1); // maxUnavailable resolves to 1: the old pod may go
    });
  });

  it('recreates: old pods first, the new ReplicaSet once they are gone', () => {
    const d = withImage({ strategy: { type: 'Recreate' } }, 'nginx:1.28');
    const oldRS = rsFor(d, { image: 'nginx:1.27', replicas: 3 });
    const first = plan(d, [oldRS]);
    expect(sizes(first)).toEqual({ [String(oldRS.metadata?.name)]: 0 });
    expect(first.create).toBeUndefined();
    expect(first.requeueAfterSeconds).toBeLessThanOrEqual(2);

    const drained = rsFor(d, { image: 'nginx:1.27', replicas: 0 });
    const stillRunning = plan(d, [drained], [pod('old-1', { owner: drained, labels: { app: 'web' } })]);
    expect(stillRunning.create).toBeUndefined();
    const done = plan(d, [drained], [pod('old-1', { owner: drained, labels: { app: 'web' }, phase: 'Succeeded' })]);
    expect(done.create?.spec?.replicas).toBe(3);
  });

  it('scales proportionally across ReplicaSets when scaled mid-rollout', () => {
    const before = withImage({ replicas: 10 }, 'nginx:1.28');
    const oldRS = rsFor(before, { image: 'nginx:1.27', replicas: 5, max: 13, desired: 10, revision: 1, created: ago(600) });
    const newRS = rsFor(before, { replicas: 8, available: 4, max: 13, desired: 10, revision: 2, created: ago(60) });
    const d = withImage({ replicas: 20 }, 'nginx:1.28');
    const p = plan(d, [oldRS, newRS]);
    expect(sizes(p)).toEqual({ [String(newRS.metadata?.name)]: 15, [String(oldRS.metadata?.name)]: 10 });
    expect(p.update.every((w) => w.rs.metadata?.annotations?.['deployment.kubernetes.io/desired-replicas'] === '20')).toBe(true);
    expect(messages(p)).toContain(`Scaled up replica set ${String(newRS.metadata?.name)} from 8 to 15`);
  });

  it('makes no rollout progress while paused, but still scales', () => {
    const d = withImage({ replicas: 5, paused: true }, 'nginx:1.28');
    const oldRS = rsFor(d, { image: 'nginx:1.27', replicas: 3, desired: 3 });
    const p = plan(d, [oldRS]);
    expect(p.create).toBeUndefined();
    expect(sizes(p)).toEqual({ [String(oldRS.metadata?.name)]: 5 });
    expect(condition(p, 'Progressing')).toMatchObject({ status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' });
  });

  it('notes the resume, then rolls out', () => {
    const d = withImage({}, 'nginx:1.28');
    d.status = { replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3, conditions: [{ type: 'Progressing', status: 'Unknown', reason: 'DeploymentPaused', lastUpdateTime: ago(900), lastTransitionTime: ago(900) }] };
    const p = plan(d, [rsFor(d, { image: 'nginx:1.27', replicas: 3 })]);
    expect(p.create).toBeDefined();
    expect(condition(p, 'Progressing')).toMatchObject({ reason: 'NewReplicaSetCreated', status: 'True' });
  });

  it('rolls back by reviving the old ReplicaSet under a new revision', () => {
    const d = deployment('web', 3); // the template is back to nginx:1.27
    const original = rsFor(d, { replicas: 0, revision: 1, created: ago(3600) });
    const current = rsFor(d, { image: 'nginx:1.28', replicas: 3, revision: 2, created: ago(600) });
    d.metadata!.annotations = { 'deployment.kubernetes.io/revision': '2' };
    const p = plan(d, [original, current]);
    expect(p.create).toBeUndefined();
    const revived = p.update.find((w) => w.rs.metadata?.name === original.metadata?.name)?.rs;
    expect(revived?.metadata?.annotations).toMatchObject({ 'deployment.kubernetes.io/revision': '3', 'deployment.kubernetes.io/revision-history': '1' });
    expect(revived?.spec?.replicas).toBe(1);
    expect(p.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
  });

  it('treats a restart (a template annotation) as a new template', () => {
    const d = deployment('web', 3);
    const rs = rsFor(d, { replicas: 3 });
    d.spec!.template.metadata!.annotations = { 'kubectl.kubernetes.io/restartedAt': '2025-06-01T11:59:00Z' };
    const p = plan(d, [rs]);
    expect(p.create?.metadata?.name).not.toBe(rs.metadata?.name);
    expect(p.create?.spec?.template?.metadata?.annotations).toEqual({ 'kubectl.kubernetes.io/restartedAt': '2025-06-01T11:59:00Z' });
    expect(p.create?.metadata?.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
  });

  it.each([
    ['no progress for longer than the deadline', 'ReplicaSetUpdated', 'True', 700, 'False', 'ProgressDeadlineExceeded'],
    ['no progress yet within the deadline', 'ReplicaSetUpdated', 'True', 100, 'True', 'ReplicaSetUpdated'],
  ])('reports %s', (_case, reason, status, age, wantStatus, wantReason) => {
    const d = withImage({}, 'nginx:1.28');
    const oldRS = rsFor(d, { image: 'nginx:1.27', replicas: 3, revision: 1 });
    const newRS = rsFor(d, { replicas: 1, available: 0, revision: 2, created: ago(800) });
    d.status = { replicas: 4, updatedReplicas: 1, availableReplicas: 3, readyReplicas: 3, observedGeneration: 1, conditions: [{ type: 'Progressing', status, reason, lastUpdateTime: ago(age), lastTransitionTime: ago(age) }] };
    const p = plan(d, [oldRS, newRS]);
    const c = condition(p, 'Progressing') ?? d.status.conditions?.[0];
    expect(c).toMatchObject({ status: wantStatus, reason: wantReason });
    if (wantReason === 'ProgressDeadlineExceeded') expect(c?.message).toBe(`ReplicaSet "${String(newRS.metadata?.name)}" has timed out progressing.`);
    else expect(p.requeueAfterSeconds).toBe(600 - age + 1);
  });

  it('deletes the oldest zero-sized ReplicaSets beyond revisionHistoryLimit once complete', () => {
    const d = deployment('web', 2, { revisionHistoryLimit: 1 });
    const old = ['1.1', '1.2', '1.3'].map((v, i) => rsFor(d, { image: `nginx:${v}`, replicas: 0, revision: i + 1, created: ago(3000 - i * 100) }));
    const current = rsFor(d, { replicas: 2, revision: 4, created: ago(100) });
    d.status = { replicas: 2, updatedReplicas: 2, availableReplicas: 2, readyReplicas: 2, observedGeneration: 1 };
    const p = plan(d, [...old, current]);
    expect(p.delete.map((rs) => rs.metadata?.name)).toEqual([old[0].metadata?.name, old[1].metadata?.name]);
  });

  it('adopts a matching orphan ReplicaSet and releases one that stopped matching', () => {
    const d = deployment('web', 3);
    const orphan = rsFor(d, { replicas: 3 });
    orphan.metadata!.ownerReferences = undefined;
    const stray = rsFor(d, { image: 'nginx:1.1', replicas: 0 });
    stray.metadata!.labels = { app: 'other' };
    const p = plan(d, [orphan, stray]);
    expect(p.create).toBeUndefined();
    expect(p.update.map((w) => w.rs.metadata?.ownerReferences?.[0]?.uid)).toEqual(['uid-deploy-web']);
    expect(p.release.map((rs) => rs.metadata?.name)).toEqual([stray.metadata?.name]);
  });

  it('only reports status while the Deployment is being deleted', () => {
    const d = withImage({}, 'nginx:1.28');
    d.metadata!.deletionTimestamp = ago(1);
    const p = plan(d, [rsFor(d, { image: 'nginx:1.27', replicas: 3 })]);
    expect(p).toMatchObject({ create: undefined, update: [], delete: [] });
    expect(p.status).toMatchObject({ replicas: 3, availableReplicas: 3 });
  });

  it('writes nothing when everything is as it should be', () => {
    const d = deployment('web', 3);
    const rs = rsFor(d, { replicas: 3 });
    d.metadata!.annotations = { 'deployment.kubernetes.io/revision': '1' };
    const first = plan(d, [rs]);
    d.status = first.status;
    const second = plan(d, [rs]);
    expect(second).toEqual({ release: [], createEvents: [], update: [], delete: [] });
  });
});
