import { DescribeTaskDefinitionCommand, DescribeTasksCommand, ECSClient, ListTasksCommand } from '@aws-sdk/client-ecs';
import { CreateFileSystemCommand, DescribeAccessPointsCommand, EFSClient } from '@aws-sdk/client-efs';
import { cloudWatchClient } from '../../shared/metrics/cloudwatch';
import { awsClientConfig, awsEndpoint, resetAws } from '../support/aws';
import { publishTaskMetrics } from '../support/container-insights';
import { eventually, startCluster, TestCluster } from '../support/cluster';

const CLUSTER = 'e2e-efs';

/**
 * PVCs as EFS access points and `kubectl top` from Container Insights, with the real kubectl
 * against the runner's AWS mode (`--provider ecs --aws-endpoint`) on the emulator.
 */
describe('EFS claims and Container Insights metrics on ECS (kubectl, emulator)', () => {
  let c: TestCluster;
  let fileSystemId: string;
  const ecs = new ECSClient(awsClientConfig());
  const efs = new EFSClient(awsClientConfig());
  const cloudwatch = cloudWatchClient({ endpoint: awsEndpoint(), region: 'us-east-1' });

  beforeAll(async () => {
    await resetAws();
    fileSystemId = String((await efs.send(new CreateFileSystemCommand({ CreationToken: 'e2e-efs', Encrypted: true }))).FileSystemId);
    c = await startCluster({ provider: 'ecs', awsEndpoint: awsEndpoint(), ecsCluster: CLUSTER, subnets: [], securityGroups: [], efsFileSystemId: fileSystemId });
  }, 120_000);
  afterAll(async () => {
    await c?.stop();
    for (const client of [ecs, efs, cloudwatch]) client.destroy();
  });

  const accessPoints = async () => (await efs.send(new DescribeAccessPointsCommand({ FileSystemId: fileSystemId }))).AccessPoints ?? [];
  const json = async <T>(args: string[]): Promise<T> => JSON.parse((await c.kubectl([...args, '-o', 'json'])).stdout) as T;
  /** The RUNNING task of a pod (its skiff.dev/pod-uid tag). */
  const taskOf = async (uid: string) => {
    const arns = (await ecs.send(new ListTasksCommand({ cluster: CLUSTER, desiredStatus: 'RUNNING' }))).taskArns ?? [];
    if (arns.length === 0) return undefined;
    const tasks = (await ecs.send(new DescribeTasksCommand({ cluster: CLUSTER, tasks: arns, include: ['TAGS'] }))).tasks ?? [];
    return tasks.find((t) => t.tags?.some((x) => x.key === 'skiff.dev/pod-uid' && x.value === uid));
  };
  const runningPod = async (name: string) => {
    let pod: { metadata: { uid: string }; status: { phase?: string; containerStatuses?: { containerID?: string }[] } } | undefined;
    try {
      await eventually(async () => {
        pod = await json(['get', 'pod', name]);
        return pod?.status.phase === 'Running' && !!(await taskOf(pod.metadata.uid));
      }, 120_000);
    } catch (err) {
      // Say why: the pod's conditions and events, as a user would look.
      throw new Error(`${String(err)}\n${(await c.kubectl(['describe', 'pod', name], { allowFail: true })).stdout}`, { cause: err });
    }
    if (!pod) throw new Error(`pod ${name} never ran`);
    const taskId = /^ecs:\/\/([^/]+)\//.exec(pod.status.containerStatuses?.[0]?.containerID ?? '')?.[1];
    return { uid: pod.metadata.uid, taskId: String(taskId) };
  };
  /** What Container Insights publishes for a task each minute (enhanced observability's task dimensions). */
  const publish = (family: string, taskId: string, cpuUnits: number, memoryMiB: number, minute = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 60_000)) =>
    publishTaskMetrics(cloudwatch, CLUSTER, family, taskId, cpuUnits, memoryMiB, minute);

  it('provisions an EFS access point for a claim, mounts it in the task, and deletes it with the claim', async () => {
    await c.kubectl(['apply', '-f', '-'], {
      input: `apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: efs-sc
provisioner: efs.csi.aws.com
reclaimPolicy: Delete
mountOptions: [tls, iam]
parameters:
  provisioningMode: efs-ap
  fileSystemId: ${fileSystemId}
  directoryPerms: "700"
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: shared
spec:
  storageClassName: efs-sc
  accessModes: [ReadWriteMany]
  resources:
    requests:
      storage: 5Gi
---
apiVersion: v1
kind: Pod
metadata:
  name: writer
spec:
  containers:
  - name: app
    image: busybox
    command: [sh, -c, 'date >> /data/log; sleep 3600']
    resources:
      requests: {cpu: 250m, memory: 128Mi}
    volumeMounts:
    - {name: data, mountPath: /data}
  volumes:
  - name: data
    persistentVolumeClaim:
      claimName: shared
`,
    });
    await eventually(async () => (await c.kubectl(['get', 'pvc', 'shared', '-o', 'jsonpath={.status.phase}'])).stdout === 'Bound', 60_000);
    const pvName = (await c.kubectl(['get', 'pvc', 'shared', '-o', 'jsonpath={.spec.volumeName}'])).stdout;
    const pvc = (await c.kubectl(['get', 'pvc', 'shared', '--no-headers'])).stdout;
    expect(pvc).toMatch(new RegExp(`^shared\\s+Bound\\s+${pvName}\\s+5Gi\\s+RWX\\s+efs-sc\\s+`));
    const aps = await accessPoints();
    expect(aps).toHaveLength(1);
    const handle = (await c.kubectl(['get', 'pv', pvName, '-o', 'jsonpath={.spec.csi.volumeHandle}'])).stdout;
    expect(handle).toBe(`${fileSystemId}::${aps[0].AccessPointId}`);
    expect(aps[0].Tags).toEqual(expect.arrayContaining([{ Key: 'kubernetes.io/created-for/pvc/name', Value: 'shared' }, { Key: 'skiff.dev/cluster', Value: CLUSTER }]));

    const { uid } = await runningPod('writer');
    const task = await taskOf(uid);
    const def = (await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: task?.taskDefinitionArn }))).taskDefinition;
    // Beside the service account token's volume, the claim's: EFS through its access point.
    expect(def?.volumes?.find((v) => v.name === 'data')).toMatchObject({ name: 'data', efsVolumeConfiguration: { fileSystemId, transitEncryption: 'ENABLED', authorizationConfig: { accessPointId: aps[0].AccessPointId, iam: 'ENABLED' } } });
    const app = def?.containerDefinitions?.find((d) => d.name === 'app');
    expect(app?.mountPoints).toContainEqual({ sourceVolume: 'data', containerPath: '/data', readOnly: false });

    await c.kubectl(['delete', 'pod', 'writer', '--wait=true']);
    await c.kubectl(['delete', 'pvc', 'shared', '--wait=true']);
    await eventually(async () => (await accessPoints()).length === 0 && !(await c.kubectl(['get', 'pv', pvName], { allowFail: true })).stdout, 60_000);
  }, 300_000);

  it('makes efs, on the cluster\'s file system, the default class, so a claim naming none outlives its pods', async () => {
    const classes = (await c.kubectl(['get', 'storageclass', '--no-headers'])).stdout;
    expect(classes).toMatch(/^efs \(default\)\s+efs\.csi\.aws\.com\s+Delete\s+Immediate\s+false\s+/m);
    expect(classes).not.toContain('standard');
    await c.kubectl(['apply', '-f', '-'], { input: 'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: plain}\nspec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}\n' });
    await eventually(async () => (await c.kubectl(['get', 'pvc', 'plain', '-o', 'jsonpath={.status.phase}'])).stdout === 'Bound', 60_000);
    expect((await c.kubectl(['get', 'pvc', 'plain', '-o', 'jsonpath={.spec.storageClassName}'])).stdout).toBe('efs');
    expect((await accessPoints()).map((a) => a.Tags?.find((t) => t.Key === 'kubernetes.io/created-for/pvc/name')?.Value)).toContain('plain');
    await c.kubectl(['delete', 'pvc', 'plain', '--wait=true']);
    await eventually(async () => (await accessPoints()).length === 0, 60_000);
  }, 180_000);

  it('answers kubectl top pods from Container Insights task metrics', async () => {
    await c.kubectl(['apply', '-f', '-'], { input: 'apiVersion: v1\nkind: Pod\nmetadata: {name: busy}\nspec:\n  containers:\n  - {name: busy, image: nginx, resources: {requests: {cpu: 500m, memory: 256Mi}}}\n' });
    const { taskId } = await runningPod('busy');
    await publish('skiff-default-busy', taskId, 512, 96);
    let out = '';
    await eventually(async () => {
      const r = await c.kubectl(['top', 'pod', 'busy', '--no-headers'], { allowFail: true });
      out = r.stdout;
      return r.code === 0;
    }, 60_000);
    // 512 CPU units are half a vCPU; 96 MiB.
    expect(out.trim()).toMatch(/^busy\s+500m\s+96Mi$/);
    const containers = (await c.kubectl(['top', 'pod', 'busy', '--containers', '--no-headers'])).stdout.trim();
    expect(containers).toMatch(/^busy\s+busy\s+500m\s+96Mi$/);
  }, 240_000);

  it('scales a Deployment of ECS pods with an HPA on Container Insights CPU', async () => {
    await c.kubectl(['create', 'deployment', 'hot', '--image=nginx']);
    await c.kubectl(['set', 'resources', 'deployment/hot', '--requests=cpu=250m,memory=128Mi']);
    await c.kubectl(['rollout', 'status', 'deployment/hot', '--timeout=120s']);
    const name = (await c.kubectl(['get', 'pods', '-l', 'app=hot', '-o', 'jsonpath={.items[0].metadata.name}'])).stdout;
    const { taskId } = await runningPod(name);
    // As upstream, the HPA ignores a CPU sample of a pod in its first 5 minutes unless the sample's
    // window began after the pod became Ready: wait for the first minute that starts after that.
    const readyAt = Date.parse((await c.kubectl(['get', 'pod', name, '-o', 'jsonpath={.status.conditions[?(@.type=="Ready")].lastTransitionTime}'])).stdout);
    await eventually(async () => Math.floor(Date.now() / 60_000) * 60_000 > readyAt, 90_000);
    // 256 CPU units (250m) of a 250m request: 100% against a 50% target.
    await publish('skiff-default-hot', taskId, 256, 64, new Date(Math.floor(Date.now() / 60_000) * 60_000));
    await c.kubectl(['autoscale', 'deployment/hot', '--cpu-percent=50', '--min=1', '--max=4']);
    try {
      await eventually(async () => Number((await c.kubectl(['get', 'deployment', 'hot', '-o', 'jsonpath={.spec.replicas}'])).stdout) >= 2, 120_000);
    } catch (err) {
      throw new Error(`${String(err)}\n${(await c.kubectl(['describe', 'hpa', 'hot'], { allowFail: true })).stdout}`, { cause: err });
    }
    const hpa = await json<{ status: { currentMetrics?: { resource?: { name: string; current: { averageUtilization?: number } } }[] } }>(['get', 'hpa', 'hot']);
    expect(hpa.status.currentMetrics?.[0]?.resource).toMatchObject({ name: 'cpu', current: { averageUtilization: 100 } });
  }, 300_000);
});
