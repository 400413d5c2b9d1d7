import { Service } from '../../../shared/api/types';
import { servicePrinter } from '../../../shared/apiserver/printers/service';
import { DAY, ago, columnShape, row } from './fixtures';

function service(spec: Record<string, unknown>, status?: Record<string, unknown>): Service {
  return Service.parse({ metadata: { name: 'web', creationTimestamp: ago(3 * DAY) }, spec, status });
}

const clusterIP = { clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'] };

describe('servicePrinter', () => {
  it('declares upstream columns with Selector for wide output', () => {
    expect(columnShape(servicePrinter)).toEqual([
      ['Name', 'string', 0],
      ['Type', 'string', 0],
      ['Cluster-IP', 'string', 0],
      ['External-IP', 'string', 0],
      ['Port(s)', 'string', 0],
      ['Age', 'string', 0],
      ['Selector', 'string', 1],
    ]);
  });

  it.each<[string, Record<string, unknown>, Record<string, unknown> | undefined, Record<string, string>]>([
    [
      'prints a ClusterIP service with its port and selector',
      { type: 'ClusterIP', ...clusterIP, ports: [{ port: 80, protocol: 'TCP' }], selector: { app: 'web', tier: 'fe' } },
      undefined,
      { Type: 'ClusterIP', 'Cluster-IP': '10.96.0.10', 'External-IP': '<none>', 'Port(s)': '80/TCP', Age: '3d', Selector: 'app=web,tier=fe' },
    ],
    [
      'prints None for a headless service and <none> without ports or selector',
      { type: 'ClusterIP', clusterIP: 'None', clusterIPs: ['None'] },
      undefined,
      { 'Cluster-IP': 'None', 'External-IP': '<none>', 'Port(s)': '<none>', Selector: '<none>' },
    ],
    [
      'prints external IPs of a ClusterIP service',
      { type: 'ClusterIP', ...clusterIP, externalIPs: ['1.2.3.4', '5.6.7.8'], ports: [{ port: 53, protocol: 'UDP' }] },
      undefined,
      { 'External-IP': '1.2.3.4,5.6.7.8', 'Port(s)': '53/UDP' },
    ],
    [
      'prints node ports as port:nodePort/protocol',
      {
        type: 'NodePort',
        ...clusterIP,
        ports: [
          { name: 'http', port: 8080, nodePort: 31234, protocol: 'TCP' },
          { name: 'dns', port: 53, nodePort: 31053, protocol: 'UDP' },
        ],
      },
      undefined,
      { 'External-IP': '<none>', 'Port(s)': '8080:31234/TCP,53:31053/UDP' },
    ],
    [
      'prints <pending> for a LoadBalancer without ingress',
      { type: 'LoadBalancer', ...clusterIP, ports: [{ port: 443, nodePort: 30443, protocol: 'TCP' }] },
      undefined,
      { 'External-IP': '<pending>', 'Port(s)': '443:30443/TCP' },
    ],
    [
      'prints ingress IPs and hostnames sorted and unique, without clipping',
      { type: 'LoadBalancer', ...clusterIP },
      { loadBalancer: { ingress: [{ ip: '203.0.113.9' }, { hostname: 'a1b2c3.elb.us-east-1.amazonaws.com' }, { ip: '203.0.113.9' }] } },
      { 'External-IP': '203.0.113.9,a1b2c3.elb.us-east-1.amazonaws.com' },
    ],
    [
      'prints ingress followed by external IPs',
      { type: 'LoadBalancer', ...clusterIP, externalIPs: ['198.51.100.1'] },
      { loadBalancer: { ingress: [{ ip: '203.0.113.9' }] } },
      { 'External-IP': '203.0.113.9,198.51.100.1' },
    ],
    [
      'prints the external name and <none> cluster IP of an ExternalName service',
      { type: 'ExternalName', externalName: 'db.example.com' },
      undefined,
      { Type: 'ExternalName', 'Cluster-IP': '<none>', 'External-IP': 'db.example.com' },
    ],
  ])('%s', (_, spec, status, expected) => {
    expect(row(servicePrinter, service(spec, status))).toMatchObject(expected);
  });
});
