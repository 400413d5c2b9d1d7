/**
 * Pod (anti-)affinity terms compiled once per pod (upstream's framework.AffinityTerm): the label
 * selector parsed to requirements, the namespaces the term searches, its topology key.
 */
import type { LabelSelector, PodAffinityTerm, WeightedPodAffinityTerm } from '../api/types';
import { LabelRequirement, Labels, labelSelectorToRequirements } from '../api/selectors/labels';
import { LabelMatcher, compileLabelMatcher } from './label-matcher';

export interface AffinityTerm {
  readonly topologyKey: string;
  /** null selects nothing (a missing selector), [] everything. */
  readonly selector: readonly LabelRequirement[] | null;
  readonly namespaces: ReadonlySet<string>;
  readonly namespaceSelector: readonly LabelRequirement[] | null;
  /** `selector` and `namespaceSelector` compiled. */
  readonly selects: LabelMatcher;
  readonly selectsNamespace: LabelMatcher;
}

export interface WeightedAffinityTerm extends AffinityTerm {
  readonly weight: number;
}

/** The pod an affinity term is evaluated against: its namespace and labels. */
export interface TermTarget {
  readonly namespace: string;
  readonly labels: Labels;
}

function selectorRequirements(selector: LabelSelector | undefined): readonly LabelRequirement[] | null {
  return selector === undefined ? null : labelSelectorToRequirements(selector);
}

/** newAffinityTerm; throws SelectorError for an invalid selector, as NewPodInfo reports a parse error. */
export function compileAffinityTerm(namespace: string, term: PodAffinityTerm): AffinityTerm {
  const ownNamespaceOnly = (term.namespaces ?? []).length === 0 && term.namespaceSelector === undefined;
  const selector = selectorRequirements(term.labelSelector);
  const namespaceSelector = selectorRequirements(term.namespaceSelector);
  return {
    topologyKey: term.topologyKey,
    selector,
    namespaces: new Set(ownNamespaceOnly ? [namespace] : term.namespaces),
    namespaceSelector,
    selects: compileLabelMatcher(selector),
    selectsNamespace: compileLabelMatcher(namespaceSelector),
  };
}

export function compileWeightedTerm(namespace: string, term: WeightedPodAffinityTerm): WeightedAffinityTerm {
  return { ...compileAffinityTerm(namespace, term.podAffinityTerm), weight: term.weight };
}

/**
 * AffinityTerm.Matches: the target lives in one of the term's namespaces (by name or by the
 * namespace selector over `namespaceLabels`) and carries labels the selector selects.
 */
export function termMatches(term: AffinityTerm, target: TermTarget, namespaceLabels: Labels | undefined): boolean {
  const inNamespace = term.namespaces.has(target.namespace) || term.selectsNamespace(namespaceLabels ?? {});
  return inNamespace && term.selects(target.labels);
}

/** podMatchesAllAffinityTerms: false for no terms, as upstream. */
export function matchesAllTerms(terms: readonly AffinityTerm[], target: TermTarget, namespaceLabels: Labels | undefined): boolean {
  if (terms.length === 0) return false;
  return terms.every((t) => termMatches(t, target, namespaceLabels));
}
