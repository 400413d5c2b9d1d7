import type { Pod } from '../../api/types';
import type { RestContext } from '../../registry/context';
import type { ReconcileResult, WorkKey } from '../../runtime/work';
import { get, list, R, remove } from '../client';
import { Controller } from '../controller';
import { removalsOf } from '../workloads/routing';
import { DEFAULT_TERMINATED_POD_THRESHOLD, planPodGC } from './podgc-plan';

const NAME = 'podgc';
/** The key "every pod": a sweep. */
const SWEEP: WorkKey = { resource: 'pods', name: '*', controller: NAME };

/**
 * Upstream's pod garbage collector: pods bound to nodes that are gone, and terminated pods beyond a
 * threshold, are deleted. A node's removal sweeps its pods
 * at once (upstream waits out a 40 s quarantine; here each node is read again before its pods go);
 * the periodic resync sweeps everything.
 */
export function podGarbageCollector(terminatedPodThreshold = DEFAULT_TERMINATED_POD_THRESHOLD): Controller {
  return {
    name: NAME,
    filters: [removalsOf('nodes')],
    route: (_record, key) => (key?.resource === 'nodes' ? [{ resource: 'nodes', name: key.name, controller: NAME }] : []),
    async reconcile(ctx, key) {
      if (key.resource === 'nodes') return sweepNode(ctx, key.name);
      return sweep(ctx, terminatedPodThreshold);
    },
    resync: async () => [SWEEP],
  };
}

export const podGC: Controller = podGarbageCollector();

async function sweepNode(ctx: RestContext, node: string): Promise<ReconcileResult> {
  if (await get(ctx, R.nodes, undefined, node)) return {};
  const pods = (await list(ctx, R.pods)).filter((p) => p.spec?.nodeName === node);
  for (const pod of pods) await forceDelete(ctx, pod);
  return {};
}

async function sweep(ctx: RestContext, threshold: number): Promise<ReconcileResult> {
  // Pods first: a node that a listed pod is bound to existed before the binding, so it is listed below unless gone.
  const pods = await list(ctx, R.pods);
  const nodes = new Set((await list(ctx, R.nodes)).map((n) => String(n.metadata.name)));
  const plan = planPodGC(pods, nodes, threshold);
  const missing = new Set(plan.orphaned.map((p) => String(p.spec?.nodeName)));
  for (const node of missing) if (await get(ctx, R.nodes, undefined, node)) nodes.add(node);
  for (const pod of plan.orphaned) if (!nodes.has(String(pod.spec?.nodeName))) await forceDelete(ctx, pod);
  for (const pod of plan.terminated) await forceDelete(ctx, pod);
  return {};
}

const forceDelete = (ctx: RestContext, pod: Pod) => remove(ctx, R.pods, pod, { gracePeriodSeconds: 0, propagationPolicy: 'Background' });
