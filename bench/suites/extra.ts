import { BenchCluster } from '../cluster';
import { schedulerSuite } from './scheduler';

/** Suites that need the scheduler, controllers and simulated nodes. */
export async function extraSuites(c: BenchCluster, quick: boolean): Promise<Record<string, unknown>> {
  return { scheduler: await schedulerSuite(c, quick) };
}
