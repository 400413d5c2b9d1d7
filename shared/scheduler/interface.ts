/**
 * The plugin interfaces (upstream's framework/interface.go): what a filter or score plugin and a
 * profile are. Their own module, so the framework's parts (filtering, scoring, preemption) and
 * the plugins import them without importing the framework that runs them.
 */
import type { CycleState } from './cycle-state';
import type { NodeInfo } from './node-info';
import type { PodInfo } from './pod-info';
import type { Snapshot } from './snapshot';
import type { Status } from './status';

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
