import { EcsCluster } from './ecs-cluster';
import { Network } from './network';

/** The environment shared/cloud/aws.ts awsSettingsFromEnv reads, for the functions that call AWS for the cluster. */
export function awsSettingsEnvironment(cluster: EcsCluster, network: Network): Record<string, string> {
  return {
    SKIFF_ECS_CLUSTER: cluster.clusterName,
    SKIFF_SUBNETS: network.subnets.map((s) => s.subnetId).join(','),
    SKIFF_SECURITY_GROUPS: network.podSecurityGroups.map((g) => g.securityGroupId).join(','),
    SKIFF_LOG_GROUP: cluster.podLogs.logGroupName,
  };
}
