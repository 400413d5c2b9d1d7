import type { PersistentVolume, PersistentVolumeClaim, Pod, StorageClass } from '../../../shared/api/types';
import { PersistentVolume as PvSchema, PersistentVolumeClaim as PvcSchema, StorageClass as ScSchema } from '../../../shared/api/types';
import {
  ERR_REASON_BIND_CONFLICT,
  ERR_REASON_NODE_CONFLICT,
  ERR_REASON_PV_NOT_EXIST,
  ERR_REASON_UNBOUND_IMMEDIATE,
  claimsToSelectNode,
  classProvisionsOn,
  podVolumeClaims,
  volumesFitNode,
} from '../../../shared/scheduler/plugins/volume-binding';
import { isScheduled, schedulePod } from '../../../shared/scheduler/framework';
import { defaultProfile } from '../../../shared/scheduler/profile';
import { buildSnapshot, StorageView } from '../../../shared/scheduler/snapshot';
import { makeNode, makePod } from '../fixtures';

const sc = (name: string, mode: string, extra: Record<string, unknown> = {}): StorageClass => ScSchema.parse({ metadata: { name }, provisioner: 'simulated.skiff.dev', volumeBindingMode: mode, ...extra });
const claim = (name: string, spec: Record<string, unknown> = {}, extra: { annotations?: Record<string, string>; phase?: string; deleting?: boolean } = {}): PersistentVolumeClaim =>
  PvcSchema.parse({
    metadata: { name, namespace: 'default', uid: `uid-${name}`, annotations: extra.annotations, ...(extra.deleting ? { deletionTimestamp: '2025-01-01T00:00:00Z' } : {}) },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...spec },
    status: { phase: extra.phase ?? 'Pending' },
  });
const bound = (name: string, volume: string) => claim(name, { storageClassName: 'standard', volumeName: volume }, { annotations: { 'pv.kubernetes.io/bind-completed': 'yes' }, phase: 'Bound' });
const zoneAffinity = (zone: string) => ({ required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: [zone] }] }] } });
const pv = (name: string, spec: Record<string, unknown> = {}, phase = 'Available'): PersistentVolume =>
  PvSchema.parse({ metadata: { name }, spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], storageClassName: 'local', hostPath: { path: '/d' }, ...spec }, status: { phase } });
const withClaims = (...names: string[]): Pod => {
  const pod = makePod({ name: 'web-0' });
  pod.spec = { ...pod.spec!, volumes: names.map((n, i) => ({ name: `v${i}`, persistentVolumeClaim: { claimName: n } })) };
  return pod;
};
const storage = (claims: PersistentVolumeClaim[], volumes: PersistentVolume[] = [], classes: StorageClass[] = [sc('standard', 'WaitForFirstConsumer'), sc('fast', 'Immediate')]): StorageView => ({
  claims: new Map(claims.map((c) => [`default/${c.metadata!.name}`, c])),
  volumes: new Map(volumes.map((v) => [v.metadata!.name!, v])),
  classes: new Map(classes.map((c) => [c.metadata!.name!, c])),
});

