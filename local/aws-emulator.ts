import { execFileSync, spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { freePort } from './dynamodb-local';

/**
 * The AWS API emulator the tests and the local AWS mode use: moto's server, pinned and pruned in
 * scripts/aws-emulator/ (see its README). Started on a free loopback port in its own session.
 */
export interface AwsEmulator {
  endpoint: string;
  pid: number;
  /** Clears every resource it holds (moto's reset), as a fresh account. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

const DIR = path.resolve(__dirname, '..', 'scripts', 'aws-emulator');

/** Whether Debian's python3 has moto's dependencies (install.sh installs them). */
export function awsEmulatorReady(): boolean {
  return spawnSync(path.join(DIR, 'start.sh'), ['--check'], { stdio: 'ignore' }).status === 0;
}

/** Installs the emulator's dependencies when they are missing and we may (root); otherwise explains. */
export function ensureAwsEmulatorDeps(): void {
  if (process.env.SKIFF_AWS_EMULATOR === 'moto_server' || awsEmulatorReady()) return;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `The AWS emulator's Python dependencies are missing. Run ${DIR}/install.sh as root (Debian), or install moto with PyPI: pip install 'moto[server]' and set SKIFF_AWS_EMULATOR=moto_server.`,
    );
  }
  execFileSync(path.join(DIR, 'install.sh'), { stdio: 'inherit' });
}

export async function startAwsEmulator(): Promise<AwsEmulator> {
  ensureAwsEmulatorDeps();
  let port = await freePort();
  while (port === 5060 || port === 5061) port = await freePort(); // Node's fetch refuses these
  const endpoint = `http://127.0.0.1:${port}`;
  const pid = process.env.SKIFF_AWS_EMULATOR === 'moto_server' ? await startMotoServer(port, endpoint) : startPinned(port);
  return {
    endpoint,
    pid,
    async reset() {
      const res = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
      if (!res.ok) throw new Error(`aws-emulator reset: HTTP ${res.status}`);
      await applySettings(endpoint);
    },
    async stop() {
      try {
        process.kill(-pid, 'SIGTERM');
      } catch {
        try {
          process.kill(pid, 'SIGTERM');
        } catch {
          /* already gone */
        }
      }
    },
  };
}

function startPinned(port: number): number {
  const out = execFileSync(path.join(DIR, 'start.sh'), [String(port)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return Number(out.trim().split('\n').pop());
}

/** A moto installed from PyPI (`pip install 'moto[server]'`), with the settings start.sh applies. */
async function startMotoServer(port: number, endpoint: string): Promise<number> {
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { detached: true, stdio: 'ignore' });
  child.unref();
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`moto_server exited with code ${child.exitCode}`);
    const up = await fetch(`${endpoint}/moto-api/data.json`).then((r) => r.ok, () => false);
    if (up) {
      await applySettings(endpoint);
      return child.pid as number;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('moto_server did not answer in 30 s');
}

/** start.sh's settings, applied again after a reset: tasks stay RUNNING until StopTask; no Docker for Lambda. */
async function applySettings(endpoint: string): Promise<void> {
  const post = (p: string, body: unknown) =>
    fetch(`${endpoint}/moto-api/${p}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  await post('state-manager/set-transition', { model_name: 'ecs::task', transition: { progression: 'manual', times: 1000000 } });
  await post('config', { lambda: { use_docker: false } });
}
