/**
 * NodeResourcesBalancedAllocation (plugins/noderesources/balanced_allocation.go): prefers nodes
 * whose cpu and memory would be used in equal shares after placing the pod, so neither runs out
 * while the other idles. Pods that request nothing are not scored (they would all pile up).
 */
import type { ScorePlugin } from '../framework';
import { MAX_NODE_SCORE as IMPORTED_MAX_NODE_SCORE } from '../scoring';
import { DEFAULT_SCORING_RESOURCES, ResourceSpec, podRequestList, scoredAllocatable as IMPORTED_scoredAllocatable, scoredRequested as IMPORTED_scoredRequested } from './node-resources-fit';

// Module-local copies of imports read for every node: tsx (esbuild) compiles each read of an
// imported binding to a getter call, which here costs more than the check itself.
const MAX_NODE_SCORE = IMPORTED_MAX_NODE_SCORE;
const scoredAllocatable = IMPORTED_scoredAllocatable;
const scoredRequested = IMPORTED_scoredRequested;

export const NODE_RESOURCES_BALANCED_ALLOCATION = 'NodeResourcesBalancedAllocation';

/** balancedResourceScorer: (1 - standard deviation of the used fractions) × 100. */
export function balancedResourceScore(requested: readonly number[], allocatable: readonly number[]): number {
  let count = 0;
  let total = 0;
  let first = 0;
  let second = 0;
  for (let i = 0; i < requested.length; i++) {
    if (allocatable[i] === 0) continue;
    const fraction = Math.min(requested[i] / allocatable[i], 1);
    if (count === 0) first = fraction;
    else if (count === 1) second = fraction;
    total += fraction;
    count++;
  }
  let std = 0;
  if (count === 2) {
    // The usual cpu + memory case, without allocating.
    std = Math.abs((first - second) / 2);
  } else if (count > 2) {
    const mean = total / count;
    let sum = 0;
    for (let i = 0; i < requested.length; i++) {
      if (allocatable[i] === 0) continue;
      const f = Math.min(requested[i] / allocatable[i], 1);
      sum += (f - mean) * (f - mean);
    }
    std = Math.sqrt(sum / count);
  }
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}

export interface BalancedAllocationArgs {
  readonly resources?: readonly ResourceSpec[];
  readonly weight?: number;
}

export function newNodeResourcesBalancedAllocation(args: BalancedAllocationArgs = {}): ScorePlugin {
  const resources = args.resources ?? DEFAULT_SCORING_RESOURCES;
  const key = `PreScore${NODE_RESOURCES_BALANCED_ALLOCATION}`;
  const requested = new Array<number>(resources.length);
  const allocatable = new Array<number>(resources.length);
  return {
    name: NODE_RESOURCES_BALANCED_ALLOCATION,
    weight: args.weight ?? 1,
    preScore(pod, _nodes, _snapshot, state) {
      const podRequests = podRequestList(pod, resources, true);
      if (podRequests.every((r) => r === 0)) return 'Skip';
      state.write(key, podRequests);
    },
    score(pod, nodeInfo, _snapshot, state) {
      const podRequests = state.read<number[]>(key) ?? podRequestList(pod, resources, true);
      for (let i = 0; i < resources.length; i++) {
        allocatable[i] = scoredAllocatable(nodeInfo, resources[i].name, podRequests[i]);
        requested[i] = allocatable[i] === 0 ? 0 : scoredRequested(nodeInfo, resources[i].name, podRequests[i], true);
      }
      return balancedResourceScore(requested, allocatable);
    },
  };
}
