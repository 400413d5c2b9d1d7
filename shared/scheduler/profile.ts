/**
 * The default profile: upstream's default plugins in upstream's order (filters run in this order
 * and a node's reason comes from the first that rejects it), with weights from the configuration.
 */
import { SchedulerConfiguration, SchedulerConfigurationOverrides, schedulerConfiguration } from './config';
import type { Profile } from './framework';
import { newInterPodAffinity } from './plugins/inter-pod-affinity';
import { newNodeAffinity } from './plugins/node-affinity';
import { newNodeName } from './plugins/node-name';
import { newNodePorts } from './plugins/node-ports';
import { newNodeResourcesBalancedAllocation } from './plugins/node-resources-balanced-allocation';
import { newNodeResourcesFit } from './plugins/node-resources-fit';
import { newNodeUnschedulable } from './plugins/node-unschedulable';
import { newPodTopologySpread } from './plugins/pod-topology-spread';
import { newTaintToleration } from './plugins/taint-toleration';
import { newVolumeBinding } from './plugins/volume-binding';

export function profileFromConfiguration(config: SchedulerConfiguration): Profile {
  const weights = config.pluginWeights;
  const taintToleration = newTaintToleration(weights.TaintToleration);
  const nodeAffinity = newNodeAffinity(weights.NodeAffinity);
  const fit = newNodeResourcesFit({ scoringStrategy: config.scoringStrategy, resources: config.scoringResources, weight: weights.NodeResourcesFit });
  const spread = newPodTopologySpread(weights.PodTopologySpread);
  const interPodAffinity = newInterPodAffinity({
    weight: weights.InterPodAffinity,
    hardPodAffinityWeight: config.hardPodAffinityWeight,
    ignorePreferredTermsOfExistingPods: config.ignorePreferredTermsOfExistingPods,
  });
  const balanced = newNodeResourcesBalancedAllocation({ resources: config.balancedAllocationResources, weight: weights.NodeResourcesBalancedAllocation });
  return {
    schedulerName: config.schedulerName,
    filterPlugins: [newNodeUnschedulable(), newNodeName(), taintToleration, nodeAffinity, newNodePorts(), fit, newVolumeBinding(), spread, interPodAffinity],
    scorePlugins: [taintToleration, nodeAffinity, fit, spread, interPodAffinity, balanced].filter((p) => p.weight > 0),
    percentageOfNodesToScore: config.percentageOfNodesToScore,
    preemption: config.preemption,
  };
}

/** The default-scheduler profile, optionally with configuration overrides (e.g. MostAllocated). */
export function defaultProfile(overrides: SchedulerConfigurationOverrides = {}): Profile {
  return profileFromConfiguration(schedulerConfiguration(overrides));
}
