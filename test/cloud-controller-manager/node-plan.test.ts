import {
  addressesChanged,
  capacityFor,
  initializedNode,
  InstanceFacts,
  instanceIdOf,
  isEc2Node,
  lifecycleAction,
  nodeAddresses,
  regionOfZone,
  TAINT_SHUTDOWN,
  TAINT_UNINITIALIZED,
} from '../../shared/cloud-controller-manager/node-plan';
import { ec2Node } from './support';

const ID = 'i-0123456789abcdef0';
const RUNNING: InstanceFacts = {
  id: ID,
  state: 'running',
  type: 'm5.large',
  zone: 'us-east-1b',
  privateIp: '172.31.16.4',
  privateDns: 'ip-172-31-16-4.ec2.internal',
  publicIp: '54.1.2.3',
  publicDns: 'ec2-54-1-2-3.compute-1.amazonaws.com',
};

describe('isEc2Node', () => {
  it.each([
    ['an ec2-labelled node', ec2Node(ID), true],
    ['a Fargate virtual node', ec2Node('fargate-us-east-1a', { computeType: 'fargate' }), false],
    ['an instance-named node labelled fargate', ec2Node(ID, { computeType: 'fargate' }), false],
    ['a simulated node', { metadata: { name: 'skiff-worker-1' } }, false],
    ['an unlabelled node named by instance id', { metadata: { name: ID } }, true],
  ])('%s -> %s', (_what, node, expected) => {
    expect(isEc2Node(node)).toBe(expected);
  });
});

describe('instanceIdOf', () => {
  it('reads the providerID before the name', () => {
    expect(instanceIdOf(ec2Node('renamed', { providerID: `aws:///us-east-1a/${ID}` }))).toBe(ID);
    expect(instanceIdOf(ec2Node(ID))).toBe(ID);
    expect(instanceIdOf(ec2Node('not-an-instance'))).toBeUndefined();
  });
});

describe('regionOfZone', () => {
  it.each([
    ['us-east-1a', 'us-east-1'],
    ['eu-west-3c', 'eu-west-3'],
    ['us-west-2-lax-1a', 'us-west-2'],
  ])('%s is in %s', (zone, region) => expect(regionOfZone(zone)).toBe(region));
});

describe('nodeAddresses', () => {
  it('lists private then public addresses, the private DNS name as Hostname', () => {
    expect(nodeAddresses(RUNNING)).toEqual([
      { type: 'InternalIP', address: '172.31.16.4' },
      { type: 'ExternalIP', address: '54.1.2.3' },
      { type: 'InternalDNS', address: 'ip-172-31-16-4.ec2.internal' },
      { type: 'Hostname', address: 'ip-172-31-16-4.ec2.internal' },
      { type: 'ExternalDNS', address: 'ec2-54-1-2-3.compute-1.amazonaws.com' },
    ]);
  });

  it('leaves out the external ones of an instance without a public IP', () => {
    const types = nodeAddresses({ ...RUNNING, publicIp: undefined, publicDns: undefined }).map((a) => a.type);
    expect(types).toEqual(['InternalIP', 'InternalDNS', 'Hostname']);
  });

  it('sees a changed address, not a reordered one', () => {
    const node = ec2Node(ID);
    node.status = { ...node.status, addresses: [...nodeAddresses(RUNNING)].reverse() };
    expect(addressesChanged(node, RUNNING)).toBe(false);
    expect(addressesChanged(node, { ...RUNNING, publicIp: '54.9.9.9' })).toBe(true);
  });
});

describe('initializedNode', () => {
  it('sets providerID and the upstream labels and drops only the uninitialized taint', () => {
    const node = ec2Node(ID, { taints: [{ key: TAINT_UNINITIALIZED, value: 'true', effect: 'NoSchedule' }, { key: 'dedicated', value: 'db', effect: 'NoSchedule' }] });
    const out = initializedNode(node, RUNNING, undefined);
    expect(out.spec?.providerID).toBe(`aws:///us-east-1b/${ID}`);
    expect(out.spec?.taints).toEqual([{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }]);
    expect(out.metadata?.labels).toMatchObject({
      'node.kubernetes.io/instance-type': 'm5.large',
      'beta.kubernetes.io/instance-type': 'm5.large',
      'topology.kubernetes.io/zone': 'us-east-1b',
      'failure-domain.beta.kubernetes.io/zone': 'us-east-1b',
      'topology.kubernetes.io/region': 'us-east-1',
      'failure-domain.beta.kubernetes.io/region': 'us-east-1',
      'skiff.dev/compute-type': 'ec2',
    });
  });

  it('keeps a providerID already set and leaves no empty taint list', () => {
    const out = initializedNode(ec2Node(ID, { providerID: `aws:///us-east-1a/${ID}` }), RUNNING, undefined);
    expect(out.spec?.providerID).toBe(`aws:///us-east-1a/${ID}`);
    expect(out.spec?.taints).toBeUndefined();
  });
});

describe('capacityFor', () => {
  const type = { vcpus: 2, memoryMiB: 8192 };
  it.each([
    ['a node that reports none gets the instance type\'s', undefined, { cpu: '2', memory: '8192Mi', pods: '110' }],
    ['a node that reports its registered resources keeps them', { cpu: '2048m', memory: '7482Mi', pods: '20' }, { cpu: '2048m', memory: '7482Mi', pods: '20' }],
    ['a node with cpu only is completed', { cpu: '4' }, { cpu: '4', memory: '8192Mi', pods: '110' }],
  ])('%s', (_what, capacity, expected) => {
    expect(capacityFor(ec2Node(ID, { capacity }), type).capacity).toEqual(expected);
  });
});

describe('lifecycleAction', () => {
  const tainted = [{ key: TAINT_SHUTDOWN, effect: 'NoSchedule' }];
  it.each([
    ['Ready, running', 'True', RUNNING, false, [], 'none'],
    ['Ready with the shutdown taint', 'True', { ...RUNNING, state: 'stopped' }, false, tainted, 'remove-shutdown-taint'],
    ['NotReady, instance terminated', 'False', { ...RUNNING, state: 'terminated' }, false, [], 'delete'],
    ['Unknown, instance gone', 'Unknown', undefined, false, [], 'delete'],
    ['NotReady, container instance deregistered', 'False', RUNNING, true, [], 'delete'],
    ['NotReady, stopped', 'False', { ...RUNNING, state: 'stopped' }, false, [], 'taint-shutdown'],
    ['NotReady, stopped and tainted already', 'Unknown', { ...RUNNING, state: 'stopped' }, false, tainted, 'none'],
    ['NotReady, running again with the taint', 'False', RUNNING, false, tainted, 'remove-shutdown-taint'],
    ['NotReady, stopping', 'False', { ...RUNNING, state: 'stopping' }, false, [], 'none'],
    ['Ready, instance gone: the kubelet decides first', 'True', undefined, false, [], 'none'],
  ] as const)('%s -> %s', (_what, ready, instance, ciGone, taints, expected) => {
    expect(lifecycleAction(ec2Node(ID, { ready, taints: [...taints] }), instance, ciGone)).toBe(expected);
  });
});
