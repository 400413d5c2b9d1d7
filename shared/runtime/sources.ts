import type { FilterPattern } from './filters';
import { SCHEDULER_FILTERS } from '../scheduler/consumer-filters';

/**
 * The event source declaration of each stream consumer, read by both the CDK stack (event source
 * mappings, schedules) and the local runner. Two consumers only, as AWS advises per stream.
 */
export interface ConsumerSource {
  /** The functions/<name>/ entry point that handles it. */
  name: 'scheduler' | 'controller-manager' | 'cloud-controller-manager';
  filters: FilterPattern[];
  batchSize: number;
  /** Seconds a batch may wait to fill (Lambda's MaximumBatchingWindowInSeconds). */
  batchingWindowSeconds: number;
  /** Periodic resync on AWS (EventBridge Scheduler); the local runner resyncs more often. */
  resyncSeconds: number;
}

/**
 * The controller-manager takes every object record (one broad pattern: Lambda allows only five
 * filters per mapping and controllers keep coming); its dispatcher then applies each controller's
 * own filters, so a record reaches exactly the controllers that declared it.
 */
export const CONTROLLER_MANAGER_SOURCE: ConsumerSource = {
  name: 'controller-manager',
  filters: [{ dynamodb: { Keys: { pk: { S: [{ prefix: 'o#' }] } } } }],
  batchSize: 100,
  batchingWindowSeconds: 0,
  resyncSeconds: 300,
};

export const SCHEDULER_SOURCE: ConsumerSource = {
  name: 'scheduler',
  filters: SCHEDULER_FILTERS,
  batchSize: 500,
  batchingWindowSeconds: 0,
  resyncSeconds: 300,
};

export const CONSUMER_SOURCES: ConsumerSource[] = [SCHEDULER_SOURCE, CONTROLLER_MANAGER_SOURCE];

/**
 * The cloud-controller-manager (AWS mode only): the records of the objects its controllers read
 * (nodes for the node and route controllers; services and EndpointSlices for Service DNS and the
 * load balancers). Not in CONSUMER_SOURCES, the two stream mappings AWS advises: how it is fed on
 * AWS (its own mapping, or a fan-out) is the stack's decision, written in docs/runtime.md.
 */
export const CLOUD_CONTROLLER_MANAGER_SOURCE: ConsumerSource = {
  name: 'cloud-controller-manager',
  filters: [{ dynamodb: { Keys: { pk: { S: ['o#nodes', 'o#services', 'o#endpointslices.discovery.k8s.io', 'o#pods'] } } } }],
  batchSize: 100,
  batchingWindowSeconds: 0,
  resyncSeconds: 300,
};
