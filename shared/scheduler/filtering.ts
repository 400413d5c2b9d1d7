/**
 * The filter half of a scheduling cycle (schedule_one.go findNodesThatFitPod): preFilter once per
 * pod, then filters per node starting where the last pod stopped, until enough nodes are feasible.
 */
import type { CycleState } from './cycle-state';
import type { FilterPlugin, PreFilterOutcome, Profile } from './interface';
import type { NodeInfo } from './node-info';
import type { PodInfo } from './pod-info';
import type { Snapshot } from './snapshot';
import { SUCCESS as IMPORTED_SUCCESS, Status, unresolvable } from './status';

// Module-local copies of imports read for every node: tsx (esbuild) compiles each read of an
// imported binding to a getter call, which here costs more than the check itself.
const SUCCESS = IMPORTED_SUCCESS;

export interface PreFilterPass {
  /** Set when a preFilter rejected the pod: every node fails with this status. */
  readonly rejected?: Status;
  /** The filter plugins to run per node (those whose preFilter did not answer 'Skip'). */
  readonly filters: readonly FilterPlugin[];
  /** When a preFilter narrowed the candidates: only these nodes are filtered. */
  readonly nodeNames?: ReadonlySet<string>;
  readonly narrowedBy: readonly string[];
}

export interface Diagnosis {
  /** Node name → why it was rejected, for every node filtered and rejected. */
  readonly statuses: Map<string, Status>;
  /** The status of nodes never filtered (rejected up front by preFilter). */
  readonly absentStatus: Status;
  readonly preFilterMsg?: string;
}

/** The default absent status: unresolvable, with no reason to count. */
const NOT_EVALUATED = unresolvable();

/** Go's `%v` of a []string. */
const goList = (names: readonly string[]): string => `[${names.join(' ')}]`;

function isStatus(outcome: Exclude<PreFilterOutcome, 'Skip' | void>): outcome is Status {
  return 'code' in outcome;
}

export function runPreFilters(pod: PodInfo, snapshot: Snapshot, profile: Profile, state: CycleState): PreFilterPass {
  const filters: FilterPlugin[] = [];
  const narrowedBy: string[] = [];
  let nodeNames: Set<string> | undefined;
  for (const plugin of profile.filterPlugins) {
    const outcome = plugin.preFilter?.(pod, snapshot, state);
    if (outcome === 'Skip') continue;
    if (outcome !== undefined && isStatus(outcome)) {
      if (outcome.code !== 'Success') return { rejected: outcome, filters: [], narrowedBy };
    } else if (outcome !== undefined) {
      narrowedBy.push(plugin.name);
      nodeNames = new Set(nodeNames === undefined ? outcome.nodeNames : [...nodeNames].filter((n) => outcome.nodeNames.has(n)));
      if (nodeNames.size === 0) {
        const message =
          narrowedBy.length === 1
            ? `node(s) didn't satisfy plugin ${narrowedBy[0]}`
            : `node(s) didn't satisfy plugin(s) ${goList(narrowedBy)} simultaneously`;
        return { rejected: unresolvable(message), filters: [], narrowedBy };
      }
    }
    filters.push(plugin);
  }
  return { filters, nodeNames, narrowedBy };
}

/** RunFilterPlugins: the first rejection decides the node's status. */
export function runFilters(
  pod: PodInfo,
  nodeInfo: NodeInfo,
  snapshot: Snapshot,
  state: CycleState,
  filters: readonly FilterPlugin[],
): Status {
  for (const plugin of filters) {
    const status = plugin.filter(pod, nodeInfo, snapshot, state);
    if (status.code !== 'Success') return status;
  }
  return SUCCESS;
}

const MIN_FEASIBLE_NODES_TO_FIND = 100;
const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

/** numFeasibleNodesToFind: all nodes below 100; otherwise a share that shrinks as clusters grow. */
export function numFeasibleNodesToFind(percentageOfNodesToScore: number, numAllNodes: number): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let percentage = percentageOfNodesToScore;
  if (percentage <= 0) percentage = Math.max(50 - Math.trunc(numAllNodes / 125), MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND);
  if (percentage >= 100) return numAllNodes;
  return Math.max(Math.trunc((numAllNodes * percentage) / 100), MIN_FEASIBLE_NODES_TO_FIND);
}

export function findFeasibleNodes(
  pod: PodInfo,
  snapshot: Snapshot,
  profile: Profile,
  state: CycleState,
  pre: PreFilterPass,
  /** How to filter a node while pods are nominated (./nominated's filterWithNominated). */
  withNominated?: (nodeInfo: NodeInfo) => Status,
): { feasible: NodeInfo[]; diagnosis: Diagnosis } {
  const statuses = new Map<string, Status>();
  if (pre.rejected !== undefined) {
    return { feasible: [], diagnosis: { statuses, absentStatus: pre.rejected, preFilterMsg: pre.rejected.reasons.join(', ') } };
  }

  let nodes = snapshot.nodeInfos;
  let absentStatus = NOT_EVALUATED;
  if (pre.nodeNames !== undefined) {
    nodes = nodes.filter((n) => pre.nodeNames?.has(n.name));
    absentStatus = unresolvable(`node(s) didn't satisfy plugin(s) ${goList([...pre.narrowedBy].sort())}`);
  }

  const feasible: NodeInfo[] = [];
  const toFind = numFeasibleNodesToFind(profile.percentageOfNodesToScore, nodes.length);
  const start = nodes.length === 0 ? 0 : snapshot.nextStartNodeIndex % nodes.length;
  let processed = 0;
  const nominating = withNominated !== undefined && snapshot.nominated.size > 0;
  for (let i = 0; i < nodes.length && feasible.length < toFind; i++) {
    const nodeInfo = nodes[(start + i) % nodes.length];
    processed++;
    const status = nominating && withNominated ? withNominated(nodeInfo) : runFilters(pod, nodeInfo, snapshot, state, pre.filters);
    if (status.code === 'Success') feasible.push(nodeInfo);
    else statuses.set(nodeInfo.name, status);
  }
  snapshot.nextStartNodeIndex = (snapshot.nextStartNodeIndex + processed) % snapshot.nodeInfos.length;
  return { feasible, diagnosis: { statuses, absentStatus } };
}
