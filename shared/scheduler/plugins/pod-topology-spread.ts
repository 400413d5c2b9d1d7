/**
 * PodTopologySpread (plugins/podtopologyspread): DoNotSchedule constraints reject a node when
 * placing the pod there would make its domain exceed the emptiest eligible domain by more than
 * maxSkew; ScheduleAnyway constraints score domains with fewer matching pods higher.
 * Upstream's cluster-level default constraints (derived from Services and ReplicaSets) are not applied.
 */
import type { Pod, TopologySpreadConstraint } from '../../api/types';
import { LabelRequirement, Labels, labelSelectorToRequirements } from '../../api/selectors/labels';
import { newRequirement } from '../../api/selectors/label-requirement';
import type { FilterPlugin, PreFilterOutcome, ScorePlugin } from '../framework';
import { LabelMatcher, MATCH_NOTHING, compileLabelMatcher } from '../label-matcher';
import type { NodeInfo } from '../node-info';
import type { PodInfo } from '../pod-info';
import { MAX_NODE_SCORE as IMPORTED_MAX_NODE_SCORE } from '../scoring';
import type { Snapshot } from '../snapshot';
import { SUCCESS as IMPORTED_SUCCESS, Status, unresolvable, unschedulable } from '../status';
import { RequiredNodeAffinity, matchesRequiredNodeAffinity as IMPORTED_matchesRequiredNodeAffinity, requiredNodeAffinity } from './node-affinity';
import { findUntoleratedTaint as IMPORTED_findUntoleratedTaint } from './taint-toleration';

// Module-local copies of imports read for every node: tsx (esbuild) compiles each read of an
// imported binding to a getter call, which here costs more than the check itself.
const SUCCESS = IMPORTED_SUCCESS;
const MAX_NODE_SCORE = IMPORTED_MAX_NODE_SCORE;
const matchesRequiredNodeAffinity = IMPORTED_matchesRequiredNodeAffinity;
const findUntoleratedTaint = IMPORTED_findUntoleratedTaint;

export const POD_TOPOLOGY_SPREAD = 'PodTopologySpread';
export const ERR_REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
export const ERR_REASON_NODE_LABEL_NOT_MATCH = `${ERR_REASON_CONSTRAINTS_NOT_MATCH} (missing required label)`;

const HOSTNAME = 'kubernetes.io/hostname';
const MAX_INT32 = 2 ** 31 - 1;

export interface SpreadConstraint {
  readonly maxSkew: number;
  readonly topologyKey: string;
  /** null selects nothing (no labelSelector). */
  readonly selector: readonly LabelRequirement[] | null;
  /** Whether a pod's labels match `selector`. */
  readonly selects: LabelMatcher;
  /** What counting uses: upstream counts no pods for an empty (select-all) selector. */
  readonly counts: LabelMatcher;
  readonly minDomains: number;
  readonly nodeAffinityPolicy: string;
  readonly nodeTaintsPolicy: string;
}

function compileConstraint(c: TopologySpreadConstraint, podLabels: Labels): SpreadConstraint {
  let selector: LabelRequirement[] | null = c.labelSelector === undefined ? null : labelSelectorToRequirements(c.labelSelector);
  // matchLabelKeys narrow the selector to pods sharing the incoming pod's values (e.g. pod-template-hash).
  const extra = (c.matchLabelKeys ?? []).filter((k) => podLabels[k] !== undefined).map((k) => newRequirement(k, '=', [podLabels[k]]));
  if (selector !== null && extra.length > 0) selector = [...selector, ...extra];
  const selects = compileLabelMatcher(selector);
  return {
    maxSkew: c.maxSkew,
    topologyKey: c.topologyKey,
    selector,
    selects,
    counts: selector === null || selector.length === 0 ? MATCH_NOTHING : selects,
    minDomains: c.minDomains ?? 1,
    nodeAffinityPolicy: c.nodeAffinityPolicy ?? 'Honor',
    nodeTaintsPolicy: c.nodeTaintsPolicy ?? 'Ignore',
  };
}

interface CompiledConstraints {
  readonly DoNotSchedule: readonly SpreadConstraint[];
  readonly ScheduleAnyway: readonly SpreadConstraint[];
  readonly error?: string;
}

const cache = new WeakMap<Pod, CompiledConstraints>();

