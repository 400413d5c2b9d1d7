import type { FilterPattern } from './filters';
import { CONTROLLERS } from '../controllers/manager';
import { SCHEDULER_FILTERS } from '../scheduler/consumer-filters';

/**
 * The event source declaration of each stream consumer, read by both the CDK stack (event source
 * mappings, schedules) and the local runner. Two consumers only, as AWS advises per stream.
 */
export interface ConsumerSource {
  /** The functions/<name>/ entry point that handles it. */
  name: 'scheduler' | 'controller-manager';
  filters: FilterPattern[];
  batchSize: number;
  /** Seconds a batch may wait to fill (Lambda's MaximumBatchingWindowInSeconds). */
  batchingWindowSeconds: number;
  /** Periodic resync on AWS (EventBridge Scheduler); the local runner resyncs more often. */
  resyncSeconds: number;
}

export const CONTROLLER_MANAGER_SOURCE: ConsumerSource = {
  name: 'controller-manager',
  filters: CONTROLLERS.flatMap((c) => c.filters),
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
