/**
 * The scheduling framework (upstream's pkg/scheduler/framework and schedule_one.go), pure: plugins
 * filter nodes, then score the feasible ones 0..100; the weighted sum picks the node. No I/O: the
 * caller builds a Snapshot, calls schedulePod, writes the Binding and `assume`s the pod.
 */
import type { Pod } from '../api/types';
import { CycleState } from './cycle-state';
import { diagnosisReasons, fitErrorMessage } from './fit-error';
import { findFeasibleNodes, runPreFilters } from './filtering';
import type { NodeInfo } from './node-info';
import { PodInfo, podInfoFor } from './pod-info';
import { evaluatePreemption } from './preemption';
import { prioritizeNodes, selectHost } from './scoring';
import type { Snapshot } from './snapshot';
import type { Status } from './status';

export type { Code, Status } from './status';
export { SUCCESS, isSuccess, unresolvable, unschedulable } from './status';
export { CycleState } from './cycle-state';
export type { NodeInfo, Resources, Allocatable } from './node-info';
export type { PodInfo, PodResources, HostPort } from './pod-info';
export type { Snapshot } from './snapshot';

/** Narrows the nodes worth filtering (NodeAffinity on `metadata.name`). */
export interface PreFilterResult {
  readonly nodeNames: ReadonlySet<string>;
}

/**
 * What preFilter decides once per pod: 'Skip' (the plugin's filter has nothing to check for this
 * pod), a Status (a rejection fails every node), node names to narrow to, or nothing.
 */
export type PreFilterOutcome = 'Skip' | Status | PreFilterResult | void;

export interface FilterPlugin {
  readonly name: string;
  /**
   * The preFilter state counts pods on other nodes (affinity, spread). Upstream's plugins keep
   * it current with AddPod/RemovePod extensions; here preemption's dry run recomputes it instead.
   */
  readonly crossNodeState?: boolean;
  preFilter?(pod: PodInfo, snapshot: Snapshot, state: CycleState): PreFilterOutcome;
  filter(pod: PodInfo, nodeInfo: NodeInfo, snapshot: Snapshot, state: CycleState): Status;
}

export interface ScorePlugin {
  readonly name: string;
  readonly weight: number;
  /** Once per pod, over the feasible nodes; 'Skip' leaves every node a 0 from this plugin. */
  preScore?(pod: PodInfo, nodes: readonly NodeInfo[], snapshot: Snapshot, state: CycleState): 'Skip' | void;
  /** 0..100 after normalize (raw scores may be any integer when normalize is present). */
  score(pod: PodInfo, nodeInfo: NodeInfo, snapshot: Snapshot, state: CycleState): number;
  /** Rescales `scores` (one per node, in the order of `nodes`) in place to 0..100. */
  normalize?(scores: number[], pod: PodInfo, nodes: readonly NodeInfo[], state: CycleState): void;
}

export interface Profile {
  readonly schedulerName: string;
  /** In upstream's order; a node's status comes from the first plugin that rejects it. */
  readonly filterPlugins: readonly FilterPlugin[];
  readonly scorePlugins: readonly ScorePlugin[];
  /** Stop filtering once this share of nodes is feasible; 0 is upstream's adaptive default. */
  readonly percentageOfNodesToScore: number;
  /** Run DefaultPreemption's dry run on failure, for its message and candidate nodes. */
  readonly preemption: boolean;
}

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
  /** Nodes where evicting lower-priority pods would make room (upstream would nominate one). */
  readonly preemptionCandidates?: readonly string[];
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
  const { feasible, diagnosis } = findFeasibleNodes(podInfo, snapshot, profile, state, pre);
  const evaluatedNodes = feasible.length + diagnosis.statuses.size;

  if (feasible.length === 0) {
    const reasons = diagnosisReasons(numAllNodes, diagnosis);
    const preemption = profile.preemption ? evaluatePreemption(podInfo, snapshot, profile, diagnosis) : undefined;
    const message = fitErrorMessage(numAllNodes, reasons, diagnosis.preFilterMsg, preemption?.message);
    const candidates = preemption?.candidates ?? [];
    return { unschedulable: true, message, reasons, ...(candidates.length > 0 ? { preemptionCandidates: candidates } : {}) };
  }
  if (feasible.length === 1) return { node: feasible[0].name, evaluatedNodes, feasibleNodes: 1 };

  const totals = prioritizeNodes(podInfo, feasible, snapshot, state, profile.scorePlugins);
  return { node: selectHost(podInfo, feasible, totals).name, evaluatedNodes, feasibleNodes: feasible.length };
}

export function isScheduled(result: ScheduleResult): result is ScheduleSuccess {
  return !('unschedulable' in result);
}
