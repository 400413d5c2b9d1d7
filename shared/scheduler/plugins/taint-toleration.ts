/**
 * TaintToleration (plugins/tainttoleration): a node's NoSchedule and NoExecute taints keep out pods
 * that do not tolerate them; untolerated PreferNoSchedule taints only lower the node's score.
 */
import type { Taint, Toleration } from '../../api/types';
import type { CycleState } from '../cycle-state';
import type { FilterPlugin, ScorePlugin } from '../framework';
import type { NodeInfo } from '../node-info';
import type { PodInfo } from '../pod-info';
import { defaultNormalizeScore } from '../scoring';
import { SUCCESS as IMPORTED_SUCCESS, Status, unresolvable } from '../status';

// Module-local copies of imports read for every node: tsx (esbuild) compiles each read of an
// imported binding to a getter call, which here costs more than the check itself.
const SUCCESS = IMPORTED_SUCCESS;

export const TAINT_TOLERATION = 'TaintToleration';

/** v1.Toleration.ToleratesTaint: empty effect and empty key (with Exists) match everything. */
export function toleratesTaint(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  switch (toleration.operator ?? '') {
    case '':
    case 'Equal':
      return (toleration.value ?? '') === (taint.value ?? '');
    case 'Exists':
      return true;
    default:
      return false;
  }
}

export function tolerationsTolerateTaint(tolerations: readonly Toleration[] | undefined, taint: Taint): boolean {
  return (tolerations ?? []).some((t) => toleratesTaint(t, taint));
}

const doNotSchedule = (taint: Taint): boolean => taint.effect === 'NoSchedule' || taint.effect === 'NoExecute';

/** FindMatchingUntoleratedTaint over NoSchedule/NoExecute taints: the first one not tolerated. */
export function findUntoleratedTaint(taints: readonly Taint[], tolerations: readonly Toleration[] | undefined): Taint | undefined {
  return taints.find((taint) => doNotSchedule(taint) && !tolerationsTolerateTaint(tolerations, taint));
}

/** Upstream prints the taint as `{key: value}`, leaving a trailing space when the value is empty. */
export function untoleratedTaintReason(taint: Taint): string {
  return `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`;
}

/** The filter predicate: Success, or the untolerated taint as an unresolvable reason. */
export function checkTaints(taints: readonly Taint[], tolerations: readonly Toleration[] | undefined): Status {
  if (taints.length === 0) return SUCCESS;
  const taint = findUntoleratedTaint(taints, tolerations);
  return taint === undefined ? SUCCESS : unresolvable(untoleratedTaintReason(taint));
}

/** Tolerations that can tolerate a PreferNoSchedule taint (effect PreferNoSchedule or empty). */
export function preferNoScheduleTolerations(tolerations: readonly Toleration[] | undefined): Toleration[] {
  return (tolerations ?? []).filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
}

/** The raw score: how many PreferNoSchedule taints the tolerations do not tolerate (fewer is better). */
export function countIntolerableTaintsPreferNoSchedule(taints: readonly Taint[], tolerations: readonly Toleration[]): number {
  let count = 0;
  for (const taint of taints) {
    if (taint.effect === 'PreferNoSchedule' && !tolerationsTolerateTaint(tolerations, taint)) count++;
  }
  return count;
}

export function newTaintToleration(weight = 3): FilterPlugin & ScorePlugin {
  const scoreKey = `PreScore${TAINT_TOLERATION}`;
  return {
    name: TAINT_TOLERATION,
    weight,
    filter: (pod: PodInfo, nodeInfo: NodeInfo): Status => checkTaints(nodeInfo.taints, pod.pod.spec?.tolerations),
    preScore(pod: PodInfo, _nodes, _snapshot, state: CycleState): void {
      state.write(scoreKey, preferNoScheduleTolerations(pod.pod.spec?.tolerations));
    },
    score(_pod, nodeInfo, _snapshot, state): number {
      if (nodeInfo.taints.length === 0) return 0;
      return countIntolerableTaintsPreferNoSchedule(nodeInfo.taints, state.read<Toleration[]>(scoreKey) ?? []);
    },
    normalize: (scores: number[]): void => defaultNormalizeScore(scores, true),
  };
}
