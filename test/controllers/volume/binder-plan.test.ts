import { PersistentVolume, PersistentVolumeClaim, Pod, StorageClass } from '../../../shared/api/types';
import { planClaim, planVolume } from '../../../shared/controllers/volume/binder-plan';
import { SIMULATED_PROVISIONER } from '../../../shared/controllers/volume/provisioner';

const claim = (o: { class?: string; size?: string; volumeName?: string } = {}): PersistentVolumeClaim =>
  PersistentVolumeClaim.parse({ metadata: { name: 'data', namespace: 'default', uid: 'c1' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: o.size ?? '1Gi' } }, storageClassName: o.class ?? 'standard', volumeName: o.volumeName }, status: { phase: 'Pending' } });
const pv = (name: string, size: string, o: { class?: string; claimUid?: string; phase?: string; policy?: string } = {}): PersistentVolume =>
  PersistentVolume.parse({
    metadata: { name },
    spec: { capacity: { storage: size }, accessModes: ['ReadWriteOnce'], storageClassName: o.class ?? 'standard', hostPath: { path: '/x' }, persistentVolumeReclaimPolicy: o.policy ?? 'Retain', ...(o.claimUid ? { claimRef: { namespace: 'default', name: 'data', uid: o.claimUid } } : {}) },
    status: { phase: o.phase ?? 'Available' },
  });
const sc = (mode: string, provisioner = SIMULATED_PROVISIONER): StorageClass => StorageClass.parse({ metadata: { name: 'standard' }, provisioner, volumeBindingMode: mode });
const consumer = (nodeName?: string): Pod => Pod.parse({ metadata: { name: 'p', namespace: 'default' }, spec: { nodeName, containers: [{ name: 'c', image: 'i' }], volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'data' } }] } });
const provisioners = new Set([SIMULATED_PROVISIONER]);

describe('planClaim', () => {
  it('binds the smallest fitting Available volume of the class', () => {
    const action = planClaim(claim(), [pv('big', '10Gi'), pv('small', '2Gi'), pv('tiny', '500Mi'), pv('other', '1Gi', { class: 'fast' })], [], [], provisioners);
    expect(action).toMatchObject({ type: 'bindVolume', volume: { metadata: { name: 'small' }, spec: { claimRef: { name: 'data', uid: 'c1' } } } });
  });

  it('binds the claim to a volume pre-bound to it', () => {
    expect(planClaim(claim(), [pv('pvc-c1', '1Gi', { claimUid: 'c1' })], [], [], provisioners)).toMatchObject({ type: 'bindClaim', claim: { spec: { volumeName: 'pvc-c1' }, status: { phase: 'Bound', capacity: { storage: '1Gi' } } } });
  });

  it.each([
    ['Immediate', undefined, 'provision'],
    ['WaitForFirstConsumer', undefined, 'event'],
    ['WaitForFirstConsumer', 'node-1', 'provision'],
  ])('under %s with a consumer on %s plans %s', (mode, node, type) => {
    expect(planClaim(claim(), [], [sc(mode)], [consumer(node)], provisioners).type).toBe(type);
  });

  it('waits for an external provisioner it does not run', () => {
    expect(planClaim(claim(), [], [sc('Immediate', 'ebs.csi.aws.com')], [], provisioners)).toMatchObject({ type: 'event', reason: 'ExternalProvisioning' });
  });

  it('marks a bound claim whose volume is gone Lost', () => {
    const bound = { ...claim({ volumeName: 'gone' }), status: { phase: 'Bound' } };
    expect(planClaim(bound, [], [], [], provisioners)).toMatchObject({ type: 'lost', claim: { status: { phase: 'Lost' } } });
  });
});

describe('planVolume', () => {
  it.each([
    [pv('a', '1Gi', { phase: 'Pending' }), undefined, { type: 'phase', phase: 'Available' }],
    [pv('a', '1Gi', { claimUid: 'c1' }), claim(), { type: 'phase', phase: 'Bound' }],
    [pv('a', '1Gi', { claimUid: 'c1', phase: 'Bound' }), undefined, { type: 'phase', phase: 'Released' }],
    [pv('a', '1Gi', { claimUid: 'c1', phase: 'Released', policy: 'Delete' }), undefined, { type: 'reclaimDelete' }],
    [pv('a', '1Gi', { claimUid: 'c1', phase: 'Released', policy: 'Retain' }), undefined, { type: 'none' }],
  ])('plans %#', (volume, c, expected) => {
    expect(planVolume(volume, c)).toEqual(expected);
  });
});
