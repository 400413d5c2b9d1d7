import { efsVolumeOf } from '../../../shared/nodes/ecs/volumes';

describe('efsVolumeOf', () => {
  it.each([
    ['an access point PV', { spec: { csi: { driver: 'efs.csi.aws.com', volumeHandle: 'fs-123::fsap-abc' } } }, { name: 'data', efsVolumeConfiguration: { fileSystemId: 'fs-123', transitEncryption: 'ENABLED', authorizationConfig: { accessPointId: 'fsap-abc', iam: 'ENABLED' } } }],
    ['a whole file system PV', { spec: { csi: { driver: 'efs.csi.aws.com', volumeHandle: 'fs-123' } } }, { name: 'data', efsVolumeConfiguration: { fileSystemId: 'fs-123', transitEncryption: 'ENABLED', rootDirectory: '/' } }],
    ['a simulated PV', { spec: { csi: { driver: 'simulated.skiff.dev', volumeHandle: 'pvc-1' } } }, undefined],
    ['no PV', undefined, undefined],
  ])('maps %s', (_, pv, expected) => {
    expect(efsVolumeOf('data', pv)).toEqual(expected);
  });
});
