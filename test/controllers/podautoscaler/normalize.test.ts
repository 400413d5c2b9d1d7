import { normalizeWithBehavior, normalizeWithoutBehavior, policyLimit } from '../../../shared/controllers/podautoscaler/normalize';
import type { History } from '../../../shared/controllers/podautoscaler/history';

const NOW = 1_000_000_000;
const history = (recs: [number, number][] = [], ups: [number, number][] = [], downs: [number, number][] = []): History => ({
  recommendations: recs.map(([value, agoS]) => ({ value, at: NOW - agoS * 1000 })),
  scaleUps: ups.map(([value, agoS]) => ({ value, at: NOW - agoS * 1000 })),
  scaleDowns: downs.map(([value, agoS]) => ({ value, at: NOW - agoS * 1000 })),
});

describe('normalizeWithoutBehavior', () => {
  it('holds the highest recommendation of the last 5 minutes on a scale-down', () => {
    const n = normalizeWithoutBehavior(history([[5, 200], [3, 400]]), 5, 2, 1, 10, NOW);
    expect(n.desired).toBe(5);
    expect(n.conditions[0]).toMatchObject({ reason: 'ScaleDownStabilized' });
    // The 400 s old sample is out of the window and dropped; the new one is kept.
    expect(n.recommendations.map((r) => r.value)).toEqual([5, 2]);
  });

  it.each([
    ['limits a step to double (at least 4)', 2, 20, 1, 10, 4, 'ScaleUpLimit'],
    ['caps at maxReplicas', 6, 20, 1, 10, 10, 'TooManyReplicas'],
    ['raises to minReplicas', 3, 0, 2, 10, 2, 'TooFewReplicas'],
    ['keeps a count in range', 3, 5, 1, 10, 5, 'DesiredWithinRange'],
  ])('%s', (_n, current, proposed, min, max, desired, reason) => {
    const n = normalizeWithoutBehavior(history(), current, proposed, min, max, NOW);
    expect([n.desired, n.conditions[1].reason]).toEqual([desired, reason]);
  });
});

describe('normalizeWithBehavior', () => {
  const rules = { scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] }, scaleDown: { stabilizationWindowSeconds: 60, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] } };

  it('scales down only once the window holds no higher recommendation', () => {
    expect(normalizeWithBehavior(history([[4, 30]]), rules, 4, 1, 1, 10, NOW).desired).toBe(4);
    expect(normalizeWithBehavior(history([[4, 90]]), rules, 4, 1, 1, 10, NOW).desired).toBe(1);
  });

  it('applies the scale-up policies, Max of 4 pods and 100% per 15 s', () => {
    const n = normalizeWithBehavior(history(), rules, 2, 20, 1, 30, NOW);
    expect([n.desired, n.conditions[1].reason]).toEqual([6, 'ScaleUpLimit']);
  });

  it('counts earlier scale events of the period against the policies', () => {
    // 3 pods were added 5 s ago: the period started at 3, Max(3+4, 3*2) = 7.
    expect(normalizeWithBehavior(history([], [[3, 5]]), rules, 6, 20, 1, 30, NOW).desired).toBe(7);
  });

  it('honours selectPolicy Min and Disabled', () => {
    const min = { ...rules, scaleUp: { ...rules.scaleUp, selectPolicy: 'Min' } };
    expect(normalizeWithBehavior(history(), min, 10, 40, 1, 50, NOW).desired).toBe(14);
    expect(policyLimit('up', 10, history(), { selectPolicy: 'Disabled', policies: rules.scaleUp.policies }, NOW)).toBe(10);
  });

  it('limits a scale-down by a Pods policy', () => {
    const down = { ...rules, scaleDown: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] } };
    const n = normalizeWithBehavior(history(), down, 5, 1, 1, 10, NOW);
    expect([n.desired, n.conditions[1].reason]).toEqual([4, 'ScaleDownLimit']);
  });
});
