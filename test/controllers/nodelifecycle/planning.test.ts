import { Lease, Node, Taint, Toleration } from '../../../shared/api/types';
import { observeNodeHealth } from '../../../shared/controllers/nodelifecycle/health';
import { desiredTaints, evictionDecision, sameTaints, tolerates } from '../../../shared/controllers/nodelifecycle/taints';

const now = new Date('2025-01-01T00:01:00Z');
const at = (s: number) => new Date(now.getTime() + s * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

function node(readyHeartbeat?: number, status = 'True'): Node {
  return Node.parse({
    metadata: { name: 'n1', creationTimestamp: at(-600) },
    status: {
      conditions:
        readyHeartbeat === undefined
          ? []
          : [
              { type: 'MemoryPressure', status: 'False', lastHeartbeatTime: at(readyHeartbeat), lastTransitionTime: at(-600), reason: 'KubeletHasSufficientMemory' },
              { type: 'Ready', status, lastHeartbeatTime: at(readyHeartbeat), lastTransitionTime: at(-600), reason: 'KubeletReady' },
            ],
    },
  });
}
const lease = (renewed: number): Lease => Lease.parse({ metadata: { name: 'n1' }, spec: { holderIdentity: 'n1', renewTime: at(renewed).replace('Z', '.000000Z') } });

describe('observeNodeHealth', () => {
  it.each<[string, Node, Lease | undefined, string | undefined, boolean]>([
    ['a renewed lease keeps a node with an old status heartbeat healthy', node(-300), lease(-5), 'True', false],
    ['a recent status heartbeat keeps a node without a lease healthy', node(-10), undefined, 'True', false],
    ['a lease and heartbeat older than the grace period make it Unknown', node(-300), lease(-41), 'Unknown', true],
    ['a node that never posted status goes Unknown after the grace period from creation', node(), undefined, 'Unknown', true],
    ['a NotReady node that still heartbeats stays NotReady', node(-5, 'False'), lease(-5), 'False', false],
  ])('%s', (_, n, l, ready, changed) => {
    const health = observeNodeHealth(n, l, now, 40);
    expect([health.ready, health.changed]).toEqual([ready, changed]);
  });

  it('turns every kubelet condition Unknown, with upstream reasons', () => {
    const health = observeNodeHealth(node(-300), lease(-100), now, 40);
    expect(health.conditions.map((c) => [c.type, c.status, c.reason, c.message])).toEqual([
      ['MemoryPressure', 'Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.'],
      ['Ready', 'Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.'],
      ['DiskPressure', 'Unknown', 'NodeStatusNeverUpdated', 'Kubelet never posted node status.'],
      ['PIDPressure', 'Unknown', 'NodeStatusNeverUpdated', 'Kubelet never posted node status.'],
    ]);
    expect(health.conditions.find((c) => c.type === 'Ready')?.lastTransitionTime).toBe(at(0));
  });

  it('says when a healthy node would go stale', () => {
    expect(observeNodeHealth(node(-300), lease(-5), now, 40).staleAt).toBe(now.getTime() + 35_000);
  });

  it('leaves an already Unknown node unchanged', () => {
    const unknown = observeNodeHealth(node(-300), lease(-100), now, 40);
    const again = observeNodeHealth({ ...node(-300), status: { conditions: unknown.conditions } }, lease(-100), new Date(now.getTime() + 5000), 40);
    expect(again.changed).toBe(false);
  });
});

describe('desiredTaints', () => {
  const custom: Taint = { key: 'example.com/dedicated', value: 'db', effect: 'NoSchedule' };
  it.each<[string, Taint[], string | undefined, string[]]>([
    ['Unknown adds unreachable', [custom], 'Unknown', ['example.com/dedicated:NoSchedule', 'node.kubernetes.io/unreachable:NoSchedule', 'node.kubernetes.io/unreachable:NoExecute']],
    ['False adds not-ready', [], 'False', ['node.kubernetes.io/not-ready:NoSchedule', 'node.kubernetes.io/not-ready:NoExecute']],
    ['Unknown replaces not-ready', [{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }], 'Unknown', ['node.kubernetes.io/unreachable:NoSchedule', 'node.kubernetes.io/unreachable:NoExecute']],
    ['True removes both, keeps the rest', [custom, { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }], 'True', ['example.com/dedicated:NoSchedule']],
    ['never posted adds nothing', [], undefined, []],
  ])('%s', (_, current, ready, expected) => {
    expect(desiredTaints(current, ready, now).map((t) => `${t.key}:${t.effect}`)).toEqual(expected);
  });

  it('stamps new NoExecute taints and keeps the time of existing ones', () => {
    const first = desiredTaints([], 'Unknown', now);
    expect(first.find((t) => t.effect === 'NoExecute')?.timeAdded).toBe(at(0));
    const later = desiredTaints(first, 'Unknown', new Date(now.getTime() + 60_000));
    expect(sameTaints(later, first)).toBe(true);
  });
});

describe('tolerates', () => {
  const taint: Taint = { key: 'k', value: 'v', effect: 'NoExecute' };
  it.each<[string, Toleration, boolean]>([
    ['Exists on the key', { key: 'k', operator: 'Exists' }, true],
    ['Equal with the value', { key: 'k', operator: 'Equal', value: 'v' }, true],
    ['Equal by default', { key: 'k', value: 'v' }, true],
    ['Equal with another value', { key: 'k', value: 'w' }, false],
    ['another effect', { key: 'k', operator: 'Exists', effect: 'NoSchedule' }, false],
    ['empty key with Exists tolerates everything', { operator: 'Exists' }, true],
    ['another key', { key: 'x', operator: 'Exists' }, false],
  ])('%s', (_, toleration, expected) => {
    expect(tolerates(toleration, taint)).toBe(expected);
  });
});

describe('evictionDecision', () => {
  const unreachable: Taint = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: at(-10) };
  const noSchedule: Taint = { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' };
  const tolerate = (seconds?: number): Toleration => ({ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', ...(seconds !== undefined ? { tolerationSeconds: seconds } : {}) });
  it.each<[string, Toleration[], Taint[], ReturnType<typeof evictionDecision>]>([
    ['no NoExecute taint', [], [noSchedule], { evict: 'never' }],
    ['an intolerant pod goes now', [], [unreachable], { evict: 'now' }],
    ['tolerated forever', [tolerate()], [unreachable], { evict: 'never' }],
    ['tolerated for 300 s goes 300 s after the taint', [tolerate(300)], [unreachable], { evict: 'at', at: now.getTime() + 290_000 }],
    ['tolerated for 5 s, already past', [tolerate(5)], [unreachable], { evict: 'now' }],
    ['a negative toleration counts as zero', [tolerate(-1)], [unreachable], { evict: 'now' }],
    ['one intolerable taint among tolerated ones', [tolerate()], [unreachable, { key: 'other', effect: 'NoExecute' }], { evict: 'now' }],
  ])('%s', (_, tolerations, taints, expected) => {
    expect(evictionDecision(tolerations, taints, now)).toEqual(expected);
  });
});
