import { TAINT_UNINITIALIZED } from '../../shared/cloud-controller-manager/node-plan';
import { networkConditions } from '../../shared/cloud-controller-manager/route-plan';
import { ec2Node } from './support';

const ID = 'i-0123456789abcdef0';
const NOW = new Date('2026-06-01T12:00:00Z');
const initialized = () => ec2Node(ID, { taints: [], providerID: `aws:///us-east-1a/${ID}` });

describe('networkConditions', () => {
  it('sets NetworkUnavailable=False with upstream\'s reason once the node is initialized', () => {
    const conditions = networkConditions(initialized(), NOW);
    expect(conditions?.find((c) => c.type === 'NetworkUnavailable')).toEqual({
      type: 'NetworkUnavailable',
      status: 'False',
      reason: 'RouteCreated',
      message: 'RouteController created a route',
      lastHeartbeatTime: '2026-06-01T12:00:00Z',
      lastTransitionTime: '2026-06-01T12:00:00Z',
    });
    expect(conditions?.map((c) => c.type)).toEqual(['Ready', 'NetworkUnavailable']);
  });

  it.each([
    ['an uninitialized node', ec2Node(ID, { taints: [{ key: TAINT_UNINITIALIZED, value: 'true', effect: 'NoSchedule' }] })],
    ['a Fargate virtual node', ec2Node('fargate-us-east-1a', { computeType: 'fargate', taints: [] })],
    ['a node without providerID', ec2Node(ID, { taints: [] })],
  ])('leaves %s alone', (_what, node) => {
    expect(networkConditions(node, NOW)).toBeUndefined();
  });

  it('changes nothing once the condition is False, and replaces a True one', () => {
    const node = initialized();
    node.status = { ...node.status, conditions: networkConditions(node, NOW) };
    expect(networkConditions(node, NOW)).toBeUndefined();
    node.status.conditions = [{ type: 'NetworkUnavailable', status: 'True', reason: 'NoRouteCreated' }];
    expect(networkConditions(node, NOW)?.filter((c) => c.type === 'NetworkUnavailable')).toHaveLength(1);
  });
});
