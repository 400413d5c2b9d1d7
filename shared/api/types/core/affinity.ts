/** core/v1 scheduling constraints: node and pod (anti-)affinity, tolerations, topology spread. */
import * as z from 'zod';
import { Int32, Int64, LabelSelector } from '../meta';

export const NodeSelectorRequirement = z
  .strictObject({
    key: z.string().describe('Label (or field) key the requirement applies to.'),
    operator: z.string().describe('In, NotIn, Exists, DoesNotExist, Gt or Lt.'),
    values: z
      .array(z.string())
      .optional()
      .describe('Values to compare; one integer for Gt/Lt, empty for Exists/DoesNotExist.'),
  })
  .describe('A requirement on a node label or field.');
export type NodeSelectorRequirement = z.infer<typeof NodeSelectorRequirement>;

export const NodeSelectorTerm = z
  .strictObject({
    matchExpressions: z.array(NodeSelectorRequirement).optional().describe('Requirements on node labels.'),
    matchFields: z.array(NodeSelectorRequirement).optional().describe('Requirements on node fields (metadata.name).'),
  })
  .describe('Requirements that must all hold; an empty term matches no node.');
export type NodeSelectorTerm = z.infer<typeof NodeSelectorTerm>;

export const NodeSelector = z
  .strictObject({
    nodeSelectorTerms: z.array(NodeSelectorTerm).describe('Terms of which at least one must match.'),
  })
  .describe('A union of node selector terms.');
export type NodeSelector = z.infer<typeof NodeSelector>;

export const PreferredSchedulingTerm = z
  .strictObject({
    weight: Int32.describe('Weight, 1-100, added to a node\'s score when the preference matches.'),
    preference: NodeSelectorTerm.describe('The node selector term to match.'),
  })
  .describe('A weighted node preference.');
export type PreferredSchedulingTerm = z.infer<typeof PreferredSchedulingTerm>;

export const NodeAffinity = z
  .strictObject({
    requiredDuringSchedulingIgnoredDuringExecution: NodeSelector.optional().describe(
      'Nodes the pod may be scheduled on; not re-checked once the pod runs.',
    ),
    preferredDuringSchedulingIgnoredDuringExecution: z
      .array(PreferredSchedulingTerm)
      .optional()
      .describe('Node preferences that raise a node\'s score.'),
  })
  .describe('Constraints on the nodes a pod may use.');
export type NodeAffinity = z.infer<typeof NodeAffinity>;

export const PodAffinityTerm = z
  .strictObject({
    labelSelector: LabelSelector.optional().describe('Selects the pods this term is about.'),
    namespaces: z.array(z.string()).optional().describe('Namespaces searched; empty means the pod\'s own.'),
    topologyKey: z.string().describe('Node label defining co-location, e.g. kubernetes.io/hostname.'),
    namespaceSelector: LabelSelector.optional().describe('Selects namespaces searched, in addition to namespaces.'),
    matchLabelKeys: z
      .array(z.string())
      .optional()
      .describe('Label keys whose values on the incoming pod are added to labelSelector as equalities.'),
    mismatchLabelKeys: z
      .array(z.string())
      .optional()
      .describe('Label keys whose values on the incoming pod are added to labelSelector as inequalities.'),
  })
  .describe('Pods matched within a topology domain.');
export type PodAffinityTerm = z.infer<typeof PodAffinityTerm>;

export const WeightedPodAffinityTerm = z
  .strictObject({
    weight: Int32.describe('Weight, 1-100, applied when the term matches.'),
    podAffinityTerm: PodAffinityTerm.describe('The pod affinity term to match.'),
  })
  .describe('A weighted pod affinity preference.');
export type WeightedPodAffinityTerm = z.infer<typeof WeightedPodAffinityTerm>;

export const PodAffinity = z
  .strictObject({
    requiredDuringSchedulingIgnoredDuringExecution: z
      .array(PodAffinityTerm)
      .optional()
      .describe('Terms that must all match for a node to be eligible.'),
    preferredDuringSchedulingIgnoredDuringExecution: z
      .array(WeightedPodAffinityTerm)
      .optional()
      .describe('Preferences for nodes near matching pods.'),
  })
  .describe('Schedules the pod near other pods.');
export type PodAffinity = z.infer<typeof PodAffinity>;

export const PodAntiAffinity = z
  .strictObject({
    requiredDuringSchedulingIgnoredDuringExecution: z
      .array(PodAffinityTerm)
      .optional()
      .describe('Terms no node may match for the pod to go there.'),
    preferredDuringSchedulingIgnoredDuringExecution: z
      .array(WeightedPodAffinityTerm)
      .optional()
      .describe('Preferences for nodes away from matching pods.'),
  })
  .describe('Keeps the pod away from other pods.');
export type PodAntiAffinity = z.infer<typeof PodAntiAffinity>;

export const Affinity = z
  .strictObject({
    nodeAffinity: NodeAffinity.optional().describe('Node constraints.'),
    podAffinity: PodAffinity.optional().describe('Co-location with other pods.'),
    podAntiAffinity: PodAntiAffinity.optional().describe('Separation from other pods.'),
  })
  .describe('Scheduling constraints of a pod.');
export type Affinity = z.infer<typeof Affinity>;

export const Toleration = z
  .strictObject({
    key: z.string().optional().describe('Taint key tolerated; empty with Exists tolerates every taint.'),
    operator: z.string().optional().describe('Exists or Equal (default).'),
    value: z.string().optional().describe('Taint value matched with Equal.'),
    effect: z.string().optional().describe('NoSchedule, PreferNoSchedule or NoExecute; empty matches all.'),
    tolerationSeconds: Int64.optional().describe(
      'For NoExecute: how long the pod stays bound after the taint appears.',
    ),
  })
  .describe('Lets the pod use nodes with a matching taint.');
export type Toleration = z.infer<typeof Toleration>;

export const TopologySpreadConstraint = z
  .strictObject({
    maxSkew: Int32.describe('Largest allowed difference in matching pods between two domains.'),
    topologyKey: z.string().describe('Node label whose values form the domains.'),
    whenUnsatisfiable: z.string().describe('DoNotSchedule or ScheduleAnyway when the skew would be exceeded.'),
    labelSelector: LabelSelector.optional().describe('Selects the pods counted per domain.'),
    minDomains: Int32.optional().describe('Minimum number of eligible domains; fewer counts as zero pods elsewhere.'),
    nodeAffinityPolicy: z.string().optional().describe('Honor or Ignore the pod\'s node affinity when counting.'),
    nodeTaintsPolicy: z.string().optional().describe('Honor or Ignore node taints when counting.'),
    matchLabelKeys: z
      .array(z.string())
      .optional()
      .describe('Label keys whose values on the incoming pod narrow the labelSelector.'),
  })
  .describe('Spreads matching pods evenly across topology domains.');
export type TopologySpreadConstraint = z.infer<typeof TopologySpreadConstraint>;
