import { formatHosts, ingressClassPrinter, ingressPrinter } from '../../../shared/apiserver/printers/ingress';
import type { KubeObject } from '../../../shared/registry/resource';

const NOW = Date.parse('2025-06-01T12:00:00Z');
const meta = { name: 'site', namespace: 'default', creationTimestamp: '2025-06-01T11:55:00Z' };

describe('Ingress printers (upstream printIngress, printIngressClass)', () => {
  it('prints NAME CLASS HOSTS ADDRESS PORTS AGE', () => {
    expect(ingressPrinter.columns.map((c) => c.name)).toEqual(['Name', 'Class', 'Hosts', 'Address', 'Ports', 'Age']);
    const ing = {
      metadata: meta,
      spec: { ingressClassName: 'alb', tls: [{ hosts: ['a.example.com'] }], rules: [{ host: 'a.example.com' }, { host: 'b.example.com' }] },
      status: { loadBalancer: { ingress: [{ hostname: 'k8s-alb.elb.amazonaws.com' }, { ip: '1.2.3.4' }] } },
    } as unknown as KubeObject;
    expect(ingressPrinter.cells(ing, NOW)).toEqual(['site', 'alb', 'a.example.com,b.example.com', '1.2.3.4,k8s-alb.elb.amazonaws.com', '80, 443', '5m']);
    expect(ingressPrinter.cells({ metadata: meta, spec: { defaultBackend: {} } } as unknown as KubeObject, NOW)).toEqual(['site', '<none>', '*', '', '80', '5m']);
  });

  it.each([
    [[], '*'],
    [[{}, { host: 'a' }], 'a'],
    [[{ host: 'a' }, { host: 'b' }, { host: 'c' }, { host: 'd' }, { host: 'e' }], 'a,b,c + 2 more...'],
  ])('hosts %j as %s', (rules, want) => {
    expect(formatHosts(rules)).toBe(want);
  });

  it('prints NAME CONTROLLER PARAMETERS AGE', () => {
    expect(ingressClassPrinter.columns.map((c) => c.name)).toEqual(['Name', 'Controller', 'Parameters', 'Age']);
    const cls = { metadata: { ...meta, name: 'alb' }, spec: { controller: 'skiff.dev/alb', parameters: { apiGroup: 'elbv2.k8s.aws', kind: 'IngressClassParams', name: 'p' } } } as unknown as KubeObject;
    expect(ingressClassPrinter.cells(cls, NOW)).toEqual(['alb', 'skiff.dev/alb', 'IngressClassParams.elbv2.k8s.aws/p', '5m']);
  });
});