describe('VolumeBinding', () => {
  describe('podVolumeClaims', () => {
    it.each<[string, Pod, StorageView, unknown]>([
      ['skips a pod without claims', makePod({ name: 'p' }), storage([]), 'Skip'],
      ['rejects a missing claim with upstream\'s message', withClaims('x'), storage([]), { code: 'UnschedulableAndUnresolvable', reasons: ['persistentvolumeclaim "x" not found'] }],
      ['rejects a claim being deleted', withClaims('x'), storage([claim('x', { storageClassName: 'standard' }, { deleting: true })]), { code: 'UnschedulableAndUnresolvable', reasons: ['persistentvolumeclaim "x" is being deleted'] }],
      ['rejects a lost claim', withClaims('x'), storage([claim('x', { volumeName: 'gone' }, { phase: 'Lost' })]), { code: 'UnschedulableAndUnresolvable', reasons: ['persistentvolumeclaim "x" bound to non-existent persistentvolume "gone"'] }],
      ['makes an unbound Immediate claim wait', withClaims('x'), storage([claim('x', { storageClassName: 'fast' })]), { code: 'UnschedulableAndUnresolvable', reasons: [ERR_REASON_UNBOUND_IMMEDIATE] }],
      ['treats a claim with no class as Immediate', withClaims('x'), storage([claim('x', { storageClassName: '' })]), { code: 'UnschedulableAndUnresolvable', reasons: [ERR_REASON_UNBOUND_IMMEDIATE] }],
      ['treats a claim of an unknown class as Immediate', withClaims('x'), storage([claim('x', { storageClassName: 'nope' })]), { code: 'UnschedulableAndUnresolvable', reasons: [ERR_REASON_UNBOUND_IMMEDIATE] }],
      ['delays an unbound WaitForFirstConsumer claim', withClaims('x'), storage([claim('x', { storageClassName: 'standard' })]), { bound: [], delayed: [expect.objectContaining({ metadata: expect.objectContaining({ name: 'x' }) })] }],
      ['keeps bound claims apart', withClaims('b'), storage([bound('b', 'pv-1')]), { bound: [expect.objectContaining({ metadata: expect.objectContaining({ name: 'b' }) })], delayed: [] }],
    ])('%s', (_, pod, view, expected) => {
      expect(podVolumeClaims(pod, view)).toEqual(expected);
    });
  });

  describe('volumesFitNode', () => {
    const east = makeNode({ name: 'east', labels: { 'topology.kubernetes.io/zone': 'east' } });
    const west = makeNode({ name: 'west', labels: { 'topology.kubernetes.io/zone': 'west' } });
    it.each<[string, PersistentVolumeClaim[], PersistentVolume[], StorageClass[], string | undefined]>([
      ['admits a bound claim whose volume has no node affinity', [bound('b', 'pv-1')], [pv('pv-1', {}, 'Bound')], [], undefined],
      ['admits a bound claim whose volume reaches the node', [bound('b', 'pv-1')], [pv('pv-1', { nodeAffinity: zoneAffinity('east') }, 'Bound')], [], undefined],
      ['rejects a bound claim whose volume is elsewhere', [bound('b', 'pv-1')], [pv('pv-1', { nodeAffinity: zoneAffinity('west') }, 'Bound')], [], ERR_REASON_NODE_CONFLICT],
      ['rejects a bound claim whose volume is gone', [bound('b', 'pv-1')], [], [], ERR_REASON_PV_NOT_EXIST],
      ['admits a delayed claim its class may provision', [claim('d', { storageClassName: 'standard' })], [], [sc('standard', 'WaitForFirstConsumer')], undefined],
      ['rejects a delayed claim whose class allows other zones only', [claim('d', { storageClassName: 'standard' })], [], [sc('standard', 'WaitForFirstConsumer', { allowedTopologies: [{ matchLabelExpressions: [{ key: 'topology.kubernetes.io/zone', values: ['west'] }] }] })], ERR_REASON_BIND_CONFLICT],
      ['admits a delayed claim with a free local volume on the node', [claim('d', { storageClassName: 'local' })], [pv('pv-l', { nodeAffinity: zoneAffinity('east') })], [sc('local', 'WaitForFirstConsumer', { provisioner: 'kubernetes.io/no-provisioner' })], undefined],
      ['rejects a delayed claim whose only local volume is elsewhere', [claim('d', { storageClassName: 'local' })], [pv('pv-l', { nodeAffinity: zoneAffinity('west') })], [sc('local', 'WaitForFirstConsumer', { provisioner: 'kubernetes.io/no-provisioner' })], ERR_REASON_BIND_CONFLICT],
    ])('%s', (_, claims, volumes, classes, reason) => {
      const view = storage(claims, volumes, classes);
      const found = podVolumeClaims(withClaims(...claims.map((c) => c.metadata!.name!)), view);
      if (found === 'Skip' || 'code' in found) throw new Error('expected claims');
      expect(volumesFitNode(found, view, east)).toEqual(reason ? { code: 'UnschedulableAndUnresolvable', reasons: [reason] } : { code: 'Success', reasons: [] });
    });

    it('reads allowedTopologies as upstream: any term, every expression', () => {
      const zoned = sc('z', 'WaitForFirstConsumer', { allowedTopologies: [{ matchLabelExpressions: [{ key: 'topology.kubernetes.io/zone', values: ['west', 'north'] }] }] });
      expect([classProvisionsOn(zoned, east), classProvisionsOn(zoned, west)]).toEqual([false, true]);
    });
  });

  describe('in the default profile', () => {
    const nodes = [makeNode({ name: 'a' }), makeNode({ name: 'b' }), makeNode({ name: 'c' })];
    const decide = (pod: Pod, view: StorageView) => schedulePod(pod, buildSnapshot(nodes, [], { storage: view }), defaultProfile());

    it('leaves a pod with a missing claim unschedulable with upstream\'s message', () => {
      const result = decide(withClaims('x'), storage([]));
      expect(isScheduled(result)).toBe(false);
      expect(!isScheduled(result) && result.message).toMatch(/^0\/3 nodes are available: persistentvolumeclaim "x" not found\./);
    });

    it('makes a pod wait for its unbound Immediate claim', () => {
      const result = decide(withClaims('x'), storage([claim('x', { storageClassName: 'fast' })]));
      expect(!isScheduled(result) && result.message).toMatch(/^0\/3 nodes are available: pod has unbound immediate PersistentVolumeClaims\./);
    });

    it('places a pod with a WaitForFirstConsumer claim and names the claim for the node', () => {
      const view = storage([claim('x', { storageClassName: 'standard' })]);
      const pod = withClaims('x');
      expect(isScheduled(decide(pod, view))).toBe(true);
      expect(claimsToSelectNode(pod, view).map((c) => c.metadata?.name)).toEqual(['x']);
      const selected = storage([claim('x', { storageClassName: 'standard' }, { annotations: { 'volume.kubernetes.io/selected-node': 'a' } })]);
      expect(claimsToSelectNode(pod, selected)).toEqual([]);
    });
  });
});
