/**
 * InterPodAffinity (plugins/interpodaffinity): required pod affinity and anti-affinity, in both
 * directions (the incoming pod's terms, and existing pods' anti-affinity against it), counted per
 * topology domain once per pod; preferred terms (both directions) and existing pods' required
 * affinity score the domains. Pods without terms cost nothing when no pod has anti-affinity.
 */
import type { Labels } from '../../api/selectors/labels';
import { AffinityTerm, TermTarget, WeightedAffinityTerm, matchesAllTerms as IMPORTED_matchesAllTerms, termMatches as IMPORTED_termMatches } from '../affinity-term';
import type { CycleState } from '../cycle-state';
import type { FilterPlugin, PreFilterOutcome, ScorePlugin } from '../framework';
import type { NodeInfo } from '../node-info';
import type { PodInfo } from '../pod-info';
import { MAX_NODE_SCORE as IMPORTED_MAX_NODE_SCORE } from '../scoring';
import type { Snapshot } from '../snapshot';
import { SUCCESS as IMPORTED_SUCCESS, unresolvable, unschedulable } from '../status';

// Module-local copies of imports read for every node: tsx (esbuild) compiles each read of an
// imported binding to a getter call, which here costs more than the check itself.
const SUCCESS = IMPORTED_SUCCESS;
const MAX_NODE_SCORE = IMPORTED_MAX_NODE_SCORE;
const termMatches = IMPORTED_termMatches;
const matchesAllTerms = IMPORTED_matchesAllTerms;

export const INTER_POD_AFFINITY = 'InterPodAffinity';
export const ERR_REASON_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod affinity rules";
export const ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod anti-affinity rules";
export const ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH = "node(s) didn't satisfy existing pods anti-affinity rules";

/** topologyKey → topology value → count (or score). */
export type TopologyCounts = Map<string, Map<string, number>>;

function update(counts: TopologyCounts, labels: Labels, topologyKey: string, value: number): void {
  const domain = labels[topologyKey];
  if (domain === undefined) return;
  let values = counts.get(topologyKey);
  if (values === undefined) counts.set(topologyKey, (values = new Map()));
  values.set(domain, (values.get(domain) ?? 0) + value);
}

function countIn(counts: TopologyCounts, labels: Labels, topologyKey: string): number {
  const domain = labels[topologyKey];
  return domain === undefined ? 0 : (counts.get(topologyKey)?.get(domain) ?? 0);
}

export interface AffinityFilterState {
  /** Domains holding an existing pod whose required anti-affinity selects the incoming pod. */
  readonly existingAntiAffinityCounts: TopologyCounts;
  /** Domains holding pods that match all of the incoming pod's required affinity terms. */
  readonly affinityCounts: TopologyCounts;
  /** Domains holding pods that match one of the incoming pod's required anti-affinity terms. */
  readonly antiAffinityCounts: TopologyCounts;
}

const namespaceLabelsOf = (snapshot: Snapshot, target: TermTarget): Labels | undefined => snapshot.namespaceLabels.get(target.namespace);

/** PreFilter: counts per domain, over nodes with anti-affinity pods and (if the pod has terms) all nodes. */
export function computeFilterState(pod: PodInfo, snapshot: Snapshot): AffinityFilterState {
  const state: AffinityFilterState = { existingAntiAffinityCounts: new Map(), affinityCounts: new Map(), antiAffinityCounts: new Map() };
  const ownNamespaceLabels = namespaceLabelsOf(snapshot, pod);
  for (const nodeInfo of snapshot.nodesWithRequiredAntiAffinityPods) {
    for (const existing of nodeInfo.podsWithRequiredAntiAffinity) {
      for (const term of existing.requiredAntiAffinityTerms) {
        if (termMatches(term, pod, ownNamespaceLabels)) update(state.existingAntiAffinityCounts, nodeInfo.labels, term.topologyKey, 1);
      }
    }
  }
  if (pod.requiredAffinityTerms.length === 0 && pod.requiredAntiAffinityTerms.length === 0) return state;
  for (const nodeInfo of snapshot.nodeInfos) {
    for (const existing of nodeInfo.pods) {
      const nsLabels = namespaceLabelsOf(snapshot, existing);
      if (matchesAllTerms(pod.requiredAffinityTerms, existing, nsLabels)) {
        for (const term of pod.requiredAffinityTerms) update(state.affinityCounts, nodeInfo.labels, term.topologyKey, 1);
      }
      for (const term of pod.requiredAntiAffinityTerms) {
        if (termMatches(term, existing, nsLabels)) update(state.antiAffinityCounts, nodeInfo.labels, term.topologyKey, 1);
      }
    }
  }
  return state;
}

