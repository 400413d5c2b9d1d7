/**
 * Filtering with nominated pods (upstream's RunFilterPluginsWithNominatedPods): a node passes only
 * if the pod fits both with the node's nominated pods of equal or higher priority added (so room a
 * preemption freed stays theirs) and without them (so affinity they would satisfy is not assumed).
 */
import { CycleState } from './cycle-state';
import type { PreFilterPass } from './filtering';
import { runFilters, runPreFilters } from './filtering';
import type { Profile } from './interface';
import { addPodToNode, NodeInfo, nodeInfoWith } from './node-info';
import { boundPodInfo, PodInfo } from './pod-info';
import { nominatedPodsOn, Snapshot, withNodeInfo } from './snapshot';
import { Status, unresolvable } from './status';

export const NOT_HELPFUL = unresolvable('Preemption is not helpful for scheduling');

/** A pod's filtering context: its preFilter pass over the unchanged snapshot. */
export interface FilterContext {
  readonly pod: PodInfo;
  readonly snapshot: Snapshot;
  readonly profile: Profile;
  readonly state: CycleState;
  readonly pre: PreFilterPass;
}

/**
 * Filters the pod against `nodeInfo`, which may be a modified copy of the snapshot's node (pods
 * removed or added). Filters that read other nodes' pods through preFilter state get that state
 * recomputed over the snapshot with the copy swapped in; the others reuse the pod's pass.
 */
export function filterOn(ctx: FilterContext, nodeInfo: NodeInfo): Status {
  const { pod, snapshot, profile } = ctx;
  if (ctx.pre.rejected !== undefined) return ctx.pre.rejected;
  const unchanged = snapshot.nodeInfoByName.get(nodeInfo.name) === nodeInfo;
  if (unchanged || !ctx.pre.filters.some((f) => f.crossNodeState)) return runFilters(pod, nodeInfo, snapshot, ctx.state, ctx.pre.filters);
  const view = withNodeInfo(snapshot, nodeInfo);
  const state = new CycleState();
  const pre = runPreFilters(pod, view, profile, state);
  if (pre.rejected !== undefined) return pre.rejected;
  if (pre.nodeNames !== undefined && !pre.nodeNames.has(nodeInfo.name)) return NOT_HELPFUL;
  return runFilters(pod, nodeInfo, view, state, pre.filters);
}

/** The nominated pods that hold room on the node against `pod`: other pods, of equal or higher priority. */
export function nominatedAgainst(pod: PodInfo, snapshot: Snapshot, nodeName: string): readonly PodInfo[] {
  const nominated = nominatedPodsOn(snapshot, nodeName);
  if (nominated.length === 0) return nominated;
  return nominated.filter((p) => p.key !== pod.key && p.priority >= pod.priority);
}

/** RunFilterPluginsWithNominatedPods over `nodeInfo` (the snapshot's node or a modified copy). */
export function filterWithNominated(ctx: FilterContext, nodeInfo: NodeInfo): Status {
  const nominated = nominatedAgainst(ctx.pod, ctx.snapshot, nodeInfo.name);
  if (nominated.length === 0) return filterOn(ctx, nodeInfo);
  const withNominated = nodeInfoWith(nodeInfo, () => true);
  for (const p of nominated) addPodToNode(withNominated, boundPodInfo(p, nodeInfo.name));
  const status = filterOn(ctx, withNominated);
  if (status.code !== 'Success') return status;
  return filterOn(ctx, nodeInfo);
}
