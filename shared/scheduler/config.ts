/**
 * The scheduler's configuration (a slice of upstream's KubeSchedulerConfiguration): the scoring
 * strategy of NodeResourcesFit and the knobs of the default plugins, with upstream's defaults.
 */
import type { ResourceSpec, ScoringStrategyType } from './plugins/node-resources-fit';
import { DEFAULT_SCORING_RESOURCES } from './plugins/node-resources-fit';

export type { ResourceSpec, ScoringStrategyType } from './plugins/node-resources-fit';

export type ScorePluginName =
  | 'NodeResourcesFit'
  | 'NodeResourcesBalancedAllocation'
  | 'InterPodAffinity'
  | 'NodeAffinity'
  | 'TaintToleration'
  | 'PodTopologySpread';

export interface SchedulerConfiguration {
  readonly schedulerName: string;
  /** LeastAllocated spreads pods over nodes; MostAllocated packs them onto the fullest nodes. */
  readonly scoringStrategy: ScoringStrategyType;
  /** Resources NodeResourcesFit scores and their weights. */
  readonly scoringResources: readonly ResourceSpec[];
  /** Resources NodeResourcesBalancedAllocation balances. */
  readonly balancedAllocationResources: readonly ResourceSpec[];
  /** Share of nodes to find feasible before scoring (1-100); 0 adapts to the cluster size like upstream. */
  readonly percentageOfNodesToScore: number;
  /** Score bonus for domains whose pods require affinity to the incoming pod. */
  readonly hardPodAffinityWeight: number;
  readonly ignorePreferredTermsOfExistingPods: boolean;
  readonly pluginWeights: Readonly<Record<ScorePluginName, number>>;
  /** Dry-run DefaultPreemption on failure for upstream's `preemption: ...` message. */
  readonly preemption: boolean;
}

/** getDefaultPlugins (v1.33): score weights of the default MultiPoint plugins. */
export const DEFAULT_PLUGIN_WEIGHTS: Readonly<Record<ScorePluginName, number>> = {
  NodeResourcesFit: 1,
  NodeResourcesBalancedAllocation: 1,
  InterPodAffinity: 2,
  NodeAffinity: 2,
  TaintToleration: 3,
  PodTopologySpread: 2,
};

export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';

export type SchedulerConfigurationOverrides = Partial<Omit<SchedulerConfiguration, 'pluginWeights'>> & {
  readonly pluginWeights?: Partial<Record<ScorePluginName, number>>;
};

/** Upstream's defaults, with `overrides` applied (plugin weights merge individually). */
export function schedulerConfiguration(overrides: SchedulerConfigurationOverrides = {}): SchedulerConfiguration {
  return {
    schedulerName: DEFAULT_SCHEDULER_NAME,
    scoringStrategy: 'LeastAllocated',
    scoringResources: DEFAULT_SCORING_RESOURCES,
    balancedAllocationResources: DEFAULT_SCORING_RESOURCES,
    percentageOfNodesToScore: 0,
    hardPodAffinityWeight: 1,
    ignorePreferredTermsOfExistingPods: false,
    preemption: true,
    ...overrides,
    pluginWeights: { ...DEFAULT_PLUGIN_WEIGHTS, ...overrides.pluginWeights },
  };
}