/**
 * satisfyPodAffinity: the node has every term's topology label and each domain holds a matching
 * pod; or no pod matches anywhere and the pod matches its own terms (the first of a group).
 */
export function satisfiesPodAffinity(pod: PodInfo, s: AffinityFilterState, labels: Labels, nsLabels: Labels | undefined): boolean {
  let podsExist = true;
  for (const term of pod.requiredAffinityTerms) {
    if (labels[term.topologyKey] === undefined) return false;
    if (countIn(s.affinityCounts, labels, term.topologyKey) <= 0) podsExist = false;
  }
  if (podsExist) return true;
  return s.affinityCounts.size === 0 && matchesAllTerms(pod.requiredAffinityTerms, pod, nsLabels);
}

export function satisfiesPodAntiAffinity(pod: PodInfo, s: AffinityFilterState, labels: Labels): boolean {
  return pod.requiredAntiAffinityTerms.every((term) => countIn(s.antiAffinityCounts, labels, term.topologyKey) <= 0);
}

export function satisfiesExistingPodsAntiAffinity(s: AffinityFilterState, labels: Labels): boolean {
  for (const [topologyKey, values] of s.existingAntiAffinityCounts) {
    const domain = labels[topologyKey];
    if (domain !== undefined && (values.get(domain) ?? 0) > 0) return false;
  }
  return true;
}

/** Adds `sign × weight` for each term of `terms` that selects `target`, in the node's domain. */
function scoreTerms(scores: TopologyCounts, terms: readonly WeightedAffinityTerm[], target: TermTarget, nsLabels: Labels | undefined, labels: Labels, sign: 1 | -1): void {
  for (const term of terms) if (termMatches(term, target, nsLabels)) update(scores, labels, term.topologyKey, sign * term.weight);
}

function scoreRequired(scores: TopologyCounts, terms: readonly AffinityTerm[], weight: number, target: TermTarget, nsLabels: Labels | undefined, labels: Labels): void {
  for (const term of terms) if (termMatches(term, target, nsLabels)) update(scores, labels, term.topologyKey, weight);
}

export interface InterPodAffinityArgs {
  readonly weight?: number;
  readonly hardPodAffinityWeight?: number;
  readonly ignorePreferredTermsOfExistingPods?: boolean;
}

/** PreScore: the score of each topology domain for the incoming pod (processExistingPod). */
export function computeTopologyScores(pod: PodInfo, snapshot: Snapshot, args: InterPodAffinityArgs = {}): TopologyCounts {
  const hardWeight = args.hardPodAffinityWeight ?? 1;
  const hasPreferred = pod.preferredAffinityTerms.length > 0 || pod.preferredAntiAffinityTerms.length > 0;
  const scores: TopologyCounts = new Map();
  const ownNamespaceLabels = namespaceLabelsOf(snapshot, pod);
  // Unless the pod has preferred terms, only pods with affinity terms of their own can score.
  const nodes: Iterable<NodeInfo> = hasPreferred ? snapshot.nodeInfos : snapshot.nodesWithAffinityPods;
  for (const nodeInfo of nodes) {
    const labels = nodeInfo.labels;
    for (const existing of hasPreferred ? nodeInfo.pods : nodeInfo.podsWithAffinity) {
      const nsLabels = namespaceLabelsOf(snapshot, existing);
      scoreTerms(scores, pod.preferredAffinityTerms, existing, nsLabels, labels, 1);
      scoreTerms(scores, pod.preferredAntiAffinityTerms, existing, nsLabels, labels, -1);
      if (hardWeight > 0) scoreRequired(scores, existing.requiredAffinityTerms, hardWeight, pod, ownNamespaceLabels, labels);
      scoreTerms(scores, existing.preferredAffinityTerms, pod, ownNamespaceLabels, labels, 1);
      scoreTerms(scores, existing.preferredAntiAffinityTerms, pod, ownNamespaceLabels, labels, -1);
    }
  }
  return scores;
}

