import { ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KUBECTL } from '../../scripts/tools';

const ROOT = path.resolve(__dirname, '../..');

/** `npm start`'s own process, as a user runs it: embedded DynamoDB Local, HTTPS, kubeconfig. */
function startRunner(args: string[]): Promise<{ child: ChildProcess; output: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'local/main.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, SKIFF_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`runner did not start:\n${out}`)), 90_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      if (out.includes('Press Ctrl-C to stop.')) {
        clearTimeout(timer);
        resolve({ child, output: () => out });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`runner exited with ${code}:\n${out}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGINT');
  });
}

function kubectl(kubeconfig: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(KUBECTL, args, { env: { ...process.env, KUBECONFIG: kubeconfig } }, (err, stdout, stderr) =>
      err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout),
    ),
  );
}

describe('the local runner (npm start)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skiff-restart-'));
  const kubeconfig = path.join(dir, 'kubeconfig');
  const args = ['--port', '0', '--data-dir', path.join(dir, 'data'), '--kubeconfig', kubeconfig, '--nodes', '0'];

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps what was written to a --data-dir cluster across a restart, with the same kubeconfig', async () => {
    const first = await startRunner(args);
    try {
      await kubectl(kubeconfig, ['create', 'namespace', 'kept']);
      await kubectl(kubeconfig, ['apply', '-n', 'kept', '-f', path.join(ROOT, 'test/e2e/fixtures/kept-configmap.yaml')]);
    } finally {
      await stop(first.child);
    }
    const token = fs.readFileSync(kubeconfig, 'utf8');
    const second = await startRunner(args);
    try {
      expect(fs.readFileSync(kubeconfig, 'utf8').includes(token.split('token: ')[1]?.split('\n')[0] ?? '#')).toBe(true);
      const data = await kubectl(kubeconfig, ['get', 'configmap', 'kept', '-n', 'kept', '-o', 'jsonpath={.data.answer}']);
      expect(data).toBe('42');
    } finally {
      await stop(second.child);
    }
  }, 240_000);

  it('prints its flags with --help and refuses unknown flags', async () => {
    const help = await new Promise<string>((resolve) =>
      execFile(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'local/main.ts', '--help'], { cwd: ROOT }, (_e, out) => resolve(out)),
    );
    expect(help).toContain('--node-monitor-grace-period');
    const bad = await new Promise<{ code: number | null; err: string }>((resolve) => {
      const child = execFile(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'local/main.ts', '--bogus'], { cwd: ROOT }, (_e, _o, err) =>
        resolve({ code: child.exitCode, err }),
      );
    });
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('unknown flag: --bogus');
  });
});
