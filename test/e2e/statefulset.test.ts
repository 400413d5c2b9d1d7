import { eventually, startCluster, TestCluster } from '../support/cluster';

interface PodView {
  metadata: { name: string; uid: string; labels?: Record<string, string>; deletionTimestamp?: string; creationTimestamp: string };
  spec: { hostname?: string; subdomain?: string; containers: { image: string }[]; volumes?: { name: string; persistentVolumeClaim?: { claimName: string } }[] };
  status: { phase?: string };
}

/** StatefulSets, claims and ReplicationControllers with the real kubectl (issue #15's acceptance). */
describe('statefulsets', () => {
  let c: TestCluster;

  beforeAll(async () => {
    c = await startCluster({ nodes: 3 });
  }, 60_000);
  afterAll(async () => {
    await c?.stop();
  });

  const pods = async (): Promise<PodView[]> => (JSON.parse((await c.kubectl(['get', 'pods', '-l', 'app=web', '-o', 'json'])).stdout).items as PodView[]).filter((p) => !p.metadata.deletionTimestamp);
  const manifest = (image: string) =>
    [
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { clusterIP: 'None', selector: { app: 'web' }, ports: [{ port: 80 }] } },
      {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: { name: 'web' },
        spec: {
          serviceName: 'web',
          replicas: 3,
          selector: { matchLabels: { app: 'web' } },
          template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image, volumeMounts: [{ name: 'data', mountPath: '/data' }] }] } },
          volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
        },
      },
    ]
      .map((o) => JSON.stringify(o))
      .join('\n');

  it('brings up web-0..2 in order with Bound claims data-web-0..2', async () => {
    await c.kubectl(['apply', '-f', '-'], { input: manifest('nginx:1.27') });
    await c.kubectl(['rollout', 'status', 'statefulset/web', '--timeout=60s']);
    const all = await eventually(async () => {
      const list = await pods();
      return list.length === 3 && list.every((p) => p.status.phase === 'Running') ? list : undefined;
    }, 60_000);
    const byName = new Map(all.map((p) => [p.metadata.name, p]));
    expect([...byName.keys()].sort()).toEqual(['web-0', 'web-1', 'web-2']);
    const created = ['web-0', 'web-1', 'web-2'].map((n) => Date.parse(byName.get(n)!.metadata.creationTimestamp));
    expect(created[0]).toBeLessThanOrEqual(created[1]);
    expect(created[1]).toBeLessThanOrEqual(created[2]);
    const web1 = byName.get('web-1')!;
    expect(web1.spec.hostname).toBe('web-1');
    expect(web1.spec.subdomain).toBe('web');
    expect(web1.metadata.labels?.['statefulset.kubernetes.io/pod-name']).toBe('web-1');
    expect(web1.metadata.labels?.['apps.kubernetes.io/pod-index']).toBe('1');
    expect(web1.spec.volumes?.find((v) => v.name === 'data')?.persistentVolumeClaim?.claimName).toBe('data-web-1');
    const claims = await eventually(async () => {
      const rows = (await c.kubectl(['get', 'pvc', '--no-headers'])).stdout.trim().split('\n').map((l) => l.split(/\s+/));
      return rows.length === 3 && rows.every((r) => r[1] === 'Bound') ? rows : undefined;
    }, 40_000);
    expect(claims.map((r) => r[0]).sort()).toEqual(['data-web-0', 'data-web-1', 'data-web-2']);
    expect(claims[0].slice(3, 6)).toEqual(['1Gi', 'RWO', 'standard']);
    const sts = (await c.kubectl(['get', 'sts', 'web', '--no-headers'])).stdout.trim().split(/\s+/);
    expect(sts.slice(0, 2)).toEqual(['web', '3/3']);
    expect((await c.kubectl(['get', 'sc', '--no-headers'])).stdout).toMatch(/^standard \(default\)\s+simulated\.skiff\.dev\s+Delete\s+WaitForFirstConsumer\s+true/);
  }, 120_000);

  it('recreates a deleted pod with the same name and claim', async () => {
    const before = (await pods()).find((p) => p.metadata.name === 'web-1')!;
    await c.kubectl(['delete', 'pod', 'web-1', '--wait=false']);
    const after = await eventually(async () => (await pods()).find((p) => p.metadata.name === 'web-1' && p.metadata.uid !== before.metadata.uid && p.status.phase === 'Running'), 60_000);
    expect(after.spec.volumes?.find((v) => v.name === 'data')?.persistentVolumeClaim?.claimName).toBe('data-web-1');
    expect((await c.kubectl(['get', 'pvc', 'data-web-1', '-o', 'jsonpath={.status.phase}'])).stdout).toBe('Bound');
  }, 90_000);

  it('rolls an image change from the highest ordinal down and undoes it', async () => {
    const start = new Map((await pods()).map((p) => [p.metadata.name, Date.parse(p.metadata.creationTimestamp)]));
    await c.kubectl(['set', 'image', 'statefulset/web', 'nginx=nginx:1.28']);
    await c.kubectl(['rollout', 'status', 'statefulset/web', '--timeout=90s']);
    const rolled = await eventually(async () => {
      const list = await pods();
      return list.length === 3 && list.every((p) => p.spec.containers[0].image === 'nginx:1.28' && p.status.phase === 'Running') ? list : undefined;
    }, 60_000);
    const at = new Map(rolled.map((p) => [p.metadata.name, Date.parse(p.metadata.creationTimestamp)]));
    for (const [name, t] of at) expect(t).toBeGreaterThanOrEqual(start.get(name)!);
    expect(at.get('web-2')!).toBeLessThanOrEqual(at.get('web-1')!);
    expect(at.get('web-1')!).toBeLessThanOrEqual(at.get('web-0')!);
    expect((await c.kubectl(['rollout', 'history', 'statefulset/web'])).stdout).toMatch(/REVISION[\s\S]*1[\s\S]*2/);
    await c.kubectl(['rollout', 'undo', 'statefulset/web']);
    await c.kubectl(['rollout', 'status', 'statefulset/web', '--timeout=90s']);
    await eventually(async () => {
      const list = await pods();
      return list.length === 3 && list.every((p) => p.spec.containers[0].image === 'nginx:1.27' && p.status.phase === 'Running') ? true : undefined;
    }, 60_000);
  }, 240_000);

  it('refuses a change to an immutable field with upstream\'s message', async () => {
    const out = await c.kubectl(['patch', 'statefulset', 'web', '-p', '{"spec":{"serviceName":"other"}}'], { allowFail: true });
    expect(out.stderr).toContain("spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden");
  }, 30_000);

  it('scales a ReplicationController with kubectl scale, and rollout refuses it as upstream', async () => {
    const rc = { apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'legacy' }, spec: { replicas: 1, template: { metadata: { labels: { app: 'legacy' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } } };
    await c.kubectl(['apply', '-f', '-'], { input: JSON.stringify(rc) });
    await c.kubectl(['scale', 'rc', 'legacy', '--replicas=3']);
    await eventually(async () => {
      const row = (await c.kubectl(['get', 'rc', 'legacy', '--no-headers'])).stdout.trim().split(/\s+/);
      return row[1] === '3' && row[2] === '3' && row[3] === '3' ? true : undefined;
    }, 60_000);
    const rollout = await c.kubectl(['rollout', 'status', 'rc/legacy'], { allowFail: true });
    expect(rollout.stderr).toContain('no status viewer has been implemented for ReplicationController');
  }, 90_000);
});
