import type { FilterPattern } from '../../runtime/filters';
import { objectPk } from '../../storage/keys';
import { FARGATE_PREFIX } from './node-objects';

/** EC2 container instances are named by instance id. */
const EC2_PREFIX = 'i-';

const onNode = (image: 'NewImage' | 'OldImage'): FilterPattern => ({
  dynamodb: { Keys: { pk: { S: [objectPk('pods')] } }, [image]: { nodeName: { S: [{ prefix: FARGATE_PREFIX }, { prefix: EC2_PREFIX }] } } },
});

/** What wakes the ECS provider from the object stream: records of pods bound to (or leaving) an ECS node. */
export const ECS_PROVIDER_FILTERS: FilterPattern[] = [onNode('NewImage'), onNode('OldImage')];

/** The EventBridge rule's pattern for a cluster's task state changes (into the provider's queue on AWS). */
export const taskStateChangePattern = (clusterArn: string) => ({
  source: ['aws.ecs'],
  'detail-type': ['ECS Task State Change'],
  detail: { clusterArn: [clusterArn] },
});
