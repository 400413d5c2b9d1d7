/**
 * DefaultPreemption's PostFilter (upstream's preemption.Evaluator), pure: is the pod eligible to
 * preempt, on which nodes would removing lower-priority pods let it fit (the dry run), and which
 * of those nodes and victims to take. Evicting the victims and nominating the pod is the caller's
 * I/O (./preempt); the outcome also carries upstream's `preemption: ...` message suffix.
 */
import { CycleState } from './cycle-state';
import { fitErrorMessage, reasonCounts } from './fit-error';
import type { Diagnosis } from './filtering';
import { runPreFilters } from './filtering';
import type { Profile } from './interface';
import { FilterContext, filterWithNominated, NOT_HELPFUL } from './nominated';
import type { PodInfo } from './pod-info';
import { Candidate, isVictims, pickOneNodeForPreemption, selectVictimsOnNode } from './preemption-victims';
import { nominatedPodsOn, Snapshot } from './snapshot';
import type { Status } from './status';

export { NOT_HELPFUL } from './nominated';
export { NO_VICTIMS } from './preemption-victims';

export interface PreemptionOutcome {
  /** The PostFilter message appended to the FitError message; '' when preemption succeeds. */
  readonly message: string;
  readonly candidates: readonly string[];
  /** Whether the pod may preempt at all (a pod that may not keeps its nomination). */
  readonly eligible: boolean;
  /** The node chosen, its victims (most important first), and lower-priority pods nominated there that lose their nomination. */
  readonly chosen?: { readonly node: string; readonly victims: readonly PodInfo[]; readonly lowerNominated: readonly PodInfo[] };
}

/** DisruptionTarget reason the scheduler's evictions carry (v1.PodReasonPreemptionByScheduler). */
export const PREEMPTION_BY_SCHEDULER = 'PreemptionByScheduler';

function terminatingByPreemption(p: PodInfo): boolean {
  if (!p.terminating) return false;
  return (p.pod.status?.conditions ?? []).some((c) => c.type === 'DisruptionTarget' && c.reason === PREEMPTION_BY_SCHEDULER);
}

/** PodEligibleToPreemptOthers: why the pod may not preempt, or undefined when it may. */
export function notEligibleReason(pod: PodInfo, snapshot: Snapshot, diagnosis: Diagnosis): string | undefined {
  if (pod.pod.spec?.preemptionPolicy === 'Never') return 'not eligible due to preemptionPolicy=Never.';
  const nominated = pod.pod.status?.nominatedNodeName;
  if (!nominated) return undefined;
  // A nominated node the filters now rule out for good: the pod may preempt elsewhere.
  const status = diagnosis.statuses.get(nominated) ?? diagnosis.absentStatus;
  if (status.code === 'UnschedulableAndUnresolvable') return undefined;
  const nodeInfo = snapshot.nodeInfoByName.get(nominated);
  if (nodeInfo?.pods.some((p) => p.priority < pod.priority && terminatingByPreemption(p))) {
    return 'not eligible due to a terminating pod on the nominated node.';
  }
  return undefined;
}

/** calculateNumCandidates: 10% of the nodes, at least 100, at most all of them. */
export function numCandidates(numNodes: number): number {
  return Math.min(numNodes, Math.max(100, Math.trunc((numNodes * 10) / 100)));
}

function filterContext(pod: PodInfo, snapshot: Snapshot, profile: Profile): FilterContext {
  const state = new CycleState();
  const pre = runPreFilters(pod, snapshot, profile, state);
  return { pod, snapshot, profile, state, pre };
}

export function evaluatePreemption(pod: PodInfo, snapshot: Snapshot, profile: Profile, diagnosis: Diagnosis, now = Date.now()): PreemptionOutcome {
  const notEligible = notEligibleReason(pod, snapshot, diagnosis);
  if (notEligible !== undefined) return { message: `preemption: ${notEligible}`, candidates: [], eligible: false };
  const statuses: Status[] = [];
  const found: Candidate[] = [];
  const wanted = numCandidates(snapshot.nodeInfos.length);
  let ctx: FilterContext | undefined;
  let nonViolating = 0;
  for (const nodeInfo of snapshot.nodeInfos) {
    // Once enough candidates are found (one without budget violations among them), stop looking.
    if (nonViolating > 0 && found.length >= wanted) break;
    const status = diagnosis.statuses.get(nodeInfo.name) ?? diagnosis.absentStatus;
    // Only nodes that failed with a resolvable status can be helped by removing pods.
    if (status.code !== 'Unschedulable') {
      statuses.push(NOT_HELPFUL);
      continue;
    }
    const context = (ctx ??= filterContext(pod, snapshot, profile));
    const outcome = selectVictimsOnNode(pod, nodeInfo, snapshot.pdbs, (n) => filterWithNominated(context, n), now);
    if (isVictims(outcome)) {
      found.push({ node: nodeInfo.name, victims: outcome });
      if (outcome.numPDBViolations === 0) nonViolating++;
    } else statuses.push(outcome);
  }
  const best = pickOneNodeForPreemption(found, now);
  const candidates = found.map((c) => c.node);
  if (best === undefined) {
    const numAllNodes = snapshot.nodeInfos.length;
    const reasons = reasonCounts(numAllNodes, statuses, NOT_HELPFUL);
    return { message: `preemption: ${fitErrorMessage(numAllNodes, reasons)}`, candidates, eligible: true };
  }
  const lowerNominated = nominatedPodsOn(snapshot, best.node).filter((p) => p.key !== pod.key && p.priority < pod.priority);
  return { message: '', candidates, eligible: true, chosen: { node: best.node, victims: best.victims.pods, lowerNominated } };
}
