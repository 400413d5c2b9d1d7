import path from 'node:path';
import { eventually, startCluster, TestCluster } from '../support/cluster';

// helm waits up to 300 s on a loaded machine; jest gives each test a little more.
const INSTALL_MS = 330_000;
const UNINSTALL_MS = 240_000;
const chart = (name: string) => path.resolve(__dirname, '../fixtures/charts', name);

interface Meta {
  name: string;
  labels?: Record<string, string>;
  deletionTimestamp?: string;
}
interface PodView {
  metadata: Meta;
  spec: {
    nodeName?: string;
    affinity?: { nodeAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: { matchFields?: { key: string; values?: string[] }[] }[] } } };
    volumes?: { name: string; persistentVolumeClaim?: { claimName: string } }[];
  };
  status: { phase?: string };
}
interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: Meta;
}
interface ClaimView {
  metadata: Meta;
  spec: { volumeName?: string; storageClassName?: string };
  status: { phase?: string };
}

/** Where `live` lacks or differs from a value of `want` (a subset comparison: the server may add defaults). */
function differences(want: unknown, live: unknown, at: string): string[] {
  if (want === null || want === undefined) return [];
  if (Array.isArray(want)) return Array.isArray(live) ? want.flatMap((w, i) => differences(w, live[i], `${at}[${i}]`)) : [`${at}: ${JSON.stringify(live)}`];
  if (typeof want === 'object') {
    if (typeof live !== 'object' || live === null) return [`${at}: missing`];
    return Object.entries(want).flatMap(([k, w]) => differences(w, (live as Record<string, unknown>)[k], `${at}.${k}`));
  }
  return String(want) === String(live) ? [] : [`${at}: ${JSON.stringify(want)} became ${JSON.stringify(live)}`];
}

/**
 * Public charts that use the workload kinds, installed and uninstalled with the real helm (issue
 * #15's chart acceptance): bitnami redis (StatefulSets with claims), bitnami etcd with its defrag
 * CronJob, and fluent-bit (a DaemonSet log agent). The charts are vendored under test/fixtures/charts.
 */
