import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { DEFAULT_FLAGS, RunnerFlags } from '../../local/flags';
import { Runner, RunnerHooks, startRunner } from '../../local/runner';
import { HELM, KUBECTL } from '../../scripts/tools';

export interface TestCluster {
  runner: Runner;
  dir: string;
  kubectl(args: string[], opts?: { input?: string; allowFail?: boolean }): Promise<Result>;
  helm(args: string[], opts?: { allowFail?: boolean }): Promise<Result>;
  stop(): Promise<void>;
}

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function run(bin: string, args: string[], env: NodeJS.ProcessEnv, input?: string, cwd?: string): Promise<Result> {
  return new Promise((resolve) => {
    const child = execFile(bin, args, { env, cwd, maxBuffer: 64 * 1024 * 1024, timeout: 120_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}

/** A whole local cluster in this process, on the run's DynamoDB Local, in a table of its own. */
export async function startCluster(overrides: Partial<RunnerFlags> = {}, hooks: RunnerHooks = {}): Promise<TestCluster> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skiff-e2e-'));
  const flags: RunnerFlags = {
    ...DEFAULT_FLAGS,
    port: 0,
    kubeconfig: path.join(dir, 'kubeconfig'),
    dataDir: path.join(dir, 'data'),
    dynamodbEndpoint: process.env.SKIFF_TEST_DYNAMODB,
    table: `e2e-${randomUUID().slice(0, 8)}`,
    nodes: 0,
    ...overrides,
  };
  const runner = await startRunner(flags, hooks);
  const env = { ...process.env, KUBECONFIG: runner.kubeconfig, HOME: dir, HELM_CACHE_HOME: path.join(dir, 'helm-cache'), HELM_CONFIG_HOME: path.join(dir, 'helm-config'), HELM_DATA_HOME: path.join(dir, 'helm-data') };
  const check = (bin: string) => async (args: string[], opts: { input?: string; allowFail?: boolean } = {}) => {
    const result = await run(bin, args, env, opts.input, dir);
    if (result.code !== 0 && !opts.allowFail) {
      throw new Error(`${path.basename(bin)} ${args.join(' ')} failed (${result.code}):\n${result.stderr}${result.stdout}`);
    }
    return result;
  };
  return {
    runner,
    dir,
    kubectl: check(KUBECTL),
    helm: check(HELM),
    stop: async () => {
      await runner.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export { eventually } from './eventually';

/** The tutorial manifests shipped in `examples/` (SKIFF_EXAMPLES_DIR points elsewhere). */
export const EXAMPLES = process.env.SKIFF_EXAMPLES_DIR ?? path.resolve(__dirname, '../../examples');
