/**
 * NodeAffinity (plugins/nodeaffinity): `spec.nodeSelector` and required node affinity terms decide
 * where a pod may go; preferred terms add their weights to a node's score.
 */
import { InvalidDataError } from '../../api/invalid-data';
import type { Node, NodeSelectorRequirement, NodeSelectorTerm, Pod } from '../../api/types';
import type { LabelRequirement, Labels } from '../../api/selectors/labels';
import { newRequirement, requirementMatches as IMPORTED_requirementMatches, SelectionOperator } from '../../api/selectors/label-requirement';
import type { FilterPlugin, PreFilterOutcome, ScorePlugin } from '../framework';
import { defaultNormalizeScore } from '../scoring';
import { SUCCESS as IMPORTED_SUCCESS, unresolvable } from '../status';

// Module-local copies of imports read for every node: tsx (esbuild) compiles each read of an
// imported binding to a getter call, which here costs more than the check itself.
const SUCCESS = IMPORTED_SUCCESS;
const requirementMatches = IMPORTED_requirementMatches;

export const NODE_AFFINITY = 'NodeAffinity';
export const ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector";
export const ERR_REASON_CONFLICT = 'pod affinity terms conflict';

const NAME_FIELD = 'metadata.name';

const OPERATORS: Readonly<Record<string, SelectionOperator>> = {
  In: 'in',
  NotIn: 'notin',
  Exists: 'exists',
  DoesNotExist: '!',
  Gt: 'gt',
  Lt: 'lt',
};

interface FieldRequirement {
  readonly key: string;
  readonly equals: boolean;
  readonly value: string;
}

/** A parsed NodeSelectorTerm; `invalid` terms never match, as upstream's lazy-error selector. */
interface CompiledTerm {
  readonly labels: readonly LabelRequirement[] | null;
  readonly fields: readonly FieldRequirement[] | null;
  readonly invalid: boolean;
}

export interface RequiredNodeAffinity {
  /** spec.nodeSelector as key/value pairs, or null when absent. */
  readonly nodeSelector: ReadonlyArray<readonly [string, string]> | null;
  /** Compiled required terms (empty and ORed), or null when the pod has no required affinity. */
  readonly terms: readonly CompiledTerm[] | null;
}

interface NodeView {
  readonly name: string;
  readonly labels: Labels;
}

function compileLabels(expressions: readonly NodeSelectorRequirement[]): LabelRequirement[] {
  return expressions.map((e) => {
    const operator = OPERATORS[e.operator];
    if (operator === undefined) throw new InvalidDataError(`${JSON.stringify(e.operator)} is not a valid node selector operator`);
    return newRequirement(e.key, operator, e.values ?? []);
  });
}

function compileFields(expressions: readonly NodeSelectorRequirement[]): FieldRequirement[] {
  return expressions.map((e) => {
    if ((e.operator !== 'In' && e.operator !== 'NotIn') || (e.values ?? []).length !== 1) {
      throw new InvalidDataError(`invalid field selector requirement ${e.key} ${e.operator}`);
    }
    return { key: e.key, equals: e.operator === 'In', value: (e.values as string[])[0] };
  });
}

function compileTerm(term: NodeSelectorTerm): CompiledTerm {
  const expressions = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  try {
    return {
      labels: expressions.length > 0 ? compileLabels(expressions) : null,
      fields: fields.length > 0 ? compileFields(fields) : null,
      invalid: false,
    };
  } catch {
    return { labels: null, fields: null, invalid: true };
  }
}

const isEmptyTerm = (t: NodeSelectorTerm): boolean => (t.matchExpressions ?? []).length === 0 && (t.matchFields ?? []).length === 0;

function termMatches(term: CompiledTerm, node: NodeView): boolean {
  if (term.invalid) return false;
  if (term.labels !== null && !term.labels.every((r) => requirementMatches(r, node.labels))) return false;
  // Only metadata.name is a node field; a node without a name has no fields and skips the check.
  if (term.fields !== null && node.name !== '') {
    for (const f of term.fields) {
      const actual = f.key === NAME_FIELD ? node.name : '';
      if ((actual === f.value) !== f.equals) return false;
    }
  }
  return true;
}

const requiredCache = new WeakMap<Pod, RequiredNodeAffinity>();

