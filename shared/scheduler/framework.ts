/**
 * The scheduling framework (upstream's pkg/scheduler/framework and schedule_one.go), pure: plugins
 * filter nodes, then score the feasible ones 0..100; the weighted sum picks the node. No I/O: the
 * caller builds a Snapshot, calls schedulePod, writes the Binding and `assume`s the pod.
 */
import type { Pod } from '../api/types';
import { CycleState } from './cycle-state';
import { diagnosisReasons, fitErrorMessage } from './fit-error';
import { findFeasibleNodes, runPreFilters } from './filtering';
import { podInfoFor } from './pod-info';
import { filterWithNominated } from './nominated';
import { evaluatePreemption } from './preemption';
import { prioritizeNodes, selectHost } from './scoring';
import type { Snapshot } from './snapshot';
import type { Profile } from './interface';

export type { Code, Status } from './status';
export { SUCCESS, isSuccess, unresolvable, unschedulable } from './status';
export { CycleState } from './cycle-state';
export type { NodeInfo, Resources, Allocatable } from './node-info';
export type { PodInfo, PodResources, HostPort } from './pod-info';
export type { Snapshot } from './snapshot';
export type { FilterPlugin, PreFilterOutcome, PreFilterResult, Profile, ScorePlugin } from './interface';

export interface ScheduleSuccess {
  readonly node: string;
  readonly evaluatedNodes: number;
  readonly feasibleNodes: number;
}

export interface ScheduleFailure {
  readonly unschedulable: true;
  /** The PodScheduled condition / FailedScheduling event message, exactly as kube-scheduler words it. */
  readonly message: string;
  /** reason → number of nodes, in the message's order. */
  readonly reasons: ReadonlyMap<string, number>;
  /** Nodes where evicting lower-priority pods would make room. */
  readonly preemptionCandidates?: readonly string[];
  /** The node preemption chose (to nominate), the pods to evict there, and the lower-priority pods to un-nominate. */
  readonly preemption?: { readonly node: string; readonly victims: readonly Pod[]; readonly lowerNominated: readonly Pod[] };
  /** status.nominatedNodeName to write: the chosen node, '' to clear it, absent to leave it as it is. */
  readonly nominatedNodeName?: string;
}

export type ScheduleResult = ScheduleSuccess | ScheduleFailure;

export const NO_NODES_AVAILABLE = 'no nodes available to schedule pods';

/** Picks a node for `pod` from `snapshot`, or explains why none fits. Never mutates pods or nodes. */
export function schedulePod(pod: Pod, snapshot: Snapshot, profile: Profile): ScheduleResult {
  const numAllNodes = snapshot.nodeInfos.length;
  if (numAllNodes === 0) return { unschedulable: true, message: NO_NODES_AVAILABLE, reasons: new Map() };

  const podInfo = podInfoFor(pod);
  const state = new CycleState();
  const pre = runPreFilters(podInfo, snapshot, profile, state);
  const ctx = { pod: podInfo, snapshot, profile, state, pre };
  // evaluateNominatedNode: a pod that preempted goes to its nominated node if it fits there now.
  const nominated = pod.status?.nominatedNodeName ? snapshot.nodeInfoByName.get(pod.status.nominatedNodeName) : undefined;
  if (nominated !== undefined && pre.rejected === undefined && (pre.nodeNames?.has(nominated.name) ?? true)) {
    if (filterWithNominated(ctx, nominated).code === 'Success') return { node: nominated.name, evaluatedNodes: 1, feasibleNodes: 1 };
  }
  const { feasible, diagnosis } = findFeasibleNodes(podInfo, snapshot, profile, state, pre, (n) => filterWithNominated(ctx, n));
  const evaluatedNodes = feasible.length + diagnosis.statuses.size;

  if (feasible.length === 0) {
    const reasons = diagnosisReasons(numAllNodes, diagnosis);
    const preemption = profile.preemption ? evaluatePreemption(podInfo, snapshot, profile, diagnosis) : undefined;
    const message = fitErrorMessage(numAllNodes, reasons, diagnosis.preFilterMsg, preemption?.message);
    const candidates = preemption?.candidates ?? [];
    const chosen = preemption?.chosen;
    const nominatedNodeName = chosen ? chosen.node : preemption?.eligible ? '' : undefined;
    return {
      unschedulable: true,
      message,
      reasons,
      ...(candidates.length > 0 ? { preemptionCandidates: candidates } : {}),
      ...(nominatedNodeName !== undefined ? { nominatedNodeName } : {}),
      ...(chosen ? { preemption: { node: chosen.node, victims: chosen.victims.map((v) => v.pod), lowerNominated: chosen.lowerNominated.map((v) => v.pod) } } : {}),
    };
  }
  if (feasible.length === 1) return { node: feasible[0].name, evaluatedNodes, feasibleNodes: 1 };

  const totals = prioritizeNodes(podInfo, feasible, snapshot, state, profile.scorePlugins);
  return { node: selectHost(podInfo, feasible, totals).name, evaluatedNodes, feasibleNodes: feasible.length };
}

export function isScheduled(result: ScheduleResult): result is ScheduleSuccess {
  return !('unschedulable' in result);
}
