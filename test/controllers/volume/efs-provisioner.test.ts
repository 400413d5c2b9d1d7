import { AccessPointLimitExceeded, CreateAccessPointCommand, CreateFileSystemCommand, DeleteAccessPointCommand, DescribeAccessPointsCommand, EFSClient } from '@aws-sdk/client-efs';
import { mockClient } from 'aws-sdk-client-mock';
import type { Event, PersistentVolume, PersistentVolumeClaim, StorageClass } from '../../../shared/api/types';
import { create, get, list, R, remove } from '../../../shared/controllers/client';
import { efsProvisioner } from '../../../shared/controllers/volume/efs-provisioner';
import { RETRY_SECONDS, type VolumeContext } from '../../../shared/controllers/volume/provisioners';
import { volumeController } from '../../../shared/controllers/volume/volume';
import { awsClientConfig, awsEndpoint, resetAws } from '../../support/aws';
import { converge, testContext } from '../support';

const CLUSTER = 'efs-test';

function efsClass(name: string, parameters: Record<string, string>, reclaimPolicy = 'Delete'): StorageClass {
  return { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name }, provisioner: 'efs.csi.aws.com', reclaimPolicy, volumeBindingMode: 'Immediate', mountOptions: ['tls', 'iam'], parameters };
}

function claim(name: string, className: string): PersistentVolumeClaim {
  return { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name, namespace: 'default' }, spec: { storageClassName: className, accessModes: ['ReadWriteMany'], resources: { requests: { storage: '5Gi' } } } };
}

const claimOf = async (ctx: VolumeContext, name: string) => (await get(ctx, R.persistentvolumeclaims, 'default', name)) as PersistentVolumeClaim | undefined;
const eventsOf = async (ctx: VolumeContext, name: string) => ((await list(ctx, R.events, 'default')) as Event[]).filter((e) => e.involvedObject.name === name);

