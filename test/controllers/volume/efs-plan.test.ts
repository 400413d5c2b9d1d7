import type { PersistentVolumeClaim } from '../../../shared/api/types';
import { accessPointRequest, efsParameters, efsSource, freeGid, handleOf, ParameterError, rootPath } from '../../../shared/controllers/volume/efs-plan';

const claim: PersistentVolumeClaim = { metadata: { name: 'data-web-0', namespace: 'shop', uid: 'u1' }, spec: { accessModes: ['ReadWriteMany'], resources: { requests: { storage: '5Gi' } } } };
const base = { provisioningMode: 'efs-ap', fileSystemId: 'fs-0123', directoryPerms: '700' };
const params = (extra: Record<string, string> = {}) => efsParameters({ parameters: { ...base, ...extra } });

describe('efsParameters', () => {
  it.each([
    ['the defaults', {}, { fileSystemId: 'fs-0123', directoryPerms: '700', basePath: '', subPathPattern: '${.PV.name}', ensureUniqueDirectory: true, uid: undefined, gid: undefined, gidRangeStart: 50000, gidRangeEnd: 7000000 }],
    ['a fixed uid and gid', { uid: '1000', gid: '2000' }, { uid: 1000, gid: 2000 }],
    ['a gid range and a base path', { gidRangeStart: '100', gidRangeEnd: '200', basePath: '/dynamic' }, { gidRangeStart: 100, gidRangeEnd: 200, basePath: '/dynamic' }],
    ['ensureUniqueDirectory false', { ensureUniqueDirectory: 'false', subPathPattern: '${.PVC.namespace}/${.PVC.name}' }, { ensureUniqueDirectory: false, subPathPattern: '${.PVC.namespace}/${.PVC.name}' }],
    ['csi.storage.k8s.io keys', { 'csi.storage.k8s.io/provisioner-secret-name': 'x' }, { fileSystemId: 'fs-0123' }],
  ])('reads %s', (_, extra, expected) => {
    expect(params(extra)).toMatchObject(expected);
  });

  it.each([
    ['no fileSystemId', { provisioningMode: 'efs-ap', directoryPerms: '700' }, 'Missing fileSystemId parameter'],
    ['no provisioningMode', { fileSystemId: 'fs-1', directoryPerms: '700' }, 'Missing provisioningMode parameter'],
    ['another provisioningMode', { ...base, provisioningMode: 'efs-dir' }, 'Provisioning mode efs-dir is not supported.'],
    ['no directoryPerms', { provisioningMode: 'efs-ap', fileSystemId: 'fs-1' }, 'Missing directoryPerms parameter'],
    ['bad directoryPerms', { ...base, directoryPerms: 'rwx' }, 'Invalid directoryPerms: rwx'],
    ['a non-numeric gid', { ...base, gid: 'staff' }, 'Failed to parse invalid gid: staff'],
    ['an inverted gid range', { ...base, gidRangeStart: '9', gidRangeEnd: '1' }, 'Range start must be less than or equal to range end'],
    ['an unknown key', { ...base, fileSystemID: 'fs-1' }, 'Invalid parameter key fileSystemID'],
    ['a bad ensureUniqueDirectory', { ...base, ensureUniqueDirectory: 'yes' }, 'Invalid ensureUniqueDirectory: yes'],
    ['reuseAccessPoint', { ...base, reuseAccessPoint: 'true' }, 'reuseAccessPoint is not supported'],
  ])('refuses %s', (_, parameters, message) => {
    expect(() => efsParameters({ parameters })).toThrow(new ParameterError(message));
  });

  it('refuses a class without parameters', () => {
    expect(() => efsParameters({})).toThrow('Missing provisioningMode parameter');
  });
});

describe('freeGid', () => {
  it.each([
    ['an empty file system', [], 50000],
    ['the first gids taken', [50000, 50001], 50002],
    ['a hole in the range', [50000, 50002], 50001],
    ['gids outside the range', [1, 7000001], 50000],
  ])('picks the lowest free gid with %s', (_, used, gid) => {
    expect(freeGid(params(), used)).toBe(gid);
  });

  it('refuses when the range is full', () => {
    expect(() => freeGid(params({ gidRangeStart: '10', gidRangeEnd: '11' }), [10, 11])).toThrow('Failed to locate a free GID for given file system: fs-0123');
  });
});

describe('rootPath', () => {
  it.each([
    ['the PV name and a unique suffix', {}, '/pvc-u1-abc'],
    ['a base path', { basePath: '/dynamic/' }, '/dynamic/pvc-u1-abc'],
    ['the claim namespace and name, not unique', { subPathPattern: '${.PVC.namespace}/${.PVC.name}', ensureUniqueDirectory: 'false' }, '/shop/data-web-0'],
  ])('builds %s', (_, extra, path) => {
    expect(rootPath(params(extra), claim, 'pvc-u1', 'abc')).toBe(path);
  });

  it('refuses an unknown pattern variable', () => {
    expect(() => rootPath(params({ subPathPattern: '${.PVC.labels}' }), claim, 'pvc-u1', 'abc')).toThrow('Invalid subPathPattern: ${.PVC.labels}');
  });
});

describe('accessPointRequest', () => {
  it.each([
    ['a gid from the range', {}, 50007, { Uid: 50007, Gid: 50007 }],
    ['the class uid and gid', { uid: '1000', gid: '2000' }, 2000, { Uid: 1000, Gid: 2000 }],
  ])('owns the root directory and the POSIX user with %s', (_, extra, gid, user) => {
    const req = accessPointRequest(params(extra), claim, 'pvc-u1', gid, 'abc', 'dev');
    expect(req).toEqual({
      ClientToken: 'pvc-u1',
      FileSystemId: 'fs-0123',
      PosixUser: user,
      RootDirectory: { Path: '/pvc-u1-abc', CreationInfo: { OwnerUid: user.Uid, OwnerGid: user.Gid, Permissions: '700' } },
      Tags: [
        { Key: 'efs.csi.aws.com/cluster', Value: 'true' },
        { Key: 'skiff.dev/cluster', Value: 'dev' },
        { Key: 'kubernetes.io/created-for/pv/name', Value: 'pvc-u1' },
        { Key: 'kubernetes.io/created-for/pvc/name', Value: 'data-web-0' },
        { Key: 'kubernetes.io/created-for/pvc/namespace', Value: 'shop' },
      ],
    });
  });

  it('keeps the client token within the 64 characters EFS allows', () => {
    expect(accessPointRequest(params(), claim, `pvc-${'x'.repeat(80)}`, 50000, 'abc', 'dev').ClientToken).toHaveLength(64);
  });
});

describe('efsSource and handleOf', () => {
  it.each([
    ['an access point handle', 'fs-1::fsap-2', { fileSystemId: 'fs-1', accessPointId: 'fsap-2' }],
    ['a whole file system', 'fs-1', { fileSystemId: 'fs-1' }],
    ['a sub-path with an access point', 'fs-1:/a:fsap-2', { fileSystemId: 'fs-1', accessPointId: 'fsap-2' }],
  ])('reads %s', (_, volumeHandle, expected) => {
    expect(handleOf({ spec: { csi: { driver: 'efs.csi.aws.com', volumeHandle } } })).toEqual(expected);
  });

  it('reads back the handle it writes, and nothing of another driver', () => {
    expect(handleOf({ spec: efsSource('fs-1', 'fsap-9') })).toEqual({ fileSystemId: 'fs-1', accessPointId: 'fsap-9' });
    expect(handleOf({ spec: { csi: { driver: 'simulated.skiff.dev', volumeHandle: 'fs-1' } } })).toBeUndefined();
  });
});
