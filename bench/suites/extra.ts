import { BenchCluster } from '../cluster';
import { schedulerSuite } from './scheduler';
import { scaleSuite, workloadSuite } from './workload';

/** Suites on the shared bench cluster that need the scheduler. */
export async function extraSuites(c: BenchCluster, quick: boolean): Promise<Record<string, unknown>> {
  return { scheduler: await schedulerSuite(c, quick) };
}

/** Suites with simulated nodes, each on a cluster of its own, run once the shared one has stopped. */
export async function standaloneSuites(quick: boolean): Promise<Record<string, unknown>> {
  const workload = await workloadSuite(quick);
  const scale = await scaleSuite(quick);
  return { workload, scale };
}
