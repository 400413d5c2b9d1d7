import { Pod, Service } from '../../../shared/api/types';
import { loadBalancerGates } from '../../../shared/registry/kinds/pod-readiness-gates';

const FINALIZER = 'service.kubernetes.io/load-balancer-cleanup';
const svc = (name: string, opts: { type?: string; cls?: string; finalizer?: boolean; selector?: Record<string, string>; deleting?: boolean } = {}) =>
  Service.parse({
    metadata: { name, namespace: 'default', finalizers: opts.finalizer === false ? undefined : [FINALIZER], deletionTimestamp: opts.deleting ? '2026-01-01T00:00:00Z' : undefined },
    spec: { type: opts.type ?? 'LoadBalancer', loadBalancerClass: opts.cls, selector: opts.selector ?? { app: 'web' }, ports: [{ port: 80 }] },
  });
const pod = (gates: string[] = []) =>
  Pod.parse({ metadata: { name: 'p', namespace: 'default', labels: { app: 'web', tier: 'front' } }, spec: { containers: [{ name: 'c', image: 'nginx' }], readinessGates: gates.map((conditionType) => ({ conditionType })) } });

describe('loadBalancerGates', () => {
  it.each([
    ['a LoadBalancer Service selecting the pod', [svc('web')], ['target-health.skiff.dev/web']],
    ['two of them, sorted', [svc('b'), svc('a', { selector: { tier: 'front' } })], ['target-health.skiff.dev/a', 'target-health.skiff.dev/b']],
    ['a ClusterIP Service', [svc('web', { type: 'ClusterIP' })], []],
    ['a Service of another load balancer class', [svc('web', { cls: 'service.k8s.aws/nlb' })], []],
    ['a Service whose load balancer does not exist (no finalizer)', [svc('web', { finalizer: false })], []],
    ['a Service being deleted', [svc('web', { deleting: true })], []],
    ['a Service selecting other pods', [svc('web', { selector: { app: 'db' } })], []],
  ])('adds gates for %s', (_case, services, expected) => {
    expect(loadBalancerGates(pod(), services)).toEqual(expected);
  });

  it('does not add a gate the pod has already', () => {
    expect(loadBalancerGates(pod(['target-health.skiff.dev/web']), [svc('web')])).toEqual([]);
  });
});
