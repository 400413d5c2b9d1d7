// The disruption controller's pure core; it lives beside the node lifecycle tests because evictions
// (kubectl drain) are how nodes are emptied.
import { Pod, PodDisruptionBudget } from '../../../shared/api/types';
import { budgetStatus, podsOfBudget } from '../../../shared/controllers/disruption/budget';

const now = new Date('2025-01-01T00:10:00Z');

function pod(name: string, opts: { ready?: boolean; deleting?: boolean; labels?: Record<string, string> } = {}): Pod {
  return Pod.parse({
    metadata: { name, namespace: 'default', labels: opts.labels ?? { app: 'web' }, ...(opts.deleting ? { deletionTimestamp: '2025-01-01T00:09:00Z' } : {}) },
    spec: { containers: [{ name: 'app', image: 'nginx' }] },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: opts.ready === false ? 'False' : 'True' }] },
  });
}

function pdb(spec: NonNullable<PodDisruptionBudget['spec']>, disruptedPods?: Record<string, string>): PodDisruptionBudget {
  return PodDisruptionBudget.parse({
    metadata: { name: 'web', namespace: 'default', generation: 3 },
    spec: { selector: { matchLabels: { app: 'web' } }, ...spec },
    ...(disruptedPods ? { status: { disruptedPods, disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 } } : {}),
  });
}

const three = [pod('a'), pod('b'), pod('c')];

describe('budgetStatus', () => {
  it.each<[string, PodDisruptionBudget, Pod[], number | undefined, [number, number, number, number]]>([
    ['minAvailable 2 of 3 ready', pdb({ minAvailable: 2 }), three, undefined, [3, 2, 3, 1]],
    ['minAvailable 3 of 3 ready', pdb({ minAvailable: 3 }), three, undefined, [3, 3, 3, 0]],
    ['maxUnavailable 1 of a scale of 3', pdb({ maxUnavailable: 1 }), three, 3, [3, 2, 3, 1]],
    ['maxUnavailable 50% of 3 rounds up', pdb({ maxUnavailable: '50%' }), three, 3, [3, 1, 3, 2]],
    ['minAvailable 50% of 3 rounds up', pdb({ minAvailable: '50%' }), three, 3, [3, 2, 3, 1]],
    ['an unready pod is not healthy', pdb({ minAvailable: 2 }), [pod('a'), pod('b', { ready: false }), pod('c')], undefined, [3, 2, 2, 0]],
    ['a deleting pod is not healthy', pdb({ minAvailable: 1 }), [pod('a'), pod('b', { deleting: true })], undefined, [2, 1, 1, 0]],
    ['no pods expected allows nothing', pdb({ maxUnavailable: 1 }), [], 0, [0, 0, 0, 0]],
  ])('%s', (_, budget, pods, scale, [expectedPods, desiredHealthy, currentHealthy, disruptionsAllowed]) => {
    const { status } = budgetStatus(budget, pods, scale, now);
    expect([status.expectedPods, status.desiredHealthy, status.currentHealthy, status.disruptionsAllowed]).toEqual([expectedPods, desiredHealthy, currentHealthy, disruptionsAllowed]);
    expect(status.observedGeneration).toBe(3);
    expect(status.conditions?.[0]).toMatchObject(
      disruptionsAllowed > 0 ? { type: 'DisruptionAllowed', status: 'True', reason: 'SufficientPods' } : { type: 'DisruptionAllowed', status: 'False', reason: 'InsufficientPods' },
    );
  });

  it('does not count a pod whose eviction was approved, until the approval expires', () => {
    const recent = budgetStatus(pdb({ minAvailable: 1 }, { a: '2025-01-01T00:09:30Z', gone: '2025-01-01T00:09:30Z' }), three, undefined, now);
    expect(recent.status.currentHealthy).toBe(2);
    expect(recent.status.disruptedPods).toEqual({ a: '2025-01-01T00:09:30Z' });
    expect(recent.recheckAt).toBe(Date.parse('2025-01-01T00:11:30Z'));
    const expired = budgetStatus(pdb({ minAvailable: 1 }, { a: '2025-01-01T00:07:00Z' }), three, undefined, now);
    expect(expired.status.currentHealthy).toBe(3);
    expect(expired.status.disruptedPods).toBeUndefined();
  });
});

describe('podsOfBudget', () => {
  const pods = [pod('a'), pod('b', { labels: { app: 'db' } })];
  it.each<[string, PodDisruptionBudget['spec'], string[]]>([
    ['matchLabels selects matching pods', { selector: { matchLabels: { app: 'web' } } }, ['a']],
    ['an empty selector selects every pod', { selector: {} }, ['a', 'b']],
    ['no selector selects none', {}, []],
  ])('%s', (_, spec, names) => {
    const budget = PodDisruptionBudget.parse({ metadata: { name: 'x', namespace: 'default' }, spec });
    expect(podsOfBudget(budget, pods).map((p) => p.metadata?.name)).toEqual(names);
  });
});
