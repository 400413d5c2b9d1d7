import { Lease, Node, Pod } from '../../shared/api/types';
import { create, get, list, R, remove, update } from '../../shared/controllers/client';
import { SimulatedNodes } from '../../shared/nodes/simulated';
import { RestContext } from '../../shared/registry/context';
import { KubeObject } from '../../shared/registry/resource';
import { createPod, eventually, freshCluster, getPod, podFixture } from './support';

const container = (command?: string[]) => [{ name: 'app', image: 'busybox:1.36', ...(command ? { command } : {}) }];

describe('SimulatedNodes', () => {
  let ctx: RestContext;
  let nodes: SimulatedNodes;

  beforeAll(async () => {
    ctx = await freshCluster();
    nodes = new SimulatedNodes({
      ctx,
      count: 3,
      renewIntervalSeconds: 0.3,
      podSyncSeconds: 0.2,
      exitAfterSeconds: 0.05,
      backoff: { initialSeconds: 0.2, maxSeconds: 0.4 },
      stopSeconds: 0.05,
    });
    await nodes.start();
  });

  afterAll(() => nodes.stop());

  it('registers its nodes, each with a lease renewed by its kubelet', async () => {
    const registered = (await list(ctx, R.nodes)).map((n) => Node.parse(n));
    expect(registered.map((n) => n.metadata?.name).sort()).toEqual(['skiff-worker-1', 'skiff-worker-2', 'skiff-worker-3']);
    const node = registered.find((n) => n.metadata?.name === 'skiff-worker-2') as Node;
    expect(node.metadata?.labels).toMatchObject({ 'kubernetes.io/hostname': 'skiff-worker-2', 'kubernetes.io/os': 'linux', 'node.kubernetes.io/instance-type': 'skiff.simulated' });
    expect(node.spec?.podCIDR).toBe('10.244.2.0/24');
    expect(node.status?.conditions?.find((c) => c.type === 'Ready')).toMatchObject({ status: 'True', reason: 'KubeletReady' });
    expect(node.status?.nodeInfo).toMatchObject({ kubeletVersion: 'v1.33.0-skiff', containerRuntimeVersion: 'skiff-sim://1.0' });
    const first = Lease.parse(await get(ctx, R.leases, 'kube-node-lease', 'skiff-worker-2'));
    expect(first.spec).toMatchObject({ holderIdentity: 'skiff-worker-2', leaseDurationSeconds: 40 });
    await eventually(async () => Lease.parse(await get(ctx, R.leases, 'kube-node-lease', 'skiff-worker-2')).spec?.renewTime !== first.spec?.renewTime);
  });

  it('runs a pod bound to a node: Running with an IP from the node pod CIDR', async () => {
    await createPod(ctx, podFixture('web', { nodeName: 'skiff-worker-1' }));
    const pod = await eventually(async () => {
      const p = await getPod(ctx, 'web');
      return p?.status?.phase === 'Running' ? p : undefined;
    });
    expect(pod.status?.podIP).toMatch(/^10\.244\.1\.\d+$/);
    expect(pod.status?.hostIP).toBe('172.18.0.2');
    expect(pod.status?.conditions?.map((c) => [c.type, c.status])).toEqual([
      ['PodReadyToStartContainers', 'True'],
      ['Initialized', 'True'],
      ['Ready', 'True'],
      ['ContainersReady', 'True'],
      ['PodScheduled', 'True'],
    ]);
    const [app] = pod.status?.containerStatuses ?? [];
    expect(app).toMatchObject({ name: 'app', ready: true, started: true, restartCount: 0, image: 'docker.io/library/nginx:latest' });
    expect(app.imageID).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
    expect(app.containerID).toMatch(/^skiff-sim:\/\/[0-9a-f]{64}$/);
    expect(app.state?.running?.startedAt).toBeDefined();
  });

  it('starts a pod only once every claim it mounts is Bound, as the kubelet mounts volumes first', async () => {
    const claim = await create(ctx, R.persistentvolumeclaims, 'default', {
      metadata: { name: 'data-db' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    } as KubeObject);
    await createPod(ctx, podFixture('db', { nodeName: 'skiff-worker-1', volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data-db' } }] }));
    // Several sync rounds (0.2 s each, and the 0.5 s volume wait) pass with the claim Pending.
    await new Promise((r) => setTimeout(r, 1500));
    expect((await getPod(ctx, 'db'))?.status?.phase).not.toBe('Running');
    await update(ctx, R.persistentvolumeclaims, { ...(claim as KubeObject), status: { phase: 'Bound' } } as KubeObject, 'status');
    await eventually(async () => (await getPod(ctx, 'db'))?.status?.phase === 'Running');
  });

  it('gives every running pod of a node its own IP', async () => {
    for (let i = 0; i < 5; i++) await createPod(ctx, podFixture(`many-${i}`, { nodeName: 'skiff-worker-3' }));
    const ips = await eventually(async () => {
      const pods = (await list(ctx, R.pods, 'default')) as Pod[];
      const running = pods.filter((p) => p.metadata?.name?.startsWith('many-') && p.status?.phase === 'Running');
      return running.length === 5 ? running.map((p) => p.status?.podIP) : undefined;
    });
    expect(new Set(ips).size).toBe(5);
  });

  it('runs init containers to completion before the app containers', async () => {
    await createPod(ctx, podFixture('with-init', { nodeName: 'skiff-worker-1', initContainers: [{ name: 'setup', image: 'busybox', command: ['sh', '-c', 'echo hi'] }] }));
    const pod = await eventually(async () => {
      const p = await getPod(ctx, 'with-init');
      return p?.status?.phase === 'Running' ? p : undefined;
    });
    expect(pod.status?.initContainerStatuses?.[0]?.state?.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(pod.status?.conditions?.find((c) => c.type === 'Initialized')?.status).toBe('True');
  });

  it.each([
    ['exits 0 under restartPolicy Never: Succeeded', ['true'], 'Never', 'Succeeded', 0, 'Completed'],
    ['exits 1 under restartPolicy Never: Failed', ['sh', '-c', 'exit 1'], 'Never', 'Failed', 1, 'Error'],
    ['exits 0 under restartPolicy OnFailure: Succeeded', ['/bin/sh', '-c', 'exit 0'], 'OnFailure', 'Succeeded', 0, 'Completed'],
  ])('ends a pod whose container %s', async (_, command, restartPolicy, phase, exitCode, reason) => {
    const name = `exits-${restartPolicy.toLowerCase()}-${exitCode}-${command.length}`;
    await createPod(ctx, podFixture(name, { nodeName: 'skiff-worker-2', restartPolicy, containers: container(command) }));
    const pod = await eventually(async () => {
      const p = await getPod(ctx, name);
      return p?.status?.phase === phase ? p : undefined;
    });
    expect(pod.status?.containerStatuses?.[0]?.state?.terminated).toMatchObject({ exitCode, reason });
    expect(pod.status?.conditions?.find((c) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'PodCompleted' });
  });

  it('restarts a failing container under restartPolicy Always with CrashLoopBackOff', async () => {
    await createPod(ctx, podFixture('crashy', { nodeName: 'skiff-worker-2', containers: container(['sh', '-c', "exit 3"]) }));
    const pod = await eventually(async () => {
      const p = await getPod(ctx, 'crashy');
      const s = p?.status?.containerStatuses?.[0];
      return s?.state?.waiting?.reason === 'CrashLoopBackOff' && s.restartCount >= 2 ? p : undefined;
    });
    const s = pod.status?.containerStatuses?.[0];
    expect(pod.status?.phase).toBe('Running');
    expect(s?.lastState?.terminated).toMatchObject({ exitCode: 3, reason: 'Error' });
    expect(s?.state?.waiting?.message).toMatch(new RegExp(`^back-off \\d+ms restarting failed container=app pod=crashy_default\\(${pod.metadata?.uid}\\)$`));
    const later = await eventually(async () => {
      const p = await getPod(ctx, 'crashy');
      return (p?.status?.containerStatuses?.[0]?.restartCount ?? 0) > (s?.restartCount ?? 0) ? p : undefined;
    });
    expect(later.status?.containerStatuses?.[0]?.restartCount).toBeGreaterThan(s?.restartCount ?? 0);
  });

  it('stops a deleted pod and confirms the deletion', async () => {
    const pod = await createPod(ctx, podFixture('doomed', { nodeName: 'skiff-worker-1', terminationGracePeriodSeconds: 30 }));
    await eventually(async () => (await getPod(ctx, 'doomed'))?.status?.phase === 'Running');
    await remove(ctx, R.pods, pod as KubeObject);
    await eventually(async () => (await getPod(ctx, 'doomed')) === undefined);
  });

  it('stops a deleting pod held by a finalizer, frees its IP, and lets it go once the finalizer does', async () => {
    await nodes.syncAll(); // forgets pods deleted by earlier tests
    const before = nodes.podIpsInUse('skiff-worker-1');
    const pod = await createPod(ctx, podFixture('held', { nodeName: 'skiff-worker-1' }));
    await ctx.store.update('pods', { ...pod, metadata: { ...pod.metadata, finalizers: ['example.com/hold'] } } as KubeObject, String(pod.metadata?.resourceVersion));
    await eventually(async () => (await getPod(ctx, 'held'))?.status?.phase === 'Running');
    expect(nodes.podIpsInUse('skiff-worker-1')).toBe(before + 1);
    await remove(ctx, R.pods, (await getPod(ctx, 'held')) as KubeObject);
    await eventually(async () => nodes.podIpsInUse('skiff-worker-1') === before);
    const held = (await getPod(ctx, 'held')) as KubeObject;
    expect(held.metadata.deletionTimestamp).toBeDefined();
    await update(ctx, R.pods, { ...held, metadata: { ...held.metadata, finalizers: [] } });
    await eventually(async () => (await getPod(ctx, 'held')) === undefined);
  });

  it('stops heartbeating a node annotated heartbeat=stopped, and resumes when the annotation goes', async () => {
    const node = (await get(ctx, R.nodes, undefined, 'skiff-worker-3')) as KubeObject;
    await update(ctx, R.nodes, { ...node, metadata: { ...node.metadata, annotations: { ...(node.metadata.annotations as object), 'skiff.dev/heartbeat': 'stopped' } } });
    const renewTime = async () => Lease.parse(await get(ctx, R.leases, 'kube-node-lease', 'skiff-worker-3')).spec?.renewTime;
    await eventually(async () => !nodes.serves('skiff-worker-3'));
    const frozen = await renewTime();
    await nodes.heartbeat();
    expect(await renewTime()).toBe(frozen);
    const stopped = (await get(ctx, R.nodes, undefined, 'skiff-worker-3')) as KubeObject;
    const annotations = { ...(stopped.metadata.annotations as Record<string, string>) };
    delete annotations['skiff.dev/heartbeat'];
    await update(ctx, R.nodes, { ...stopped, metadata: { ...stopped.metadata, annotations } });
    await eventually(async () => (await renewTime()) !== frozen);
    expect(nodes.serves('skiff-worker-3')).toBe(true);
  });
});
