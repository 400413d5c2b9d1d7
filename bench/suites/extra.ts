import { BenchCluster } from '../cluster';

/** Suites that need the scheduler, controllers and simulated nodes join here as they land. */
export async function extraSuites(_c: BenchCluster, _quick: boolean): Promise<Record<string, unknown>> {
  return {};
}