/** Min-max scaling to 0..100; all-equal scores become 0. */
export function normalizeMinMax(scores: number[]): void {
  let min = Infinity;
  let max = -Infinity;
  for (const s of scores) {
    if (s < min) min = s;
    if (s > max) max = s;
  }
  const diff = max - min;
  for (let i = 0; i < scores.length; i++) scores[i] = diff > 0 ? Math.trunc(MAX_NODE_SCORE * ((scores[i] - min) / diff)) : 0;
}

export function newInterPodAffinity(args: InterPodAffinityArgs = {}): FilterPlugin & ScorePlugin {
  const filterKey = `PreFilter${INTER_POD_AFFINITY}`;
  const scoreKey = `PreScore${INTER_POD_AFFINITY}`;
  return {
    name: INTER_POD_AFFINITY,
    weight: args.weight ?? 2,
    crossNodeState: true,
    preFilter(pod, snapshot, state: CycleState): PreFilterOutcome {
      if (pod.parseError !== undefined) return unresolvable(`parsing pod: ${pod.parseError}`);
      const hasTerms = pod.requiredAffinityTerms.length > 0 || pod.requiredAntiAffinityTerms.length > 0;
      if (!hasTerms && snapshot.nodesWithRequiredAntiAffinityPods.size === 0) return 'Skip';
      const s = computeFilterState(pod, snapshot);
      if (!hasTerms && s.existingAntiAffinityCounts.size === 0) return 'Skip';
      state.write(filterKey, s);
    },
    filter(pod, nodeInfo, snapshot, state) {
      const s = state.read<AffinityFilterState>(filterKey) ?? computeFilterState(pod, snapshot);
      const labels = nodeInfo.labels;
      if (!satisfiesPodAffinity(pod, s, labels, namespaceLabelsOf(snapshot, pod))) return unresolvable(ERR_REASON_AFFINITY_RULES_NOT_MATCH);
      if (!satisfiesPodAntiAffinity(pod, s, labels)) return unschedulable(ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH);
      if (!satisfiesExistingPodsAntiAffinity(s, labels)) return unschedulable(ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH);
      return SUCCESS;
    },
    preScore(pod, nodes, snapshot, state) {
      const hasPreferred = pod.preferredAffinityTerms.length > 0 || pod.preferredAntiAffinityTerms.length > 0;
      if (nodes.length === 0 || (!hasPreferred && (args.ignorePreferredTermsOfExistingPods || snapshot.nodesWithAffinityPods.size === 0))) {
        return 'Skip';
      }
      const scores = computeTopologyScores(pod, snapshot, args);
      if (scores.size === 0) return 'Skip';
      state.write(scoreKey, scores);
    },
    score(_pod, nodeInfo, _snapshot, state) {
      let score = 0;
      for (const [topologyKey, values] of state.read<TopologyCounts>(scoreKey) ?? []) {
        const domain = nodeInfo.labels[topologyKey];
        if (domain !== undefined) score += values.get(domain) ?? 0;
      }
      return score;
    },
    normalize: (scores: number[]): void => normalizeMinMax(scores),
  };
}
