import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_FLAGS, RunnerFlags } from '../local/flags';
import { Runner, RunnerHooks, startRunner } from '../local/runner';
import { EmbeddedDynamo, startDynamoDbLocal } from '../local/dynamodb-local';
import { CapacityTally, countCapacity, emptyTally } from '../shared/storage/capacity';
import { apiClient } from '../test/support/http';
import { warmDynamo } from './warm-dynamo';

export interface BenchCluster {
  runner: Runner;
  dynamo: EmbeddedDynamo;
  api: ReturnType<typeof apiClient>;
  tally: CapacityTally;
  stop(): Promise<void>;
}

/**
 * One embedded DynamoDB Local (the same build the raw baselines use), warmed by raw traffic on a
 * table of its own for SKIFF_BENCH_WARM_SECONDS (default 10; `--quick` sets 0), and a runner on it.
 */
export async function benchCluster(overrides: Partial<RunnerFlags> = {}, hooks: Omit<RunnerHooks, 'dynamoClient'> = {}, tally: CapacityTally = emptyTally()): Promise<BenchCluster> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skiff-bench-'));
  const dynamo = await startDynamoDbLocal();
  const warmSeconds = Number(process.env.SKIFF_BENCH_WARM_SECONDS ?? 10);
  if (warmSeconds > 0) await warmDynamo(dynamo.endpoint, warmSeconds);
  const runner = await startRunner(
    { ...DEFAULT_FLAGS, port: 0, kubeconfig: path.join(dir, 'kubeconfig'), dataDir: path.join(dir, 'data'), dynamodbEndpoint: dynamo.endpoint, nodes: 0, ...overrides },
    { ...hooks, dynamoClient: (c) => countCapacity(c, tally) },
  );
  const api = apiClient(runner.kubeconfig);
  return {
    runner,
    dynamo,
    api,
    tally,
    stop: async () => {
      api.agent.destroy();
      await runner.stop();
      await dynamo.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
