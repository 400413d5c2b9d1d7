import { ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import type { ClientRequest } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { KUBECTL } from '../../scripts/tools';
import { freshTable } from '../support/dynamo';
import { eventually } from '../support/eventually';
import { apiClient } from '../support/http';

/**
 * kill -9 of `npm start` at random moments of a 20-replica rollout, five times over, against one
 * DynamoDB: each rollout finishes after the restart, no write the API acknowledged is lost, and a
 * watcher that resumes from its last resourceVersion sees every acknowledged write exactly once, in
 * increasing revisions. How long each convergence took is printed, not asserted (timing belongs to
 * the benchmark); the deadline is only there so a stalled rollout fails instead of hanging.
 */
const ROOT = path.resolve(__dirname, '../..');
const RESTARTS = 5;
const REPLICAS = 20;
const CONVERGE_DEADLINE_MS = 150_000;

interface Runner {
  child: ChildProcess;
  started: number;
}

function startRunner(args: string[]): Promise<Runner> {
  return new Promise((resolve, reject) => {
    // One process (no tsx wrapper) in its own group, so SIGKILL takes everything it started.
    const child = spawn(process.execPath, ['--import', 'tsx', 'local/main.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, SKIFF_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`runner did not start:\n${out}`)), 90_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      if (process.env.SKIFF_CRASH_LOG) fs.appendFileSync(process.env.SKIFF_CRASH_LOG, d);
      if (out.includes('Press Ctrl-C to stop.')) {
        clearTimeout(timer);
        resolve({ child, started: Date.now() });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`runner exited (${code ?? signal}):\n${out}`));
    });
  });
}

function killHard(r: Runner): Promise<void> {
  return new Promise((resolve) => {
    if (r.child.exitCode !== null || r.child.signalCode !== null) return resolve();
    r.child.once('exit', () => resolve());
    process.kill(-(r.child.pid as number), 'SIGKILL');
  });
}

function stop(r: Runner): Promise<void> {
  return new Promise((resolve) => {
    if (r.child.exitCode !== null || r.child.signalCode !== null) return resolve();
    r.child.once('exit', () => resolve());
    r.child.kill('SIGINT');
  });
}

function kubectl(kubeconfig: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(KUBECTL, args, { env: { ...process.env, KUBECONFIG: kubeconfig } }, (err, stdout, stderr) =>
      err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout),
    ),
  );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface DeploymentView {
  metadata: { generation: number };
  spec: { template: { spec: { containers: { image: string }[] } } };
  status?: { observedGeneration?: number; replicas?: number; updatedReplicas?: number; availableReplicas?: number; readyReplicas?: number };
}

/** What `kubectl rollout status` waits for: the controller saw the change and every replica is new and available. */
async function rolledOut(kubeconfig: string, image: string): Promise<boolean> {
  const d = JSON.parse(await kubectl(kubeconfig, ['get', 'deployment', 'roll', '-n', 'crash', '-o', 'json'])) as DeploymentView;
  const s = d.status ?? {};
  if (d.spec.template.spec.containers[0].image !== image) return false;
  if ((s.observedGeneration ?? 0) < d.metadata.generation) return false;
  if (s.updatedReplicas !== REPLICAS || s.availableReplicas !== REPLICAS || s.replicas !== REPLICAS) return false;
  const pods = JSON.parse(await kubectl(kubeconfig, ['get', 'pods', '-n', 'crash', '-l', 'app=roll', '-o', 'json'])) as {
    items: { metadata: { deletionTimestamp?: string }; spec: { containers: { image: string }[] }; status: { phase?: string } }[];
  };
  const live = pods.items.filter((p) => !p.metadata.deletionTimestamp);
  return live.length === REPLICAS && live.every((p) => p.spec.containers[0].image === image && p.status.phase === 'Running');
}

