import { Pod } from '../../shared/api/types';
import { EXPECTATIONS_ANNOTATION } from '../../shared/controllers/workloads/expectations';
import { planReplicaSet, podsToDelete } from '../../shared/controllers/workloads/replicaset-plan';
import { ago, NOW, pod, replicaSet } from './support';

const rs = replicaSet('web-abc', 3);
const owned = (name: string, opts: Parameters<typeof pod>[1] = {}) => pod(name, { owner: rs, nodeName: 'n1', ...opts });
const names = (pods: Pod[]) => pods.map((p) => p.metadata?.name);

describe('planReplicaSet', () => {
  it('creates the missing pods from the template with a controller reference', () => {
    const plan = planReplicaSet({ rs, pods: [owned('web-abc-1')], now: NOW });
    expect(plan.create).toBe(2);
    expect(plan.delete).toEqual([]);
    expect(plan.template.metadata).toMatchObject({
      generateName: 'web-abc-',
      namespace: 'default',
      labels: { app: 'web' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-abc', uid: 'uid-rs-web-abc', controller: true, blockOwnerDeletion: true }],
    });
    expect(plan.template.spec?.containers[0].image).toBe('nginx:1.27');
  });

  it('does nothing but status when the count is right', () => {
    const plan = planReplicaSet({ rs, pods: ['a', 'b', 'c'].map((n) => owned(n)), now: NOW });
    expect(plan).toMatchObject({ create: 0, delete: [], adopt: [], release: [] });
    expect(plan.status).toEqual({ replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: 1 });
  });

  it('deletes the surplus, least valuable first', () => {
    const pods = [owned('ready-old', { created: ago(900) }), owned('ready-new', { created: ago(100) }), owned('not-ready', { ready: false }), owned('pending', { phase: 'Pending', ready: false }), owned('unscheduled', { nodeName: undefined, phase: 'Pending', ready: false })];
    const plan = planReplicaSet({ rs, pods, now: NOW });
    expect(names(plan.delete)).toEqual(['unscheduled', 'pending']);
  });

  it('counts neither terminating nor terminal pods, and replaces them', () => {
    const pods = [owned('a'), owned('gone', { deleting: true }), owned('done', { phase: 'Succeeded' }), owned('failed', { phase: 'Failed' })];
    const plan = planReplicaSet({ rs, pods, now: NOW });
    expect(plan.create).toBe(2);
    expect(plan.status?.replicas).toBe(1);
  });

  it('adopts matching orphans, releases pods that stopped matching and leaves others alone', () => {
    const other = replicaSet('other', 1);
    const pods = [owned('a'), pod('orphan'), pod('stranger', { labels: { app: 'db' } }), owned('relabelled', { labels: { app: 'db' } }), pod('theirs', { owner: other })];
    const plan = planReplicaSet({ rs, pods, now: NOW });
    expect(names(plan.adopt)).toEqual(['orphan']);
    expect(plan.adopt[0].metadata?.ownerReferences).toEqual([expect.objectContaining({ uid: 'uid-rs-web-abc', controller: true })]);
    expect(names(plan.release)).toEqual(['relabelled']);
    expect(plan.release[0].metadata?.ownerReferences).toBeUndefined();
    expect(plan.create).toBe(1);
  });

  it('neither adopts, releases nor creates while the ReplicaSet is being deleted', () => {
    const deleting = replicaSet('web-abc', 3, { deleting: true });
    const plan = planReplicaSet({ rs: deleting, pods: [pod('orphan'), pod('x', { owner: deleting, labels: { app: 'db' } })], now: NOW });
    expect(plan).toMatchObject({ create: 0, adopt: [], release: [] });
  });

  describe('expectations', () => {
    const withClaim = (add: string[], del: string[], at = ago(10)) =>
      replicaSet('web-abc', 3, { annotations: { [EXPECTATIONS_ANNOTATION]: JSON.stringify({ add, del, at }) } });

    it.each([
      ['a create is not observed yet', ['a', 'b', 'c'], [], ['a', 'b'], false],
      ['a delete is not observed yet', [], ['d'], ['a', 'b', 'c', 'd'], false],
      ['every create and delete is observed', ['a', 'b', 'c'], ['d'], ['a', 'b', 'c'], true],
    ])('manages replicas only when satisfied: %s', (_case, add, del, present, manages) => {
      const current = withClaim(add, del);
      const plan = planReplicaSet({ rs: current, pods: present.map((n) => pod(n, { owner: current, nodeName: 'n1' })), now: NOW });
      const acted = plan.create > 0 || plan.delete.length > 0 || plan.clearExpectations;
      expect(acted).toBe(manages);
      if (!manages) expect(plan.requeueAfterSeconds).toBeGreaterThan(0);
    });

    it('lets unsatisfied expectations lapse after their TTL', () => {
      const current = withClaim(['a', 'b', 'c'], [], ago(301));
      expect(planReplicaSet({ rs: current, pods: [], now: NOW }).create).toBe(3);
    });

    it('clears satisfied expectations when there is nothing left to do', () => {
      const current = withClaim(['a', 'b', 'c'], []);
      const plan = planReplicaSet({ rs: current, pods: ['a', 'b', 'c'].map((n) => pod(n, { owner: current, nodeName: 'n1' })), now: NOW });
      expect(plan.clearExpectations).toBe(true);
    });
  });

  describe('status', () => {
    it('counts ready and available pods, waiting minReadySeconds for availability', () => {
      const slow = replicaSet('web-abc', 3, { minReadySeconds: 60 });
      const pods = [pod('a', { owner: slow, readySince: ago(120) }), pod('b', { owner: slow, readySince: ago(20) }), pod('c', { owner: slow, ready: false, labels: { app: 'web', extra: 'x' } })];
      const plan = planReplicaSet({ rs: slow, pods, now: NOW });
      expect(plan.status).toEqual({ replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 2, availableReplicas: 1, observedGeneration: 1 });
      expect(plan.requeueAfterSeconds).toBe(40);
    });

    it('writes no status when it is unchanged', () => {
      const current = { ...rs, status: { replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: 1 } };
      expect(planReplicaSet({ rs: current, pods: ['a', 'b', 'c'].map((n) => owned(n)), now: NOW }).status).toBeUndefined();
    });

    it('reports the generation it acted on', () => {
      const next = replicaSet('web-abc', 3, { generation: 4 });
      expect(planReplicaSet({ rs: next, pods: [], now: NOW }).status?.observedGeneration).toBe(4);
    });
  });
});

describe('podsToDelete', () => {
  const p = (name: string, opts: Parameters<typeof pod>[1]) => pod(name, { nodeName: 'n1', ...opts });
  it.each([
    ['unassigned before assigned', p('assigned', {}), p('unassigned', { nodeName: '' })],
    ['Pending before Running', p('running', {}), p('pending', { phase: 'Pending' })],
    ['Unknown before Running', p('running', {}), p('unknown', { phase: 'Unknown' })],
    ['Pending before Unknown', p('unknown', { phase: 'Unknown' }), p('pending', { phase: 'Pending' })],
    ['not ready before ready', p('ready', {}), p('not-ready', { ready: false })],
    ['lower deletion cost first', p('costly', { annotations: { 'controller.kubernetes.io/pod-deletion-cost': '10' } }), p('cheap', {})],
    ['doubled up on a node first', p('alone', { nodeName: 'n2' }), p('crowded', {})],
    ['ready for less time first', p('long-ready', { readySince: ago(1000) }), p('just-ready', { readySince: ago(10) })],
    ['more restarts first', p('stable', {}), p('crashy', { restarts: 5 })],
    ['newer first', p('older', { created: ago(1000) }), p('newer', { created: ago(10) })],
  ])('deletes %s', (_rule, keep, drop) => {
    const crowd = _rule.startsWith('doubled') ? [p('neighbour', { readySince: ago(5000), created: ago(5000) })] : [];
    const chosen = podsToDelete([keep, drop, ...crowd], 1);
    expect(names(chosen)).toEqual([drop.metadata?.name]);
  });
});