describe('public charts', () => {
  let c: TestCluster;

  beforeAll(async () => {
    c = await startCluster({ nodes: 3 });
  }, 60_000);
  afterAll(async () => {
    await c?.stop();
  });

  const items = async <T>(kinds: string, selector: string): Promise<T[]> =>
    (JSON.parse((await c.kubectl(['get', kinds, '-l', selector, '-o', 'json'])).stdout).items as (T & { metadata: Meta })[]).filter((o) => !o.metadata.deletionTimestamp);
  /** Everything of the release a namespaced or cluster-scoped list can find, by helm's instance label. */
  const leftovers = async (release: string, kinds: string) => (await c.kubectl(['get', kinds, '-l', `app.kubernetes.io/instance=${release}`, '-o', 'name'])).stdout.trim();
  const releaseSecrets = async (release: string) => (await c.kubectl(['get', 'secrets', '-l', `owner=helm,name=${release}`, '-o', 'name'])).stdout.trim();
  /**
   * Every field of every object the release applied, as the server keeps it: a field the API
   * dropped (unknown to its schema) or changed shows up here. kubectl parses helm's manifest, so
   * YAML 1.1 details (`defaultMode: 0755`) read as upstream reads them.
   */
  const droppedFields = async (release: string): Promise<string[]> => {
    const manifest = (await c.helm(['get', 'manifest', release])).stdout;
    const diffs: string[] = [];
    for (const doc of manifest.split(/^---$/m).filter((d) => /^kind:/m.test(d))) {
      const want = JSON.parse((await c.kubectl(['create', '--dry-run=client', '-o', 'json', '-f', '-'], { input: doc })).stdout) as K8sObject;
      const group = want.apiVersion.includes('/') ? `.${want.apiVersion.split('/')[0]}` : '';
      const live = JSON.parse((await c.kubectl(['get', `${want.kind}${group}`, want.metadata.name, '-o', 'json'])).stdout) as unknown;
      diffs.push(...differences(want, live, `${want.kind}/${want.metadata.name}`));
    }
    return diffs;
  };
  const uninstall = async (release: string, kinds: string) => {
    const out = await c.helm(['uninstall', release, '--wait', '--timeout', '120s']);
    expect(out.stdout.trim()).toBe(`release "${release}" uninstalled`);
    await eventually(async () => (await leftovers(release, kinds)) === '' && (await releaseSecrets(release)) === '', 60_000, 500);
  };

  it('installs bitnami redis with --wait: master and replica StatefulSets Running on Bound claims', async () => {
    const out = await c.helm(['install', 'redis', chart('redis'), '--wait', '--timeout', '300s']);
    expect(out.stdout).toMatch(/^STATUS: deployed$/m);
    const sets = (await c.kubectl(['get', 'statefulsets', '-l', 'app.kubernetes.io/instance=redis', '-o', 'custom-columns=NAME:.metadata.name,READY:.status.readyReplicas,WANT:.spec.replicas', '--no-headers'])).stdout;
    expect(sets.trim().split('\n').map((l) => l.split(/\s+/))).toEqual([
      ['redis-master', '1', '1'],
      ['redis-replicas', '3', '3'],
    ]);
    const pods = await items<PodView>('pods', 'app.kubernetes.io/instance=redis');
    expect(pods.map((p) => [p.metadata.name, p.status.phase]).sort()).toEqual([
      ['redis-master-0', 'Running'],
      ['redis-replicas-0', 'Running'],
      ['redis-replicas-1', 'Running'],
      ['redis-replicas-2', 'Running'],
    ]);
    const claims = await items<ClaimView>('pvc', 'app.kubernetes.io/instance=redis');
    expect(claims.map((p) => [p.metadata.name, p.status.phase, p.spec.storageClassName]).sort()).toEqual([
      ['redis-data-redis-master-0', 'Bound', 'standard'],
      ['redis-data-redis-replicas-0', 'Bound', 'standard'],
      ['redis-data-redis-replicas-1', 'Bound', 'standard'],
      ['redis-data-redis-replicas-2', 'Bound', 'standard'],
    ]);
    const master = pods.find((p) => p.metadata.name === 'redis-master-0')!;
    expect(master.spec.volumes?.find((v) => v.persistentVolumeClaim)?.persistentVolumeClaim?.claimName).toBe('redis-data-redis-master-0');
    expect(await droppedFields('redis')).toEqual([]);
  }, INSTALL_MS);

  it('uninstalls redis, keeping its StatefulSets\' claims as upstream does until they are deleted', async () => {
    await uninstall('redis', 'statefulset,service,configmap,secret,serviceaccount,poddisruptionbudget,networkpolicy,pods');
    // volumeClaimTemplates' claims belong to no release: helm leaves them (the chart's retention policy is off).
    const kept = await items<ClaimView>('pvc', 'app.kubernetes.io/instance=redis');
    expect(kept.map((p) => p.status.phase)).toEqual(['Bound', 'Bound', 'Bound', 'Bound']);
    const volumes = kept.map((p) => p.spec.volumeName!);
    await c.kubectl(['delete', 'pvc', '-l', 'app.kubernetes.io/instance=redis', '--wait=true']);
    await eventually(async () => {
      const left = (await c.kubectl(['get', 'pv', '-o', 'name'])).stdout.trim().split('\n').filter(Boolean);
      return volumes.every((v) => !left.includes(`persistentvolume/${v}`));
    }, 60_000, 500);
  }, UNINSTALL_MS);

  it('installs bitnami etcd with its defrag CronJob and runs a Job from it', async () => {
    // The chart's CronJob is off by default (as every bitnami CronJob); defrag.enabled turns it on.
    const out = await c.helm(['install', 'etcd', chart('etcd'), '--set', 'defrag.enabled=true', '--wait', '--timeout', '300s']);
    expect(out.stdout).toMatch(/^STATUS: deployed$/m);
    const row = (await c.kubectl(['get', 'cronjob', 'etcd-defrag', '--no-headers'])).stdout.trim();
    expect(row).toMatch(/^etcd-defrag\s+0 0 \* \* \*\s+<none>\s+False\s+0\s+<none>\s+\S+$/);
    const pods = await items<PodView>('pods', 'app.kubernetes.io/instance=etcd');
    expect(pods.map((p) => [p.metadata.name, p.status.phase])).toEqual([['etcd-0', 'Running']]);
    const claims = await items<ClaimView>('pvc', 'app.kubernetes.io/instance=etcd');
    expect(claims.map((p) => [p.metadata.name, p.status.phase])).toEqual([['data-etcd-0', 'Bound']]);
    expect(await droppedFields('etcd')).toEqual([]);
    // The defrag script is nothing the simulated runtime can run to its end (docs/batch.md): its pod runs.
    await c.kubectl(['create', 'job', 'defrag-now', '--from=cronjob/etcd-defrag']);
    await eventually(async () => (await items<PodView>('pods', 'job-name=defrag-now')).some((p) => p.status.phase === 'Running'), 60_000, 500);
  }, INSTALL_MS);

  it('uninstalls etcd: its CronJob goes, and with it the Job made from it', async () => {
    await uninstall('etcd', 'cronjob,statefulset,service,secret,serviceaccount,poddisruptionbudget,networkpolicy,pods');
    // kubectl made the Job with the CronJob as its controller: the garbage collector removes it.
    await eventually(async () => (await c.kubectl(['get', 'jobs,pods', '-l', 'job-name=defrag-now', '-o', 'name'])).stdout.trim() === '', 60_000, 500);
    await c.kubectl(['delete', 'pvc', '-l', 'app.kubernetes.io/instance=etcd', '--wait=true']);
  }, UNINSTALL_MS);

  it('installs fluent-bit with --wait: one log agent pod on each node', async () => {
    const out = await c.helm(['install', 'fluent-bit', chart('fluent-bit'), '--wait', '--timeout', '300s']);
    expect(out.stdout).toMatch(/^STATUS: deployed$/m);
    const nodes = (await c.kubectl(['get', 'nodes', '-o', 'jsonpath={.items[*].metadata.name}'])).stdout.trim().split(' ').sort();
    expect(nodes).toHaveLength(3);
    const pods = await items<PodView>('pods', 'app.kubernetes.io/instance=fluent-bit');
    expect(pods.every((p) => p.status.phase === 'Running')).toBe(true);
    expect(pods.map((p) => p.spec.nodeName).sort()).toEqual(nodes);
    // As upstream's DaemonSet controller: each pod pinned to its node by a metadata.name field affinity.
    const pinned = pods.map((p) => p.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms?.[0]?.matchFields?.[0]?.values?.[0]);
    expect(pinned).toEqual(pods.map((p) => p.spec.nodeName));
    const ds = (await c.kubectl(['get', 'daemonset', 'fluent-bit', '--no-headers'])).stdout.trim();
    expect(ds).toMatch(/^fluent-bit\s+3\s+3\s+3\s+3\s+3\s+<none>\s+\S+$/);
    expect(await droppedFields('fluent-bit')).toEqual([]);
  }, INSTALL_MS);

  it('uninstalls fluent-bit, its cluster role and binding included', async () => {
    await uninstall('fluent-bit', 'daemonset,service,configmap,serviceaccount,clusterrole,clusterrolebinding,pods');
  }, UNINSTALL_MS);
});
