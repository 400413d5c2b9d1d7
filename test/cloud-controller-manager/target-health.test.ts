import { Pod, Service } from '../../shared/api/types';
import { plannedGateCondition } from '../../shared/cloud-controller-manager/service/target-health';
import type { TargetStates } from '../../shared/cloud-controller-manager/elb/targets';

const NOW = '2026-01-01T00:01:00Z';
const GATE = 'target-health.skiff.dev/web';
const svc = Service.parse({ metadata: { name: 'web', namespace: 'default' }, spec: { type: 'LoadBalancer', selector: { app: 'web' }, ports: [{ name: 'http', port: 8080, targetPort: 80 }] } });
const pod = (opts: { gate?: boolean; condition?: { status: string; reason?: string }; deleting?: boolean } = {}) =>
  Pod.parse({
    metadata: { name: 'a', namespace: 'default', labels: { app: 'web' }, deletionTimestamp: opts.deleting ? '2026-01-01T00:00:00Z' : undefined },
    spec: { containers: [{ name: 'c', image: 'nginx' }], readinessGates: opts.gate === false ? undefined : [{ conditionType: GATE }] },
    status: { podIP: '10.0.0.1', conditions: opts.condition ? [{ type: GATE, lastTransitionTime: '2026-01-01T00:00:00Z', ...opts.condition }] : [] },
  });
const health = (state?: string, reason?: string) => new Map<string, TargetStates>([['http', new Map(state ? [['10.0.0.1:80', { state, reason }]] : [])]]);

describe('plannedGateCondition', () => {
  it.each([
    ['no gate: nothing', pod({ gate: false }), health('healthy'), undefined],
    ['healthy: True', pod(), health('healthy'), { status: 'True' }],
    ['initial: False with AWS reason', pod(), health('initial', 'Elb.InitialHealthChecking'), { status: 'False', reason: 'Elb.InitialHealthChecking' }],
    ['draining: False', pod({ condition: { status: 'True' } }), health('draining', 'Target.DeregistrationInProgress'), { status: 'False', reason: 'Target.DeregistrationInProgress' }],
    ['gone after being registered: NotRegistered', pod({ condition: { status: 'False', reason: 'Target.DeregistrationInProgress' }, deleting: true }), health(), { status: 'False', reason: 'Target.NotRegistered' }],
    ['never registered, not deleting: nothing yet', pod(), health(), undefined],
    ['unchanged: nothing to write', pod({ condition: { status: 'True' } }), health('healthy'), undefined],
  ])('%s', (_case, p, h, expected) => {
    const c = plannedGateCondition(svc, p, h, NOW);
    if (expected === undefined) expect(c).toBeUndefined();
    else expect(c).toMatchObject({ type: GATE, ...expected });
  });

  it('keeps the transition time when only the reason changes', () => {
    const c = plannedGateCondition(svc, pod({ condition: { status: 'False', reason: 'Elb.RegistrationInProgress' } }), health('initial', 'Elb.InitialHealthChecking'), NOW);
    expect(c?.lastTransitionTime).toBe('2026-01-01T00:00:00Z');
  });
});
