import { Pod } from '../../shared/api/types';
import { DRAIN_WAIT_LIMIT_SECONDS, mayStopContainers } from '../../shared/nodes/lb-drain';
import { applyReadinessGates } from '../../shared/nodes/readiness-gates';

const GATE = 'target-health.skiff.dev/web';
const DELETED = '2026-01-01T00:00:00Z';
const at = (seconds: number) => new Date(Date.parse(DELETED) + seconds * 1000);

const pod = (opts: { deleting?: boolean; gates?: string[]; condition?: { status: string; reason?: string } }) =>
  Pod.parse({
    metadata: { name: 'a', deletionTimestamp: opts.deleting === false ? undefined : DELETED },
    spec: { containers: [{ name: 'c', image: 'nginx' }], readinessGates: (opts.gates ?? [GATE]).map((conditionType) => ({ conditionType })) },
    status: { conditions: opts.condition ? [{ type: GATE, ...opts.condition }] : [] },
  });

describe('mayStopContainers', () => {
  it.each([
    ['a pod without load balancer gates', pod({ gates: ['example.com/other'] }), 0, true],
    ['a pod never registered', pod({}), 0, true],
    ['a pod whose target is still healthy', pod({ condition: { status: 'True' } }), 0, false],
    ['a pod whose target drains', pod({ condition: { status: 'False', reason: 'Target.DeregistrationInProgress' } }), 0, false],
    ['a pod whose target is gone', pod({ condition: { status: 'False', reason: 'Target.NotRegistered' } }), 0, true],
    ['a pod still registered past the wait limit', pod({ condition: { status: 'True' } }), DRAIN_WAIT_LIMIT_SECONDS, true],
  ])('answers for %s', (_case, p, seconds, expected) => {
    expect(mayStopContainers(p, at(seconds))).toBe(expected);
  });
});

describe('applyReadinessGates', () => {
  const status = (gate?: string) => ({
    conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2026-01-01T00:00:05Z' }, ...(gate ? [{ type: GATE, status: gate }] : [])],
  });
  const spec = pod({}).spec;

  it.each([
    ['its gate condition is missing', undefined, 'False', `corresponding condition of pod readiness gate "${GATE}" does not exist.`],
    ['its gate is False', 'False', 'False', `the status of pod readiness gate "${GATE}" is not "True", but False`],
    ['its gate is True', 'True', 'True', undefined],
  ])('keeps a pod unready while %s, as the kubelet does', (_case, gate, ready, message) => {
    const out = applyReadinessGates(spec, status(gate));
    const c = out.conditions?.find((x) => x.type === 'Ready');
    expect(c?.status).toBe(ready);
    expect(c?.message).toBe(message);
    if (message) expect(c?.reason).toBe('ReadinessGatesNotReady');
  });

  it('keeps the stored transition time while the pod stays gated', () => {
    const stored = { conditions: [{ type: 'Ready', status: 'False', lastTransitionTime: '2026-01-01T00:00:01Z', reason: 'ReadinessGatesNotReady' }] };
    expect(applyReadinessGates(spec, status('False'), stored).conditions?.find((x) => x.type === 'Ready')?.lastTransitionTime).toBe('2026-01-01T00:00:01Z');
  });
});
