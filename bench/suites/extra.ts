import { schedulerSuite } from './scheduler';
import { scaleSuite, workloadSuite } from './workload';
import { loadBalancerSuite } from './load-balancers';
import { batchSuite } from './batch';
import { idleControllerCost } from './runtime-cost';
import { ecsSuite } from './ecs';

/** Suites with clusters of their own (simulated nodes, thousands of objects), run once the shared one has stopped. */
export async function standaloneSuites(quick: boolean, chosen: ReadonlySet<string>): Promise<Record<string, unknown>> {
  const results: Record<string, unknown> = {};
  if (chosen.has('scheduler')) results.scheduler = await schedulerSuite(quick);
  if (chosen.has('workload')) results.workload = await workloadSuite(quick);
  if (chosen.has('scale')) results.scale = await scaleSuite(quick);
  if (chosen.has('loadBalancers')) results.loadBalancers = await loadBalancerSuite();
  if (chosen.has('batch')) {
    const batch = await batchSuite(quick);
    results.batch = { ...batch, idleCost: idleControllerCost(batch.cronJobWake, batch.hpaSync) };
  }
  if (chosen.has('ecs')) results.ecs = await ecsSuite(quick);
  return results;
}
