import type { Pod } from '../../../shared/api/types';
import { mapPod } from '../../../shared/nodes/ecs/task-definition';
import { efsVolumeOf, mountPointsOf } from '../../../shared/nodes/ecs/volumes';
import { inputs, pod } from './support';

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

describe('mapPod with claims', () => {
  const withClaims = pod({
    volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'shared' } }, { name: 'scratch', persistentVolumeClaim: { claimName: 'sim' } }],
    containers: [{ name: 'app', image: 'nginx', volumeMounts: [{ name: 'data', mountPath: '/data' }, { name: 'scratch', mountPath: '/tmp/s' }] }],
  });
  const claimVolumes = new Map([
    ['shared', { spec: { csi: { driver: 'efs.csi.aws.com', volumeHandle: 'fs-9::fsap-7' }, mountOptions: ['tls', 'iam'] } }],
    ['sim', { spec: { csi: { driver: 'simulated.skiff.dev', volumeHandle: 'pvc-2' } } }],
  ]);

  it.each([
    ['bound claims: EFS through its access point, a simulated one empty', claimVolumes, [{ name: 'data', efsVolumeConfiguration: { fileSystemId: 'fs-9', transitEncryption: 'ENABLED', authorizationConfig: { accessPointId: 'fsap-7', iam: 'ENABLED' } } }, { name: 'scratch' }]],
    ['no claim volumes resolved', new Map(), [{ name: 'data' }, { name: 'scratch' }]],
  ])('maps %s', (_, volumes, expected) => {
    const mapped = mapPod(withClaims, inputs({ claimVolumes: volumes }));
    expect(mapped.input.volumes).toEqual(expected);
    expect(mapped.input.containerDefinitions?.[0].mountPoints).toEqual([{ sourceVolume: 'data', containerPath: '/data', readOnly: false }, { sourceVolume: 'scratch', containerPath: '/tmp/s', readOnly: false }]);
  });

  it('gives pods on different access points different task definitions', () => {
    const other = new Map([...claimVolumes, ['shared', { spec: { csi: { driver: 'efs.csi.aws.com', volumeHandle: 'fs-9::fsap-8' } } }]]);
    expect(mapPod(withClaims, inputs({ claimVolumes })).digest).not.toBe(mapPod(withClaims, inputs({ claimVolumes: other })).digest);
  });
});
