/**
 * DefaultPreemption's dry run (PostFilter), without evicting anything: for each node, would
 * removing every lower-priority pod let the incoming pod fit? It yields upstream's `preemption: ...`
 * message suffix and the candidate nodes; choosing victims and nominating stays with the caller.
 */
import { CycleState } from './cycle-state';
import { fitErrorMessage, reasonCounts } from './fit-error';
import type { Diagnosis, PreFilterPass } from './filtering';
import { runFilters, runPreFilters } from './filtering';
import type { Profile } from './interface';
import { nodeInfoWith } from './node-info';
import type { PodInfo } from './pod-info';
import { Snapshot, withNodeInfo } from './snapshot';
import { Status, unresolvable } from './status';

export const NOT_HELPFUL = unresolvable('Preemption is not helpful for scheduling');
export const NO_VICTIMS = unresolvable('No preemption victims found for incoming pod');

export interface PreemptionOutcome {
  /** The PostFilter message appended to the FitError message; '' when preemption could succeed. */
  readonly message: string;
  readonly candidates: readonly string[];
}

/** The preFilter pass over the unchanged snapshot, reusable while no filter counts other nodes' pods. */
interface SharedPass {
  readonly pre: PreFilterPass;
  readonly state: CycleState;
  readonly reusable: boolean;
}

/** Filters the pod against `snapshot` with the node's lower-priority pods removed. */
function dryRun(pod: PodInfo, snapshot: Snapshot, nodeName: string, profile: Profile, shared: SharedPass): Status {
  const original = snapshot.nodeInfoByName.get(nodeName);
  if (original === undefined) return NOT_HELPFUL;
  if (!original.pods.some((p) => p.priority < pod.priority)) return NO_VICTIMS;
  const without = nodeInfoWith(original, (p) => p.priority >= pod.priority);
  if (shared.reusable) return runFilters(pod, without, snapshot, shared.state, shared.pre.filters);
  const view = withNodeInfo(snapshot, without);
  const state = new CycleState();
  const pre = runPreFilters(pod, view, profile, state);
  if (pre.rejected !== undefined) return pre.rejected;
  if (pre.nodeNames !== undefined && !pre.nodeNames.has(nodeName)) return NOT_HELPFUL;
  return runFilters(pod, without, view, state, pre.filters);
}

function sharedPass(pod: PodInfo, snapshot: Snapshot, profile: Profile): SharedPass {
  const state = new CycleState();
  const pre = runPreFilters(pod, snapshot, profile, state);
  return { pre, state, reusable: pre.rejected === undefined && !pre.filters.some((f) => f.crossNodeState) };
}

export function evaluatePreemption(pod: PodInfo, snapshot: Snapshot, profile: Profile, diagnosis: Diagnosis): PreemptionOutcome {
  if (pod.pod.spec?.preemptionPolicy === 'Never') {
    return { message: 'preemption: not eligible due to preemptionPolicy=Never.', candidates: [] };
  }
  const statuses: Status[] = [];
  const candidates: string[] = [];
  let shared: SharedPass | undefined;
  for (const nodeInfo of snapshot.nodeInfos) {
    const status = diagnosis.statuses.get(nodeInfo.name) ?? diagnosis.absentStatus;
    // Only nodes that failed with a resolvable status can be helped by removing pods.
    let outcome = NOT_HELPFUL;
    if (status.code === 'Unschedulable') {
      shared ??= sharedPass(pod, snapshot, profile);
      outcome = dryRun(pod, snapshot, nodeInfo.name, profile, shared);
    }
    if (outcome.code === 'Success') candidates.push(nodeInfo.name);
    else statuses.push(outcome);
  }
  if (candidates.length > 0) return { message: '', candidates };
  const numAllNodes = snapshot.nodeInfos.length;
  const reasons = reasonCounts(numAllNodes, statuses, NOT_HELPFUL);
  return { message: `preemption: ${fitErrorMessage(numAllNodes, reasons)}`, candidates };
}
