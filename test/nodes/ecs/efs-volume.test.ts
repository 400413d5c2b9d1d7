import type { Pod } from '../../../shared/api/types';
import { efsVolumeOf, mountPointsOf } from '../../../shared/nodes/ecs/volumes';

const efs = (volumeHandle: string, mountOptions?: string[]) => ({ spec: { csi: { driver: 'efs.csi.aws.com', volumeHandle }, ...(mountOptions ? { mountOptions } : {}) } });

describe('efsVolumeOf', () => {
  it.each([
    ['an access point PV', efs('fs-123::fsap-abc'), { name: 'data', efsVolumeConfiguration: { fileSystemId: 'fs-123', transitEncryption: 'ENABLED', authorizationConfig: { accessPointId: 'fsap-abc', iam: 'DISABLED' } } }],
    ['an access point PV mounted with iam', efs('fs-123::fsap-abc', ['tls', 'iam']), { name: 'data', efsVolumeConfiguration: { fileSystemId: 'fs-123', transitEncryption: 'ENABLED', authorizationConfig: { accessPointId: 'fsap-abc', iam: 'ENABLED' } } }],
    ['a whole file system PV', efs('fs-123'), { name: 'data', efsVolumeConfiguration: { fileSystemId: 'fs-123', transitEncryption: 'ENABLED', rootDirectory: '/' } }],
    ['a sub-path PV with iam', efs('fs-123:/shared', ['iam']), { name: 'data', efsVolumeConfiguration: { fileSystemId: 'fs-123', transitEncryption: 'ENABLED', rootDirectory: '/shared', authorizationConfig: { iam: 'ENABLED' } } }],
    ['a simulated PV', { spec: { csi: { driver: 'simulated.skiff.dev', volumeHandle: 'pvc-1' } } }, undefined],
    ['no PV', undefined, undefined],
  ])('maps %s', (_, pv, expected) => {
    expect(efsVolumeOf('data', pv)).toEqual(expected);
  });
});

describe('mountPointsOf for claims', () => {
  const pod = (readOnlyClaim: boolean): Pod => ({
    metadata: { name: 'p', namespace: 'default' },
    spec: { volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'c', readOnly: readOnlyClaim } }], containers: [{ name: 'app', image: 'nginx', volumeMounts: [{ name: 'data', mountPath: '/data' }, { name: 'data', mountPath: '/ro', readOnly: true }] }] },
  });
  it.each([
    ['a writable claim', false, [false, true]],
    ['a read-only claim', true, [true, true]],
  ])('honours readOnly of %s and of each mount', (_, ro, expected) => {
    const p = pod(ro);
    expect(mountPointsOf(p, (p.spec?.containers ?? [])[0]).map((m) => m.readOnly)).toEqual(expected);
  });
});
