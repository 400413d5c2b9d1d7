import fs from 'node:fs';
import path from 'node:path';
import { eventually, EXAMPLES, startCluster, TestCluster } from '../support/cluster';


interface PodView {
  name: string;
  node: string;
  ip: string;
  phase: string;
  deleting: boolean;
  owner: string;
}

/** The workloads acceptance with the real kubectl: the examples walkthrough, rollouts, self-healing, node failure. */
describe('workloads', () => {
  let c: TestCluster;

  beforeAll(async () => {
    // A grace period well above the nodes' renewals (and a loaded machine's stalls): only the node-failure case makes a node NotReady.
    c = await startCluster({ nodes: 3, nodeMonitorGracePeriodSeconds: 12, defaultNotReadyTolerationSeconds: 2, defaultUnreachableTolerationSeconds: 2 });
  }, 60_000);
  afterAll(async () => {
    await c?.stop();
  });

  const lines = (out: string) => out.trim().split('\n').filter(Boolean);
  const rows = async (args: string[]) => lines((await c.kubectl([...args, '--no-headers'])).stdout).map((l) => l.trim().split(/\s+/));
  const pods = async (selector: string, namespace = 'default'): Promise<PodView[]> => {
    const out = (await c.kubectl(['get', 'pods', '-n', namespace, '-l', selector, '-o', 'json'])).stdout;
    const items = JSON.parse(out).items as { metadata: { name: string; deletionTimestamp?: string; ownerReferences?: { name: string }[] }; spec: { nodeName?: string }; status: { podIP?: string; phase?: string } }[];
    return items.map((p) => ({
      name: p.metadata.name,
      node: p.spec.nodeName ?? '',
      ip: p.status.podIP ?? '',
      phase: p.status.phase ?? '',
      deleting: !!p.metadata.deletionTimestamp,
      owner: p.metadata.ownerReferences?.[0]?.name ?? '',
    }));
  };
  /** The Running pods not being deleted, once there are exactly `n` of them and nothing else. */
  const settled = (selector: string, n: number, namespace = 'default') =>
    eventually(async () => {
      const all = await pods(selector, namespace);
      const running = all.filter((p) => p.phase === 'Running' && !p.deleting && p.ip);
      return all.length === n && running.length === n ? running : undefined;
    }, 30_000);
  const manifest = (file: string, edit: (text: string) => string = (t) => t) => {
    const out = path.join(c.dir, file);
    fs.writeFileSync(out, edit(fs.readFileSync(path.join(EXAMPLES, file), 'utf8')));
    return out;
  };
  const rolloutStatus = (name: string) => c.kubectl(['rollout', 'status', `deployment/${name}`, '--timeout=40s']);
  const replicaSets = async (app: string) =>
    new Map((await rows(['get', 'replicaset', '-l', `app=${app}`])).map(([name, desired, current, ready]) => [name, `${desired}/${current}/${ready}`]));

  describe('the examples walkthrough', () => {
    const DEPLOY = 'test-nginx-deployment';
    let first: string[];
    let firstRS: string;

    it('runs the nginx pod, describes it and deletes it', async () => {
      expect((await c.kubectl(['apply', '-f', manifest('nginx-pod.yml')])).stdout).toBe('pod/test-nginx-pod created\n');
      await eventually(async () => (await rows(['get', 'pods'])).some(([name, ready, status]) => name === 'test-nginx-pod' && ready === '1/1' && status === 'Running'));
      const described = (await c.kubectl(['describe', 'pods', 'test-nginx-pod'])).stdout;
      for (const part of ['Name:             test-nginx-pod', 'Status:           Running', 'test-nginx-container:', 'Image:          nginx:latest', 'Port:           80/TCP']) {
        expect(described).toContain(part);
      }
      expect((await c.kubectl(['delete', '-f', manifest('nginx-pod.yml')])).stdout).toBe('pod "test-nginx-pod" deleted\n');
      expect((await c.kubectl(['get', 'pod', 'test-nginx-pod'], { allowFail: true })).stderr).toContain('pods "test-nginx-pod" not found');
    });

    it('runs the deployment as two pods named <deployment>-<hash>-<suffix>', async () => {
      expect((await c.kubectl(['apply', '-f', manifest('nginx-deployment.yml')])).stdout).toBe(`deployment.apps/${DEPLOY} created\n`);
      expect((await rolloutStatus(DEPLOY)).stdout).toContain(`deployment "${DEPLOY}" successfully rolled out`);
      const running = await settled('app=test-nginx', 2);
      for (const p of running) expect(p.name).toMatch(/^test-nginx-deployment-[bcdfghjklmnpqrstvwxz2456789]{6,10}-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      first = running.map((p) => p.name).sort();
      firstRS = running[0].owner;
      expect(new Set(running.map((p) => p.owner))).toEqual(new Set([firstRS]));
      const listed = await rows(['get', 'pods']);
      expect(listed.filter(([name]) => first.includes(name)).map(([, ready, status, restarts]) => [ready, status, restarts])).toEqual([
        ['1/1', 'Running', '0'],
        ['1/1', 'Running', '0'],
      ]);
    });

    it('names the components that wrote each object in managedFields, as upstream does', async () => {
      const managers = async (args: string[]) =>
        lines((await c.kubectl([...args, '-o', 'jsonpath={range .metadata.managedFields[*]}{.manager}/{.operation}/{.subresource}{"\\n"}{end}'])).stdout).sort();
      // The controller created the pod, the kubelet wrote its status; the binding records no entry.
      expect(await managers(['get', 'pod', first[0]])).toEqual(['kube-controller-manager/Update/', 'kubelet/Update/status']);
      expect(await managers(['get', 'replicaset', firstRS])).toEqual(['kube-controller-manager/Update/', 'kube-controller-manager/Update/status']);
      expect(await managers(['get', 'deployment', DEPLOY])).toEqual([
        'kube-controller-manager/Update/',
        'kube-controller-manager/Update/status',
        'kubectl-client-side-apply/Update/',
      ]);
    });

    it('scales 2 to 3 by applying an edited copy, keeping the two pods it had', async () => {
      const scaled = manifest('nginx-deployment.yml', (t) => t.replace('replicas: 2', 'replicas: 3'));
      expect((await c.kubectl(['apply', '-f', scaled])).stdout).toBe(`deployment.apps/${DEPLOY} configured\n`);
      const running = await settled('app=test-nginx', 3);
      expect(running.map((p) => p.name).filter((n) => first.includes(n)).sort()).toEqual(first);
      expect(new Set(running.map((p) => p.owner))).toEqual(new Set([firstRS]));
    });

    it('rolls a new image through a new ReplicaSet, leaving the old one at 0/0/0', async () => {
      const moved = manifest('nginx-deployment.yml', (t) => t.replace('replicas: 2', 'replicas: 3').replace('nginx:latest', 'nginx:1.11'));
      await c.kubectl(['apply', '-f', moved]);
      expect((await rolloutStatus(DEPLOY)).stdout).toContain(`deployment "${DEPLOY}" successfully rolled out`);
      const running = await settled('app=test-nginx', 3);
      const secondRS = running[0].owner;
      expect(secondRS).not.toBe(firstRS);
      expect(running.every((p) => p.owner === secondRS && !first.includes(p.name))).toBe(true);
      expect(await replicaSets('test-nginx')).toEqual(new Map([[firstRS, '0/0/0'], [secondRS, '3/3/3']]));
      expect((await c.kubectl(['get', 'replicaset'])).stdout).toMatch(/^NAME\s+DESIRED\s+CURRENT\s+READY\s+AGE\n/);
    });

    it('shows revisions 1 and 2 in the rollout history', async () => {
      const history = (await c.kubectl(['rollout', 'history', 'deployment', DEPLOY])).stdout;
      expect(history).toBe(`deployment.apps/${DEPLOY} \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n`);
    });

    it('undoes to revision 1: the first ReplicaSet comes back as revision 3', async () => {
      expect((await c.kubectl(['rollout', 'undo', 'deployment', DEPLOY, '--to-revision=1'])).stdout).toBe(`deployment.apps/${DEPLOY} rolled back\n`);
      await rolloutStatus(DEPLOY);
      const running = await settled('app=test-nginx', 3);
      expect(new Set(running.map((p) => p.owner))).toEqual(new Set([firstRS]));
      const rs = JSON.parse((await c.kubectl(['get', 'replicaset', firstRS, '-o', 'json'])).stdout);
      expect(rs.metadata.annotations['deployment.kubernetes.io/revision']).toBe('3');
      expect(rs.spec.template.spec.containers[0].image).toBe('nginx:latest');
      const history = (await c.kubectl(['rollout', 'history', 'deployment', DEPLOY])).stdout;
      expect(history).toBe(`deployment.apps/${DEPLOY} \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n\n`);
    });

    it('serves the pods behind a ClusterIP service whose endpoints list the three pod IPs on port 80', async () => {
      expect((await c.kubectl(['apply', '-f', manifest('nginx-service.yml')])).stdout).toBe('service/test-nginx-service created\n');
      const [svc] = await rows(['get', 'service', 'test-nginx-service']);
      expect(svc).toEqual(['test-nginx-service', 'ClusterIP', expect.stringMatching(/^10\.\d+\.\d+\.\d+$/), '<none>', '8080/TCP', expect.any(String)]);
      const ips = (await settled('app=test-nginx', 3)).map((p) => p.ip);
      const expected = ips.map((ip) => `${ip}:80`).sort();
      const endpoints = await eventually(async () => {
        const [row] = await rows(['get', 'endpoints', 'test-nginx-service']);
        return row && row[1].split(',').sort().join() === expected.join() ? row : undefined;
      });
      expect(endpoints[0]).toBe('test-nginx-service');
    });

    it('switches the service to NodePort: 8080:3xxxx/TCP', async () => {
      const nodePort = manifest('nginx-service.yml', (t) => t.replace('type: ClusterIP', 'type: NodePort'));
      expect((await c.kubectl(['apply', '-f', nodePort])).stdout).toBe('service/test-nginx-service configured\n');
      const [svc] = await rows(['get', 'service', 'test-nginx-service']);
      expect(svc.slice(0, 2)).toEqual(['test-nginx-service', 'NodePort']);
      expect(svc[4]).toMatch(/^8080:3\d{4}\/TCP$/);
    });

    it('lists namespaces and the default namespace\'s pods', async () => {
      const namespaces = await rows(['get', 'namespaces']);
      expect(namespaces.map(([name, status]) => [name, status])).toEqual(
        expect.arrayContaining([
          ['default', 'Active'],
          ['kube-system', 'Active'],
          ['kube-public', 'Active'],
          ['kube-node-lease', 'Active'],
        ]),
      );
      const listed = await rows(['get', 'pods', '--namespace', 'default']);
      expect(listed.filter(([name]) => name.startsWith(`${firstRS}-`)).map(([, ready, status]) => `${ready} ${status}`)).toEqual(['1/1 Running', '1/1 Running', '1/1 Running']);
      expect((await c.kubectl(['api-resources'])).stdout).toMatch(/\ndeployments\s+deploy\s+apps\/v1\s+true\s+Deployment\n/);
    });
  });

  describe('kubectl rollout, scale and set image', () => {
    const APP = 'web';
    const deploy = (replicas: number) =>
      JSON.stringify({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: APP },
        spec: { replicas, selector: { matchLabels: { app: APP } }, template: { metadata: { labels: { app: APP } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } } },
      });
    const ownersOf = async () => new Set((await settled(`app=${APP}`, 2)).map((p) => p.owner));

    it('waits in rollout status until the rollout completes', async () => {
      await c.kubectl(['apply', '-f', '-'], { input: deploy(2) });
      const status = await rolloutStatus(APP);
      expect(status.code).toBe(0);
      expect(status.stdout).toContain(`deployment "${APP}" successfully rolled out`);
      const d = JSON.parse((await c.kubectl(['get', 'deployment', APP, '-o', 'json'])).stdout);
      expect(d.status).toMatchObject({ replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2 });
    });

    it('scales with kubectl scale', async () => {
      expect((await c.kubectl(['scale', 'deployment', APP, '--replicas=4'])).stdout).toBe(`deployment.apps/${APP} scaled\n`);
      await settled(`app=${APP}`, 4);
      await c.kubectl(['scale', 'deployment', APP, '--replicas=2']);
      await settled(`app=${APP}`, 2);
      // The deployment's status follows its pods (its controller writes it after the scale-down).
      const row = await eventually(async () => {
        const [r] = await rows(['get', 'deployment', APP]);
        return r[1] === '2/2' ? r : undefined;
      }, 30_000).catch(async () => (await rows(['get', 'deployment', APP]))[0]);
      expect(row.slice(0, 4)).toEqual([APP, '2/2', '2', '2']);
    });

    it('rolls a new image with kubectl set image', async () => {
      const before = await ownersOf();
      expect((await c.kubectl(['set', 'image', `deployment/${APP}`, 'web=nginx:1.28'])).stdout).toBe(`deployment.apps/${APP} image updated\n`);
      await rolloutStatus(APP);
      const after = await ownersOf();
      expect([...after].some((o) => before.has(o))).toBe(false);
      const images = (await c.kubectl(['get', 'pods', '-l', `app=${APP}`, '-o', 'jsonpath={.items[*].spec.containers[0].image}'])).stdout.split(' ');
      expect(new Set(images)).toEqual(new Set(['nginx:1.28']));
    });

    it('restarts every pod with kubectl rollout restart', async () => {
      const before = new Set((await settled(`app=${APP}`, 2)).map((p) => p.name));
      expect((await c.kubectl(['rollout', 'restart', `deployment/${APP}`])).stdout).toBe(`deployment.apps/${APP} restarted\n`);
      await rolloutStatus(APP);
      const after = await settled(`app=${APP}`, 2);
      expect(after.some((p) => before.has(p.name))).toBe(false);
    });

    it('holds template changes while paused and rolls them out on resume', async () => {
      const before = await ownersOf();
      const rsCount = (await rows(['get', 'replicaset', '-l', `app=${APP}`])).length;
      expect((await c.kubectl(['rollout', 'pause', `deployment/${APP}`])).stdout).toBe(`deployment.apps/${APP} paused\n`);
      await c.kubectl(['set', 'image', `deployment/${APP}`, 'web=nginx:1.29']);
      // The controller sees the paused change (observedGeneration catches up) and creates nothing.
      await eventually(async () => {
        const d = JSON.parse((await c.kubectl(['get', 'deployment', APP, '-o', 'json'])).stdout);
        return d.status.observedGeneration === d.metadata.generation;
      });
      expect((await rows(['get', 'replicaset', '-l', `app=${APP}`])).length).toBe(rsCount);
      expect(await ownersOf()).toEqual(before);
      expect((await c.kubectl(['rollout', 'resume', `deployment/${APP}`])).stdout).toBe(`deployment.apps/${APP} resumed\n`);
      await rolloutStatus(APP);
      const after = await ownersOf();
      expect([...after].some((o) => before.has(o))).toBe(false);
      const images = (await c.kubectl(['get', 'pods', '-l', `app=${APP}`, '-o', 'jsonpath={.items[*].spec.containers[0].image}'])).stdout.split(' ');
      expect(new Set(images)).toEqual(new Set(['nginx:1.29']));
    });
  });

  describe('self-healing', () => {
    it('replaces a deleted pod', async () => {
      await c.kubectl(['create', 'deployment', 'heal', '--image=nginx', '--replicas=2']);
      const [victim, survivor] = await settled('app=heal', 2);
      await c.kubectl(['delete', 'pod', victim.name]);
      const now = await settled('app=heal', 2);
      expect(now.map((p) => p.name)).toContain(survivor.name);
      expect(now.map((p) => p.name)).not.toContain(victim.name);
    });

    it('removes the ReplicaSets and (gracefully) the pods of a deleted deployment', async () => {
      expect((await c.kubectl(['delete', 'deployment', 'heal'])).stdout).toBe('deployment.apps "heal" deleted\n');
      await eventually(async () => (await rows(['get', 'replicaset,pods', '-l', 'app=heal'])).length === 0 || undefined);
      // Graceful: each pod was first marked for deletion, and went only when its node confirmed.
      const changes = (await c.runner.context.store.changes('pods', 0)).filter((ch) => String(ch.object.metadata.name).startsWith('heal-'));
      const gone = [...new Set(changes.filter((ch) => ch.type === 'DELETED').map((ch) => String(ch.object.metadata.name)))];
      expect(gone.length).toBeGreaterThanOrEqual(3);
      for (const name of gone) {
        const own = changes.filter((ch) => ch.object.metadata.name === name);
        expect(own.some((ch) => ch.type === 'MODIFIED' && ch.object.metadata.deletionTimestamp)).toBe(true);
      }
    });

    it('deletes a namespace with everything in it, and delete --wait returns once it is gone', async () => {
      await c.kubectl(['create', 'namespace', 'scratch']);
      await c.kubectl(['create', 'deployment', 'tmp', '--image=nginx', '--replicas=2', '-n', 'scratch']);
      await c.kubectl(['create', 'configmap', 'settings', '--from-literal=a=b', '-n', 'scratch']);
      await settled('app=tmp', 2, 'scratch');
      const deleted = await c.kubectl(['delete', 'namespace', 'scratch', '--wait', '--timeout=40s']);
      expect(deleted.stdout).toBe('namespace "scratch" deleted\n');
      expect((await c.kubectl(['get', 'namespace', 'scratch'], { allowFail: true })).stderr).toContain('namespaces "scratch" not found');
      expect((await c.kubectl(['get', 'pods', '-n', 'scratch', '-o', 'name'])).stdout).toBe('');
    });
  });

  describe('node failure', () => {
    it('runs six replicas with unique IPs and replaces those of a node whose heartbeat stops', async () => {
      await c.kubectl(['create', 'deployment', 'spread', '--image=nginx', '--replicas=6']);
      const before = await settled('app=spread', 6);
      expect(new Set(before.map((p) => p.ip)).size).toBe(6);
      const counts = new Map<string, number>();
      for (const p of before) counts.set(p.node, (counts.get(p.node) ?? 0) + 1);
      const [victim] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0];
      const lost = before.filter((p) => p.node === victim).map((p) => p.name);

      await c.kubectl(['annotate', 'node', victim, 'skiff.dev/heartbeat=stopped']);
      await eventually(async () => (await rows(['get', 'node', victim]))[0][1] === 'NotReady', 30_000);
      // The condition and the taint are two writes (status, then spec), as upstream's controller makes them.
      const taintKeys = await eventually(async () => {
        const keys = (await c.kubectl(['get', 'node', victim, '-o', 'jsonpath={.spec.taints[*].key}'])).stdout;
        return keys.includes('node.kubernetes.io/unreachable') && keys;
      }, 30_000);
      expect(taintKeys).toContain('node.kubernetes.io/unreachable');

      const after = await eventually(async () => {
        const live = (await pods('app=spread')).filter((p) => p.phase === 'Running' && !p.deleting && p.ip);
        return live.length === 6 && live.every((p) => p.node !== victim) ? live : undefined;
      }, 40_000);
      expect(after.map((p) => p.name).filter((n) => lost.includes(n))).toEqual([]);
      expect(new Set(after.map((p) => p.ip)).size).toBe(6);
      await c.kubectl(['annotate', 'node', victim, 'skiff.dev/heartbeat-']);
    });
  });
});
