/**
 * The score half of a scheduling cycle (prioritizeNodes and selectHost): each score plugin rates
 * every feasible node 0..100, the weighted sum ranks them, ties go to a node picked by the pod's
 * name so equal nodes share the load without randomness.
 */
import type { CycleState } from './cycle-state';
import type { ScorePlugin } from './interface';
import type { NodeInfo } from './node-info';
import type { PodInfo } from './pod-info';
import type { Snapshot } from './snapshot';

export const MAX_NODE_SCORE = 100;

/** The weighted sum of every plugin's normalized score, one per node in `nodes` order. */
export function prioritizeNodes(
  pod: PodInfo,
  nodes: readonly NodeInfo[],
  snapshot: Snapshot,
  state: CycleState,
  plugins: readonly ScorePlugin[],
): number[] {
  const totals = new Array<number>(nodes.length).fill(0);
  const scores = new Array<number>(nodes.length);
  for (const plugin of plugins) {
    if (plugin.preScore?.(pod, nodes, snapshot, state) === 'Skip') continue;
    for (let i = 0; i < nodes.length; i++) scores[i] = plugin.score(pod, nodes[i], snapshot, state);
    plugin.normalize?.(scores, pod, nodes, state);
    for (let i = 0; i < nodes.length; i++) {
      const score = scores[i];
      if (!(score >= 0 && score <= MAX_NODE_SCORE)) {
        throw new Error(`plugin ${plugin.name} returns an invalid score ${score} for node "${nodes[i].name}", it should in the range of [0, ${MAX_NODE_SCORE}] after normalizing`);
      }
      totals[i] += score * plugin.weight;
    }
  }
  return totals;
}

/** FNV-1a: stable across runs and processes, unlike upstream's random reservoir sampling. */
export function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The best-scored node; among equals, the one the pod's namespace/name hashes to. */
export function selectHost(pod: PodInfo, nodes: readonly NodeInfo[], totals: readonly number[]): NodeInfo {
  let best = -Infinity;
  const ties: number[] = [];
  for (let i = 0; i < totals.length; i++) {
    if (totals[i] > best) {
      best = totals[i];
      ties.length = 0;
      ties.push(i);
    } else if (totals[i] === best) {
      ties.push(i);
    }
  }
  return nodes[ties[stableHash(`${pod.namespace}/${pod.name}`) % ties.length]];
}

/**
 * helper.DefaultNormalizeScore: scales so the highest score is 100; `reverse` makes the lowest
 * best (counts of something bad). All zeros stay 0, or all become 100 when reversed.
 */
export function defaultNormalizeScore(scores: number[], reverse: boolean): void {
  let max = 0;
  for (const s of scores) if (s > max) max = s;
  for (let i = 0; i < scores.length; i++) {
    if (max === 0) {
      if (reverse) scores[i] = MAX_NODE_SCORE;
      continue;
    }
    const scaled = Math.trunc((MAX_NODE_SCORE * scores[i]) / max);
    scores[i] = reverse ? MAX_NODE_SCORE - scaled : scaled;
  }
}
