import { schedulerSuite } from './scheduler';
import { scaleSuite, workloadSuite } from './workload';
import { loadBalancerSuite } from './load-balancers';

/** Suites with clusters of their own (simulated nodes, thousands of objects), run once the shared one has stopped. */
export async function standaloneSuites(quick: boolean): Promise<Record<string, unknown>> {
  const scheduler = await schedulerSuite(quick);
  const workload = await workloadSuite(quick);
  const scale = await scaleSuite(quick);
  const loadBalancers = await loadBalancerSuite();
  return { scheduler, workload, scale, loadBalancers };
}
