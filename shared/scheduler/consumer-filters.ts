import type { FilterPattern } from '../runtime/filters';

/**
 * What wakes the scheduler: pods without a node that ask for the default scheduler (to bind), and
 * any node change or pod removal (capacity may have freed up for pods that did not fit).
 */
export const SCHEDULER_FILTERS: FilterPattern[] = [
  {
    eventName: ['INSERT', 'MODIFY'],
    dynamodb: {
      Keys: { pk: { S: ['o#pods'] } },
      NewImage: { nodeName: [{ exists: false }], schedulerName: { S: ['default-scheduler'] } },
    },
  },
  { dynamodb: { Keys: { pk: { S: ['o#nodes'] } } } },
  { eventName: ['REMOVE'], dynamodb: { Keys: { pk: { S: ['o#pods'] } } } },
];
