import type { FilterPattern } from './filters';
import { SCHEDULER_FILTERS } from '../scheduler/consumer-filters';
import { ECS_PROVIDER_FILTERS } from '../nodes/ecs/consumer-filters';

/**
 * The event source declaration of each stream consumer, read by both the CDK stack (event source
 * mappings, forwarding, schedules) and the local runner (its poller applies the same filters).
 */
export interface ConsumerSource {
  /** The functions/<name>/ entry point that handles it. */
  name: 'scheduler' | 'controller-manager' | 'ecs-provider' | 'cloud-controller-manager';
  filters: FilterPattern[];
  batchSize: number;
  /** Seconds a batch may wait to fill (Lambda's MaximumBatchingWindowInSeconds). */
  batchingWindowSeconds: number;
  /** Periodic resync on AWS (EventBridge Scheduler); the local runner resyncs more often. */
  resyncSeconds: number;
  /** The local runner's resync, standing in for the schedule. @default 30 */
  localResyncSeconds?: number;
}

/** What a local StreamConsumer takes from its declaration: its name, batch size and (local) resync. */
export function localSettings(source: ConsumerSource): { name: ConsumerSource['name']; batchSize: number; resyncSeconds: number } {
  return { name: source.name, batchSize: source.batchSize, resyncSeconds: source.localResyncSeconds ?? 30 };
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

/**
 * The cloud-controller-manager: the records of the objects its controllers read (nodes for the node
 * and route controllers; services and EndpointSlices for Service DNS and the load balancers; Ingresses and
 * IngressClasses for the Ingress controller).
 */
export const CLOUD_CONTROLLER_MANAGER_SOURCE: ConsumerSource = {
  name: 'cloud-controller-manager',
  filters: [{ dynamodb: { Keys: { pk: { S: ['o#nodes', 'o#services', 'o#endpointslices.discovery.k8s.io', 'o#pods', 'o#ingresses.networking.k8s.io', 'o#ingressclasses.networking.k8s.io'] } } } }],
  batchSize: 100,
  batchingWindowSeconds: 0,
  resyncSeconds: 300,
};

/**
 * The ECS node provider (functions/ecs-provider): pods bound to ECS nodes from the object stream,
 * besides its own queue of ECS task state change events (EventBridge) and its resync. On AWS it does
 * not read the stream itself (STREAM_READERS below); the controller-manager forwards its records.
 */
export const ECS_PROVIDER_SOURCE: ConsumerSource = {
  name: 'ecs-provider',
  filters: ECS_PROVIDER_FILTERS,
  batchSize: 100,
  batchingWindowSeconds: 0,
  resyncSeconds: 300,
};

export const CONSUMER_SOURCES: ConsumerSource[] = [
  SCHEDULER_SOURCE,
  CONTROLLER_MANAGER_SOURCE,
  ECS_PROVIDER_SOURCE,
  CLOUD_CONTROLLER_MANAGER_SOURCE,
];

/**
 * On AWS only these two read the table's stream (AWS advises at most two Lambda consumers per
 * stream: more share each shard's five GetRecords calls a second and get throttled). Every other
 * consumer's records are forwarded by the controller-manager, whose mapping takes every object
 * record anyway, into that consumer's queue (shared/runtime/forward.ts; docs/runtime.md says why).
 * Locally the one poller reads the stream for all of them, with the same filters.
 */
export const STREAM_READERS: readonly ConsumerSource['name'][] = ['scheduler', 'controller-manager'];
export const STREAM_FORWARDER: ConsumerSource['name'] = 'controller-manager';

export const readsStream = (source: ConsumerSource): boolean => STREAM_READERS.includes(source.name);

export function consumerSource(name: ConsumerSource['name']): ConsumerSource {
  const source = CONSUMER_SOURCES.find((s) => s.name === name);
  if (!source) throw new Error(`no consumer source named ${name} in shared/runtime/sources.ts`);
  return source;
}