/** nodeaffinity.GetRequiredNodeAffinity, compiled once per pod. */
export function requiredNodeAffinity(pod: Pod): RequiredNodeAffinity {
  let compiled = requiredCache.get(pod);
  if (compiled === undefined) {
    const selector = pod.spec?.nodeSelector;
    const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    compiled = {
      nodeSelector: selector === undefined ? null : Object.entries(selector),
      terms: required === undefined ? null : required.nodeSelectorTerms.filter((t) => !isEmptyTerm(t)).map(compileTerm),
    };
    requiredCache.set(pod, compiled);
  }
  return compiled;
}

/** RequiredNodeAffinity.Match: every nodeSelector label, and at least one required term. */
export function matchesRequiredNodeAffinity(required: RequiredNodeAffinity, node: NodeView): boolean {
  if (required.nodeSelector !== null) {
    for (const [key, value] of required.nodeSelector) if (node.labels[key] !== value) return false;
  }
  return required.terms === null || required.terms.some((t) => termMatches(t, node));
}

const viewOf = (node: Node): NodeView => ({ name: node.metadata?.name ?? '', labels: node.metadata?.labels ?? {} });

/** The filter predicate on plain objects. */
export function podMatchesNodeSelectorAndAffinityTerms(pod: Pod, node: Node): boolean {
  return matchesRequiredNodeAffinity(requiredNodeAffinity(pod), viewOf(node));
}

/** Whether one NodeSelectorTerm selects `node` (an empty or invalid term selects nothing). */
export function nodeSelectorTermMatches(term: NodeSelectorTerm, node: Node): boolean {
  return !isEmptyTerm(term) && termMatches(compileTerm(term), viewOf(node));
}

interface WeightedTerm {
  readonly weight: number;
  readonly term: CompiledTerm;
}

const preferredCache = new WeakMap<Pod, readonly WeightedTerm[]>();

function preferredTerms(pod: Pod): readonly WeightedTerm[] {
  let terms = preferredCache.get(pod);
  if (terms === undefined) {
    const preferred = pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
    terms = preferred
      .filter((p) => p.weight !== 0 && !isEmptyTerm(p.preference))
      .map((p) => ({ weight: p.weight, term: compileTerm(p.preference) }));
    preferredCache.set(pod, terms);
  }
  return terms;
}

/** The raw score: the summed weights of the preferred terms `node` matches. */
export function preferredNodeAffinityScore(pod: Pod, node: Node): number {
  return scoreView(preferredTerms(pod), viewOf(node));
}

function scoreView(terms: readonly WeightedTerm[], node: NodeView): number {
  let score = 0;
  for (const { weight, term } of terms) if (termMatches(term, node)) score += weight;
  return score;
}

/**
 * PreFilter: when every required term pins `metadata.name In (...)`, only those nodes need
 * filtering; terms that pin disjoint names conflict and nothing fits.
 */
function nodeNamesFromTerms(terms: readonly NodeSelectorTerm[]): PreFilterOutcome {
  let nodeNames: Set<string> | undefined;
  for (const term of terms) {
    let termNames: Set<string> | undefined;
    for (const r of term.matchFields ?? []) {
      if (r.key !== NAME_FIELD || r.operator !== 'In') continue;
      const names = new Set(r.values ?? []);
      termNames = termNames === undefined ? names : new Set([...termNames].filter((n) => names.has(n)));
    }
    // A term without a name pin admits every node, and the terms are ORed.
    if (termNames === undefined) return undefined;
    nodeNames = new Set([...(nodeNames ?? []), ...termNames]);
  }
  if (nodeNames === undefined) return undefined;
  return nodeNames.size === 0 ? unresolvable(ERR_REASON_CONFLICT) : { nodeNames };
}

export function newNodeAffinity(weight = 2): FilterPlugin & ScorePlugin {
  return {
    name: NODE_AFFINITY,
    weight,
    preFilter(pod): PreFilterOutcome {
      const required = pod.pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
      if (required === undefined && pod.pod.spec?.nodeSelector === undefined) return 'Skip';
      return required === undefined || required.nodeSelectorTerms.length === 0 ? undefined : nodeNamesFromTerms(required.nodeSelectorTerms);
    },
    filter: (pod, nodeInfo) =>
      matchesRequiredNodeAffinity(requiredNodeAffinity(pod.pod), nodeInfo) ? SUCCESS : unresolvable(ERR_REASON_POD),
    preScore: (pod) => (preferredTerms(pod.pod).length === 0 ? 'Skip' : undefined),
    score: (pod, nodeInfo) => scoreView(preferredTerms(pod.pod), nodeInfo),
    normalize: (scores: number[]): void => defaultNormalizeScore(scores, false),
  };
}