function compileAll(pod: Pod): CompiledConstraints {
  const labels = pod.metadata?.labels ?? {};
  const all = pod.spec?.topologySpreadConstraints ?? [];
  const compile = (a: string): SpreadConstraint[] => all.filter((c) => c.whenUnsatisfiable === a).map((c) => compileConstraint(c, labels));
  try {
    return { DoNotSchedule: compile('DoNotSchedule'), ScheduleAnyway: compile('ScheduleAnyway') };
  } catch (err) {
    return { DoNotSchedule: [], ScheduleAnyway: [], error: err instanceof Error ? err.message : String(err) };
  }
}

function compiledConstraints(pod: Pod): CompiledConstraints {
  let compiled = cache.get(pod);
  if (compiled === undefined) {
    compiled = compileAll(pod);
    cache.set(pod, compiled);
  }
  return compiled;
}

/** The pod's constraints for one `whenUnsatisfiable` action, compiled once per pod. */
export function spreadConstraints(pod: Pod, action: 'DoNotSchedule' | 'ScheduleAnyway'): readonly SpreadConstraint[] {
  return compiledConstraints(pod)[action];
}

/** countPodsMatchSelector: live pods of the namespace that `c` counts (an empty selector counts none). */
export function countMatchingPods(pods: readonly PodInfo[], c: SpreadConstraint, namespace: string): number {
  if (c.counts === MATCH_NOTHING) return 0;
  let count = 0;
  for (const p of pods) if (!p.terminating && p.namespace === namespace && c.counts(p.labels)) count++;
  return count;
}

const hasAllKeys = (labels: Labels, constraints: readonly SpreadConstraint[]): boolean =>
  constraints.every((c) => labels[c.topologyKey] !== undefined);

/** matchNodeInclusionPolicies: nodeAffinityPolicy Honor (default) and nodeTaintsPolicy Honor. */
export function nodeCounts(c: SpreadConstraint, pod: PodInfo, nodeInfo: NodeInfo, required: RequiredNodeAffinity): boolean {
  if (c.nodeAffinityPolicy === 'Honor' && !matchesRequiredNodeAffinity(required, nodeInfo)) return false;
  if (c.nodeTaintsPolicy === 'Honor' && findUntoleratedTaint(nodeInfo.taints, pod.pod.spec?.tolerations) !== undefined) return false;
  return true;
}

export interface SpreadFilterState {
  readonly constraints: readonly SpreadConstraint[];
  /** Per constraint: eligible domain → matching pods. */
  readonly matchNum: ReadonlyArray<ReadonlyMap<string, number>>;
  /** Per constraint: the smallest count over eligible domains. */
  readonly minMatchNum: readonly number[];
}

export function computeSpreadFilterState(pod: PodInfo, snapshot: Snapshot): SpreadFilterState {
  const constraints = spreadConstraints(pod.pod, 'DoNotSchedule');
  const required = requiredNodeAffinity(pod.pod);
  const matchNum = constraints.map(() => new Map<string, number>());
  for (const nodeInfo of snapshot.nodeInfos) {
    if (!hasAllKeys(nodeInfo.labels, constraints)) continue;
    constraints.forEach((c, i) => {
      if (!nodeCounts(c, pod, nodeInfo, required)) return;
      const domain = nodeInfo.labels[c.topologyKey];
      matchNum[i].set(domain, (matchNum[i].get(domain) ?? 0) + countMatchingPods(nodeInfo.pods, c, pod.namespace));
    });
  }
  const minMatchNum = matchNum.map((m) => {
    let min = MAX_INT32;
    for (const count of m.values()) if (count < min) min = count;
    return min;
  });
  return { constraints, matchNum, minMatchNum };
}

/** The filter predicate: `matching in the node's domain + self − global minimum ≤ maxSkew` for every constraint. */
export function checkSpread(pod: PodInfo, s: SpreadFilterState, labels: Labels): Status {
  for (let i = 0; i < s.constraints.length; i++) {
    const c = s.constraints[i];
    const domain = labels[c.topologyKey];
    if (domain === undefined) return unresolvable(ERR_REASON_NODE_LABEL_NOT_MATCH);
    // Fewer eligible domains than minDomains: the missing ones count as empty.
    const minMatch = s.matchNum[i].size < c.minDomains ? 0 : s.minMatchNum[i];
    const self = c.selects(pod.labels) ? 1 : 0;
    if ((s.matchNum[i].get(domain) ?? 0) + self - minMatch > c.maxSkew) return unschedulable(ERR_REASON_CONSTRAINTS_NOT_MATCH);
  }
  return SUCCESS;
}

interface SpreadScoreState {
  readonly constraints: readonly SpreadConstraint[];
  readonly ignoredNodes: ReadonlySet<string>;
  /** Per constraint: domain → matching pods (hostname constraints count per node at score time). */
  readonly podCounts: ReadonlyArray<Map<string, number>>;
  readonly weights: readonly number[];
}

