import { eventually, startCluster, TestCluster } from '../support/cluster';

/** Helm 4 (server-side apply by default, releases stored as Secrets) against Skiff, with the chart `helm create` writes. */
describe('helm', () => {
  let c: TestCluster;
  const deployment = async () => JSON.parse((await c.kubectl(['get', 'deployment', 'demo', '-o', 'json', '--show-managed-fields'])).stdout);
  const revisions = async () =>
    (JSON.parse((await c.helm(['history', 'demo', '-o', 'json'])).stdout) as { revision: number; status: string; description: string }[]).map((r) => [r.revision, r.status, r.description]);

  beforeAll(async () => {
    c = await startCluster({ nodes: 3 });
    await c.helm(['create', 'demo']);
  });
  afterAll(async () => {
    await c?.stop();
  });

  it('installs the default chart and waits for it', async () => {
    const out = await c.helm(['install', 'demo', './demo', '--wait', '--timeout', '120s']);
    expect(out.stdout).toMatch(/^STATUS: deployed$/m);
    const names = (await c.kubectl(['get', 'deployment,service,serviceaccount', '-l', 'app.kubernetes.io/instance=demo', '-o', 'name'])).stdout.trim().split('\n');
    expect(names.sort()).toEqual(['deployment.apps/demo', 'service/demo', 'serviceaccount/demo']);
    const d = await deployment();
    expect(d.status.readyReplicas).toBe(1);
    // Helm 4 applies server-side: the chart's fields are helm's.
    expect(d.metadata.managedFields).toContainEqual(expect.objectContaining({ manager: 'helm', operation: 'Apply' }));
    const secrets = (await c.kubectl(['get', 'secrets', '-l', 'owner=helm,name=demo', '-o', 'name'])).stdout.trim();
    expect(secrets).toBe('secret/sh.helm.release.v1.demo.v1');
  });

  it('upgrades with --set and waits for the new replicas', async () => {
    await c.helm(['upgrade', 'demo', './demo', '--set', 'replicaCount=3', '--wait', '--timeout', '120s']);
    const d = await deployment();
    expect([d.spec.replicas, d.status.readyReplicas]).toEqual([3, 3]);
  });

  it('lists the history and rolls back to revision 1', async () => {
    expect(await revisions()).toEqual([
      [1, 'superseded', 'Install complete'],
      [2, 'deployed', 'Upgrade complete'],
    ]);
    const out = await c.helm(['rollback', 'demo', '1', '--wait', '--timeout', '120s']);
    expect(out.stdout).toContain('Rollback was a success!');
    const d = await deployment();
    expect(d.spec.replicas).toBe(1);
    expect(await revisions()).toEqual([
      [1, 'superseded', 'Install complete'],
      [2, 'superseded', 'Upgrade complete'],
      [3, 'deployed', 'Rollback to 1'],
    ]);
  });

  it('uninstalls the release and everything it made', async () => {
    const out = await c.helm(['uninstall', 'demo']);
    expect(out.stdout.trim()).toBe('release "demo" uninstalled');
    await eventually(async () => {
      const left = await c.kubectl(['get', 'deployment,service,serviceaccount,secret', '-l', 'app.kubernetes.io/instance=demo', '-o', 'name']);
      const releases = await c.kubectl(['get', 'secrets', '-l', 'owner=helm', '-o', 'name']);
      return left.stdout.trim() === '' && releases.stdout.trim() === '';
    });
    const list = await c.helm(['list', '-q']);
    expect(list.stdout.trim()).toBe('');
  });
});
