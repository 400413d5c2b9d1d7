import { Node } from '../../../shared/api/types';
import { nodePrinter } from '../../../shared/apiserver/printers/node';
import { DAY, ago, columnShape, row } from './fixtures';

const nodeInfo = {
  machineID: 'm',
  systemUUID: 'u',
  bootID: 'b',
  kernelVersion: '6.1.0-18-amd64',
  osImage: 'Debian GNU/Linux 12 (bookworm)',
  containerRuntimeVersion: 'containerd://1.7.13',
  kubeletVersion: 'v1.33.1',
  kubeProxyVersion: '',
  operatingSystem: 'linux',
  architecture: 'amd64',
};

function node(fields: { labels?: Record<string, string>; spec?: Record<string, unknown>; status?: Record<string, unknown> }): Node {
  return Node.parse({ metadata: { name: 'node-1', creationTimestamp: ago(10 * DAY), labels: fields.labels }, spec: fields.spec, status: fields.status });
}

describe('nodePrinter', () => {
  it('declares upstream columns', () => {
    expect(columnShape(nodePrinter)).toEqual([
      ['Name', 'string', 0],
      ['Status', 'string', 0],
      ['Roles', 'string', 0],
      ['Age', 'string', 0],
      ['Version', 'string', 0],
      ['Internal-IP', 'string', 1],
      ['External-IP', 'string', 1],
      ['OS-Image', 'string', 1],
      ['Kernel-Version', 'string', 1],
      ['Container-Runtime', 'string', 1],
    ]);
  });

  it.each<[string, Parameters<typeof node>[0], Record<string, string>]>([
    ['prints Ready for a Ready condition that is True', { status: { conditions: [{ type: 'Ready', status: 'True' }] } }, { Status: 'Ready' }],
    ['prints NotReady for a Ready condition that is False', { status: { conditions: [{ type: 'Ready', status: 'False' }] } }, { Status: 'NotReady' }],
    ['prints NotReady for a Ready condition that is Unknown', { status: { conditions: [{ type: 'Ready', status: 'Unknown' }] } }, { Status: 'NotReady' }],
    ['prints Unknown without a Ready condition', { status: { conditions: [{ type: 'MemoryPressure', status: 'False' }] } }, { Status: 'Unknown' }],
    [
      'appends SchedulingDisabled for a cordoned node',
      { spec: { unschedulable: true }, status: { conditions: [{ type: 'Ready', status: 'True' }] } },
      { Status: 'Ready,SchedulingDisabled' },
    ],
    ['prints <none> without role labels', {}, { Roles: '<none>' }],
    [
      'collects roles from node-role labels and kubernetes.io/role, sorted and unique',
      {
        labels: {
          'node-role.kubernetes.io/worker': '',
          'node-role.kubernetes.io/control-plane': '',
          'node-role.kubernetes.io/': '',
          'kubernetes.io/role': 'worker',
          'kubernetes.io/hostname': 'node-1',
        },
      },
      { Roles: 'control-plane,worker' },
    ],
  ])('%s', (_, fields, expected) => {
    expect(row(nodePrinter, node(fields))).toMatchObject(expected);
  });

  it('prints the kubelet version and the wide columns from node info and addresses', () => {
    const cells = row(
      nodePrinter,
      node({
        status: {
          nodeInfo,
          addresses: [
            { type: 'Hostname', address: 'node-1' },
            { type: 'InternalIP', address: '10.0.1.5' },
            { type: 'ExternalIP', address: '54.1.2.3' },
          ],
        },
      }),
    );

    expect(cells).toEqual({
      Name: 'node-1',
      Status: 'Unknown',
      Roles: '<none>',
      Age: '10d',
      Version: 'v1.33.1',
      'Internal-IP': '10.0.1.5',
      'External-IP': '54.1.2.3',
      'OS-Image': 'Debian GNU/Linux 12 (bookworm)',
      'Kernel-Version': '6.1.0-18-amd64',
      'Container-Runtime': 'containerd://1.7.13',
    });
  });

  it('prints <none> and <unknown> for a node that has not reported yet', () => {
    expect(row(nodePrinter, node({}))).toMatchObject({
      Version: '',
      'Internal-IP': '<none>',
      'External-IP': '<none>',
      'OS-Image': '<unknown>',
      'Kernel-Version': '<unknown>',
      'Container-Runtime': '<unknown>',
    });
  });
});