/** Waits for `rolledOut`; a rollout that stalls fails with what the deployment, its ReplicaSets and pods show. */
async function converged(kubeconfig: string, image: string, what: string): Promise<void> {
  await eventually(() => rolledOut(kubeconfig, image), CONVERGE_DEADLINE_MS, 250).catch(async (err) => {
    const show = (args: string[]) => kubectl(kubeconfig, [...args, '-n', 'crash']).catch(String);
    throw new Error(
      `${what} did not converge: ${String(err)}\n${await show(['get', 'deployment,replicaset,pods', '-o', 'wide'])}\n${await show(['get', 'deployment', 'roll', '-o', 'jsonpath={.metadata.generation} {.status}'])}\n${await show(['get', 'events', '--sort-by=.lastTimestamp'])}`,
    );
  });
}

/** Creates ConfigMaps one after another, remembering those the API answered 201 for. */
function startWriter(kubeconfig: string) {
  const acknowledged: string[] = [];
  let stopped = false;
  let n = 0;
  const done = (async () => {
    while (!stopped) {
      const name = `w-${n++}`;
      try {
        const api = apiClient(kubeconfig);
        const res = await api.request('POST', '/api/v1/namespaces/crash/configmaps', JSON.stringify({ metadata: { name }, data: { n: String(n) } }));
        api.agent.destroy();
        if (res.status === 201) acknowledged.push(name);
      } catch {
        // The runner is down (or went down mid-request): that write is not acknowledged.
      }
      await sleep(50);
    }
  })();
  return { acknowledged, stop: async () => { stopped = true; await done; } };
}

interface Seen {
  type: string;
  name: string;
  rv: number;
}

/** A watch of the namespace's ConfigMaps that reconnects from its last resourceVersion, as an informer does. */
class StreamWatcher {
  readonly events: Seen[] = [];
  readonly added = new Set<string>();
  readonly errors: string[] = [];
  reconnects = 0;
  private stopped = false;
  private current?: ClientRequest;
  private readonly done: Promise<void>;

  constructor(private readonly kubeconfig: string, private rv: string) {
    this.done = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.current?.destroy();
    await this.done;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.once();
      } catch {
        // The runner went away; reconnect to whichever process serves the kubeconfig next.
      }
      if (this.stopped) return;
      this.reconnects++;
      await sleep(200);
    }
  }

  private once(): Promise<void> {
    const api = apiClient(this.kubeconfig);
    return new Promise((resolve, reject) => {
      const req = https.get(
        {
          host: api.server.hostname,
          port: api.server.port,
          path: `/api/v1/namespaces/crash/configmaps?watch=true&allowWatchBookmarks=true&resourceVersion=${this.rv}`,
          ca: api.ca,
          headers: { authorization: `Bearer ${api.token}` },
        },
        (res) => {
          if (res.statusCode !== 200) return reject(new Error(`watch answered ${res.statusCode}`));
          let buffered = '';
          res.on('data', (chunk: Buffer) => {
            buffered += chunk.toString('utf8');
            let nl: number;
            while ((nl = buffered.indexOf('\n')) >= 0) {
              this.onLine(buffered.slice(0, nl));
              buffered = buffered.slice(nl + 1);
            }
          });
          res.on('end', () => resolve());
          res.on('error', reject);
        },
      );
      this.current = req;
      req.on('error', reject);
    });
  }

  private onLine(line: string): void {
    if (!line.trim()) return;
    const e = JSON.parse(line) as { type: string; object: { code?: number; metadata?: { name: string; resourceVersion: string } } };
    if (e.type === 'ERROR') {
      this.errors.push(JSON.stringify(e.object));
      return;
    }
    const meta = e.object.metadata as { name: string; resourceVersion: string };
    this.rv = meta.resourceVersion;
    if (e.type === 'BOOKMARK') return;
    this.events.push({ type: e.type, name: meta.name, rv: Number(meta.resourceVersion) });
    if (e.type === 'ADDED') this.added.add(meta.name);
  }
}

