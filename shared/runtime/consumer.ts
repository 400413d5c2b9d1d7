import type { DynamoDBBatchResponse, DynamoDBStreamEvent, SQSEvent } from 'aws-lambda';
import { FilterPattern } from './filters';
import { WorkEvent } from './work';

export type ConsumerEvent = DynamoDBStreamEvent | SQSEvent | WorkEvent;

/**
 * A stream consumer (the scheduler, the controller-manager): its event source declaration and its
 * handler. AWS advises at most two readers per stream, so the controllers share one and the
 * consumers beyond two get their records forwarded (shared/runtime/forward.ts).
 */
export interface StreamConsumer {
  name: string;
  /** Lambda event filter patterns; records matching none never reach the handler. */
  filters: FilterPattern[];
  batchSize: number;
  /** Seconds between periodic resyncs (an EventBridge schedule on AWS, an interval locally). */
  resyncSeconds: number;
  handler(event: ConsumerEvent): Promise<DynamoDBBatchResponse>;
}