/** The PV controller with the EFS provisioner, against DynamoDB Local and the AWS emulator's EFS. */
describe('EFS access-point provisioning', () => {
  let ctx: VolumeContext;
  let efs: EFSClient;
  let fileSystemId: string;

  beforeEach(async () => {
    await resetAws();
    efs = new EFSClient(awsClientConfig());
    fileSystemId = String((await efs.send(new CreateFileSystemCommand({ CreationToken: `fs-${Date.now()}`, Encrypted: true }))).FileSystemId);
    ctx = { ...(await testContext()), volumeProvisioners: [efsProvisioner({ endpoint: awsEndpoint(), region: 'us-east-1', cluster: CLUSTER }, efs)] };
  });

  afterEach(() => efs.destroy());

  const accessPoints = async () => (await efs.send(new DescribeAccessPointsCommand({ FileSystemId: fileSystemId }))).AccessPoints ?? [];

  it('binds a claim to an access point of its own and deletes the access point with the claim', async () => {
    await create(ctx, R.storageclasses, undefined, efsClass('efs', { provisioningMode: 'efs-ap', fileSystemId, directoryPerms: '700', basePath: '/dynamic' }));
    await create(ctx, R.persistentvolumeclaims, 'default', claim('data', 'efs'));
    await create(ctx, R.persistentvolumeclaims, 'default', claim('logs', 'efs'));
    await converge(ctx, [volumeController], async () => (await claimOf(ctx, 'data'))?.status?.phase === 'Bound' && (await claimOf(ctx, 'logs'))?.status?.phase === 'Bound');

    const data = (await claimOf(ctx, 'data')) as PersistentVolumeClaim;
    const pv = (await get(ctx, R.persistentvolumes, undefined, String(data.spec?.volumeName))) as PersistentVolume;
    const aps = await accessPoints();
    expect(aps).toHaveLength(2);
    const mine = aps.find((ap) => pv.spec?.csi?.volumeHandle === `${fileSystemId}::${ap.AccessPointId}`);
    expect(mine).toMatchObject({ FileSystemId: fileSystemId, PosixUser: { Uid: 50000, Gid: 50000 }, RootDirectory: { Path: expect.stringMatching(new RegExp(`^/dynamic/${String(pv.metadata?.name)}-[0-9a-f-]{36}$`)) } });
    expect(mine?.Tags).toEqual(expect.arrayContaining([{ Key: 'efs.csi.aws.com/cluster', Value: 'true' }, { Key: 'kubernetes.io/created-for/pvc/name', Value: 'data' }]));
    // The second claim's access point takes the next free gid of the range.
    expect(aps.map((ap) => ap.PosixUser?.Gid).sort()).toEqual([50000, 50001]);
    expect(pv.spec).toMatchObject({ csi: { driver: 'efs.csi.aws.com' }, mountOptions: ['tls', 'iam'], persistentVolumeReclaimPolicy: 'Delete', claimRef: { name: 'data' } });
    expect(pv.status?.phase).toBe('Bound');
    expect((await eventsOf(ctx, 'data')).map((e) => e.reason)).toContain('ProvisioningSucceeded');

    await remove(ctx, R.persistentvolumeclaims, data);
    await converge(ctx, [volumeController], async () => !(await get(ctx, R.persistentvolumes, undefined, String(pv.metadata?.name))));
    expect((await accessPoints()).map((ap) => ap.AccessPointId)).toEqual([aps.find((ap) => ap !== mine)?.AccessPointId]);
  });

  it('keeps the access point of a Retain class when the claim goes', async () => {
    await create(ctx, R.storageclasses, undefined, efsClass('keep', { provisioningMode: 'efs-ap', fileSystemId, directoryPerms: '750' }, 'Retain'));
    await create(ctx, R.persistentvolumeclaims, 'default', claim('kept', 'keep'));
    await converge(ctx, [volumeController], async () => (await claimOf(ctx, 'kept'))?.status?.phase === 'Bound');
    const pvName = String((await claimOf(ctx, 'kept'))?.spec?.volumeName);
    await remove(ctx, R.persistentvolumeclaims, (await claimOf(ctx, 'kept')) as PersistentVolumeClaim);
    await converge(ctx, [volumeController], async () => ((await get(ctx, R.persistentvolumes, undefined, pvName)) as PersistentVolume | undefined)?.status?.phase === 'Released');
    expect(await accessPoints()).toHaveLength(1);
  });

  it('reports a class without fileSystemId as ProvisioningFailed and keeps the claim Pending', async () => {
    await create(ctx, R.storageclasses, undefined, efsClass('broken', { provisioningMode: 'efs-ap', directoryPerms: '700' }));
    await create(ctx, R.persistentvolumeclaims, 'default', claim('orphan', 'broken'));
    const key = { resource: 'persistentvolumeclaims', namespace: 'default', name: 'orphan', controller: volumeController.name };
    expect(await volumeController.reconcile(ctx, key)).toEqual({ requeueAfterSeconds: RETRY_SECONDS });
    expect(await volumeController.reconcile(ctx, key)).toEqual({ requeueAfterSeconds: RETRY_SECONDS });
    const events = await eventsOf(ctx, 'orphan');
    // One event per try (the recorder writes each occurrence, as upstream's legacy recorder before aggregation).
    const failed = expect.objectContaining({ type: 'Warning', reason: 'ProvisioningFailed', message: 'failed to provision volume with StorageClass "broken": Missing fileSystemId parameter', source: { component: 'efs.csi.aws.com' } });
    expect(events).toEqual([failed, failed]);
    expect((await claimOf(ctx, 'orphan'))?.status?.phase).toBe('Pending');
    expect(await list(ctx, R.persistentvolumes)).toHaveLength(0);
  });

  it('turns AccessPointLimitExceeded into an event and a retry, then provisions once AWS allows', async () => {
    const mock = mockClient(efs);
    try {
      mock.on(DescribeAccessPointsCommand).resolves({ AccessPoints: [] });
      mock.on(CreateAccessPointCommand).rejectsOnce(new AccessPointLimitExceeded({ $metadata: { httpStatusCode: 403 }, message: 'You have reached the maximum number of access points (10000) for your file system', ErrorCode: 'AccessPointLimitExceeded' })).resolves({ AccessPointId: 'fsap-0abc', FileSystemId: fileSystemId });
      await create(ctx, R.storageclasses, undefined, efsClass('efs', { provisioningMode: 'efs-ap', fileSystemId, directoryPerms: '700' }));
      await create(ctx, R.persistentvolumeclaims, 'default', claim('busy', 'efs'));
      const key = { resource: 'persistentvolumeclaims', namespace: 'default', name: 'busy', controller: volumeController.name };
      expect(await volumeController.reconcile(ctx, key)).toEqual({ requeueAfterSeconds: RETRY_SECONDS });
      expect((await eventsOf(ctx, 'busy')).map((e) => [e.reason, e.message])).toEqual([['ProvisioningFailed', 'failed to provision volume with StorageClass "efs": AccessPointLimitExceeded: You have reached the maximum number of access points (10000) for your file system']]);
      expect(await list(ctx, R.persistentvolumes)).toHaveLength(0);

      await converge(ctx, [volumeController], async () => (await claimOf(ctx, 'busy'))?.status?.phase === 'Bound');
      const pv = (await get(ctx, R.persistentvolumes, undefined, String((await claimOf(ctx, 'busy'))?.spec?.volumeName))) as PersistentVolume;
      expect(pv.spec?.csi?.volumeHandle).toBe(`${fileSystemId}::fsap-0abc`);
      expect(mock.commandCalls(CreateAccessPointCommand)).toHaveLength(2);
    } finally {
      mock.restore();
    }
  });

  it('retries a failed DeleteAccessPoint with an event on the volume, and counts a gone access point as deleted', async () => {
    await create(ctx, R.storageclasses, undefined, efsClass('efs', { provisioningMode: 'efs-ap', fileSystemId, directoryPerms: '700' }));
    await create(ctx, R.persistentvolumeclaims, 'default', claim('gone', 'efs'));
    await converge(ctx, [volumeController], async () => (await claimOf(ctx, 'gone'))?.status?.phase === 'Bound');
    const pvName = String((await claimOf(ctx, 'gone'))?.spec?.volumeName);
    const mock = mockClient(efs);
    try {
      mock.on(DeleteAccessPointCommand).rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
      await remove(ctx, R.persistentvolumeclaims, (await claimOf(ctx, 'gone')) as PersistentVolumeClaim);
      await converge(ctx, [volumeController], async () => ((await list(ctx, R.events, undefined)) as Event[]).some((e) => e.reason === 'VolumeFailedDelete'));
      expect(await get(ctx, R.persistentvolumes, undefined, pvName)).toBeDefined();
      // The next try finds the access point gone already (deleted out of band): that is done too.
      mock.on(DeleteAccessPointCommand).rejects(Object.assign(new Error('Access point not found'), { name: 'AccessPointNotFound' }));
      await converge(ctx, [volumeController], async () => !(await get(ctx, R.persistentvolumes, undefined, pvName)));
    } finally {
      mock.restore();
    }
  });
});