describe('crash recovery: kill -9 of the runner during rollouts', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skiff-crash-'));
  const kubeconfig = path.join(dir, 'kubeconfig');
  let args: string[];

  beforeAll(async () => {
    const { table, endpoint } = await freshTable();
    args = ['--port', '0', '--dynamodb-endpoint', endpoint, '--table', table, '--data-dir', path.join(dir, 'data'), '--kubeconfig', kubeconfig, '--nodes', '3'];
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('finishes each rollout after a restart, loses no acknowledged write, and lets watchers resume without gaps', async () => {
    let runner = await startRunner(args);
    const timings: number[] = [];
    try {
      await kubectl(kubeconfig, ['create', 'namespace', 'crash']);
      await kubectl(kubeconfig, ['create', 'deployment', 'roll', '-n', 'crash', '--image', 'nginx:1.0', '--replicas', String(REPLICAS)]);
      await converged(kubeconfig, 'nginx:1.0', 'the first rollout');
      // The same rollout without a crash, on the same machine at the same moment: what a restart is compared with.
      const baselineStart = Date.now();
      await kubectl(kubeconfig, ['set', 'image', 'deployment/roll', '-n', 'crash', 'nginx=nginx:0.9']);
      await converged(kubeconfig, 'nginx:0.9', 'the uninterrupted rollout');
      const baseline = (Date.now() - baselineStart) / 1000;

      const list = JSON.parse(await kubectl(kubeconfig, ['get', 'configmaps', '-n', 'crash', '-o', 'json'])) as { metadata: { resourceVersion: string } };
      const watcher = new StreamWatcher(kubeconfig, list.metadata.resourceVersion);
      const writer = startWriter(kubeconfig);
      try {
        for (let i = 1; i <= RESTARTS; i++) {
          const image = `nginx:1.${i}`;
          await kubectl(kubeconfig, ['set', 'image', 'deployment/roll', '-n', 'crash', `nginx=${image}`]);
          await sleep(Math.floor(Math.random() * 3000));
          await killHard(runner);
          runner = await startRunner(args);
          await converged(kubeconfig, image, `after restart ${i}`);
          timings.push((Date.now() - runner.started) / 1000);
        }
      } finally {
        await writer.stop();
      }
      // Every acknowledged write is stored, and the watcher saw each exactly once, in revision order.
      const stored = JSON.parse(await kubectl(kubeconfig, ['get', 'configmaps', '-n', 'crash', '-o', 'json'])) as { items: { metadata: { name: string } }[] };
      const names = new Set(stored.items.map((c) => c.metadata.name));
      expect(writer.acknowledged.filter((n) => !names.has(n))).toEqual([]);
      expect(writer.acknowledged.length).toBeGreaterThan(RESTARTS);
      await eventually(async () => writer.acknowledged.every((n) => watcher.added.has(n)), 30_000, 200);
      await watcher.stop();
      expect(watcher.errors).toEqual([]);
      const rvs = watcher.events.map((e) => e.rv);
      expect(rvs).toEqual([...rvs].sort((a, b) => a - b));
      expect(new Set(rvs).size).toBe(rvs.length);
      const addedTwice = watcher.events.filter((e) => e.type === 'ADDED').map((e) => e.name).filter((n, i, all) => all.indexOf(n) !== i);
      expect(addedTwice).toEqual([]);
      expect(watcher.reconnects).toBeGreaterThanOrEqual(RESTARTS);
      process.stdout.write(`crash recovery: an uninterrupted rollout took ${baseline.toFixed(1)} s; after each restart the rollout converged in ${timings.map((t) => `${t.toFixed(1)} s`).join(', ')}; ${writer.acknowledged.length} acknowledged writes, ${watcher.reconnects} watch reconnects\n`);
    } finally {
      await stop(runner);
    }
  }, 20 * 60_000);
});