function computeSpreadScoreState(pod: PodInfo, filtered: readonly NodeInfo[], snapshot: Snapshot): SpreadScoreState | undefined {
  const constraints = spreadConstraints(pod.pod, 'ScheduleAnyway');
  if (constraints.length === 0) return undefined;
  const ignoredNodes = new Set<string>();
  const podCounts = constraints.map(() => new Map<string, number>());
  for (const nodeInfo of filtered) {
    if (!hasAllKeys(nodeInfo.labels, constraints)) {
      ignoredNodes.add(nodeInfo.name);
      continue;
    }
    constraints.forEach((c, i) => {
      if (c.topologyKey !== HOSTNAME) podCounts[i].set(nodeInfo.labels[c.topologyKey], 0);
    });
  }
  const weights = constraints.map((c, i) =>
    Math.log((c.topologyKey === HOSTNAME ? filtered.length - ignoredNodes.size : podCounts[i].size) + 2),
  );
  const required = requiredNodeAffinity(pod.pod);
  for (const nodeInfo of snapshot.nodeInfos) {
    if (!hasAllKeys(nodeInfo.labels, constraints)) continue;
    constraints.forEach((c, i) => {
      const domain = nodeInfo.labels[c.topologyKey];
      const current = podCounts[i].get(domain);
      if (current === undefined || !nodeCounts(c, pod, nodeInfo, required)) return;
      podCounts[i].set(domain, current + countMatchingPods(nodeInfo.pods, c, pod.namespace));
    });
  }
  return { constraints, ignoredNodes, podCounts, weights };
}

/** scoreForCount: matching pods weighted by log(domains + 2), plus maxSkew − 1 so skew tolerance shows. */
export function scoreForCount(count: number, maxSkew: number, weight: number): number {
  return count * weight + (maxSkew - 1);
}

export function newPodTopologySpread(weight = 2): FilterPlugin & ScorePlugin {
  const filterKey = `PreFilter${POD_TOPOLOGY_SPREAD}`;
  const scoreKey = `PreScore${POD_TOPOLOGY_SPREAD}`;
  return {
    name: POD_TOPOLOGY_SPREAD,
    weight,
    crossNodeState: true,
    preFilter(pod, snapshot, state): PreFilterOutcome {
      const { error } = compiledConstraints(pod.pod);
      if (error !== undefined) return unresolvable(`parsing pod: ${error}`);
      if (spreadConstraints(pod.pod, 'DoNotSchedule').length === 0) return 'Skip';
      state.write(filterKey, computeSpreadFilterState(pod, snapshot));
    },
    filter: (pod, nodeInfo, snapshot, state) =>
      checkSpread(pod, state.read<SpreadFilterState>(filterKey) ?? computeSpreadFilterState(pod, snapshot), nodeInfo.labels),
    preScore(pod, nodes, snapshot, state) {
      const s = nodes.length === 0 ? undefined : computeSpreadScoreState(pod, nodes, snapshot);
      if (s === undefined) return 'Skip';
      state.write(scoreKey, s);
    },
    score(pod, nodeInfo, _snapshot, state) {
      const s = state.read<SpreadScoreState>(scoreKey);
      if (s === undefined || s.ignoredNodes.has(nodeInfo.name)) return 0;
      let score = 0;
      s.constraints.forEach((c, i) => {
        const domain = nodeInfo.labels[c.topologyKey];
        if (domain === undefined) return;
        const count = c.topologyKey === HOSTNAME ? countMatchingPods(nodeInfo.pods, c, pod.namespace) : (s.podCounts[i].get(domain) ?? 0);
        score += scoreForCount(count, c.maxSkew, s.weights[i]);
      });
      return Math.round(score);
    },
    normalize(scores, _pod, nodes, state) {
      const ignored = state.read<SpreadScoreState>(scoreKey)?.ignoredNodes ?? new Set<string>();
      let min = Infinity;
      let max = 0;
      nodes.forEach((n, i) => {
        if (ignored.has(n.name)) return;
        min = Math.min(min, scores[i]);
        max = Math.max(max, scores[i]);
      });
      nodes.forEach((n, i) => {
        if (ignored.has(n.name)) scores[i] = 0;
        else if (max === 0) scores[i] = MAX_NODE_SCORE;
        else scores[i] = Math.trunc((MAX_NODE_SCORE * (max + min - scores[i])) / max);
      });
    },
  };
}
