/**
 * DefaultPreemption's victim selection (upstream's SelectVictimsOnNode and
 * pickOneNodeForPreemption), pure: on one node, remove every lower-priority pod, check the
 * incoming pod fits, then give back (reprieve) as many as still let it fit, the most important
 * first and PodDisruptionBudget-protected pods before the others. Among the nodes where that
 * works, the one whose victims hurt least wins.
 */
import type { PodDisruptionBudget } from '../api/types';
import { labelSelectorToRequirements } from '../api/selectors/label-selector';
import { SelectorError } from '../api/selectors/errors';
import { matchesLabels } from '../api/selectors/labels';
import { addPodToNode, NodeInfo, nodeInfoWith, removePodFromNode } from './node-info';
import type { PodInfo } from './pod-info';
import { Status, unresolvable } from './status';

export const NO_VICTIMS = unresolvable('No preemption victims found for incoming pod');

export interface Victims {
  /** Most important first (higher priority, then earlier start). */
  readonly pods: readonly PodInfo[];
  /** Victims whose eviction a PodDisruptionBudget does not allow. */
  readonly numPDBViolations: number;
}

/** Filters `pod` against a (modified copy of a) node, nominated pods included. */
export type NodeFilter = (nodeInfo: NodeInfo) => Status;

/** GetPodStartTime: status.startTime, or now for a pod that has not started. */
function startTime(pod: PodInfo, now: number): number {
  const t = pod.pod.status?.startTime;
  const ms = t ? Date.parse(String(t)) : NaN;
  return Number.isNaN(ms) ? now : ms;
}

/** MoreImportantPod: higher priority, then the pod that started earlier. */
export function moreImportantFirst(now: number): (a: PodInfo, b: PodInfo) => number {
  return (a, b) => (a.priority !== b.priority ? b.priority - a.priority : startTime(a, now) - startTime(b, now));
}

/**
 * filterPodsWithPDBViolation: walking pods in order, each one a budget selects uses up one of the
 * budget's disruptionsAllowed; a pod that takes a budget below zero violates it. Budgets with an
 * empty or invalid selector, and pods the budget already lists as disrupted, are not counted.
 */
export function splitByBudgets(pods: readonly PodInfo[], pdbs: readonly PodDisruptionBudget[]): { violating: PodInfo[]; nonViolating: PodInfo[] } {
  const allowed = pdbs.map((pdb) => pdb.status?.disruptionsAllowed ?? 0);
  const requirements = pdbs.map((pdb) => {
    try {
      const reqs = pdb.spec?.selector ? labelSelectorToRequirements(pdb.spec.selector) : [];
      return reqs.length === 0 ? undefined : reqs;
    } catch (err) {
      if (err instanceof SelectorError) return undefined;
      throw err;
    }
  });
  const violating: PodInfo[] = [];
  const nonViolating: PodInfo[] = [];
  for (const pod of pods) {
    let violated = false;
    if (Object.keys(pod.labels).length > 0) {
      pdbs.forEach((pdb, i) => {
        const reqs = requirements[i];
        if (pdb.metadata?.namespace !== pod.namespace || reqs === undefined || !matchesLabels(reqs, pod.labels)) return;
        if (pdb.status?.disruptedPods?.[pod.name] !== undefined) return;
        allowed[i]--;
        if (allowed[i] < 0) violated = true;
      });
    }
    (violated ? violating : nonViolating).push(pod);
  }
  return { violating, nonViolating };
}

/**
 * SelectVictimsOnNode: the fewest lower-priority pods to remove from `nodeInfo` for `pod` to fit,
 * or the status explaining why removing all of them would not help.
 */
export function selectVictimsOnNode(
  pod: PodInfo,
  nodeInfo: NodeInfo,
  pdbs: readonly PodDisruptionBudget[],
  fits: NodeFilter,
  now = Date.now(),
): Victims | Status {
  const potential = nodeInfo.pods.filter((p) => p.priority < pod.priority);
  if (potential.length === 0) return NO_VICTIMS;
  const work = nodeInfoWith(nodeInfo, (p) => p.priority >= pod.priority);
  const status = fits(work);
  if (status.code !== 'Success') return status;
  potential.sort(moreImportantFirst(now));
  const { violating, nonViolating } = splitByBudgets(potential, pdbs);
  const victims: PodInfo[] = [];
  const reprieve = (p: PodInfo): boolean => {
    addPodToNode(work, p);
    if (fits(work).code === 'Success') return true;
    removePodFromNode(work, p.key);
    victims.push(p);
    return false;
  };
  let numPDBViolations = 0;
  for (const p of violating) if (!reprieve(p)) numPDBViolations++;
  for (const p of nonViolating) reprieve(p);
  victims.sort(moreImportantFirst(now));
  return { pods: victims, numPDBViolations };
}

export function isVictims(outcome: Victims | Status): outcome is Victims {
  return 'pods' in outcome;
}

export interface Candidate {
  readonly node: string;
  readonly victims: Victims;
}

/** GetEarliestPodStartTime: the earliest start among the victims of the highest priority. */
function earliestStartOfHighest(victims: Victims, now: number): number {
  const highest = victims.pods[0].priority;
  return Math.min(...victims.pods.filter((p) => p.priority === highest).map((p) => startTime(p, now)));
}

/** Go's math.MaxInt32 + 1: added to each priority so that negative priorities still sum upward. */
const PRIORITY_OFFSET = 2 ** 31;

/**
 * pickOneNodeForPreemption: a node needing no victims at once; otherwise, in turn, the fewest
 * budget violations, the lowest highest-priority victim, the lowest sum of priorities, the
 * fewest victims, the latest start among the highest-priority victims; then the first.
 */
export function pickOneNodeForPreemption(candidates: readonly Candidate[], now = Date.now()): Candidate | undefined {
  if (candidates.length === 0) return undefined;
  const free = candidates.find((c) => c.victims.pods.length === 0);
  if (free) return free;
  const criteria: ((c: Candidate) => number)[] = [
    (c) => -c.victims.numPDBViolations,
    (c) => -c.victims.pods[0].priority,
    (c) => -c.victims.pods.reduce((sum, p) => sum + p.priority + PRIORITY_OFFSET, 0),
    (c) => -c.victims.pods.length,
    (c) => earliestStartOfHighest(c.victims, now),
  ];
  let remaining = [...candidates];
  for (const score of criteria) {
    const scores = remaining.map(score);
    const best = Math.max(...scores);
    remaining = remaining.filter((_, i) => scores[i] === best);
    if (remaining.length === 1) break;
  }
  return remaining[0];
}
