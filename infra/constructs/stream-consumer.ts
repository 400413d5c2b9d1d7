import { Annotations, Duration, Stack, Token } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sources from 'aws-cdk-lib/aws-lambda-event-sources';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { FilterPattern } from '../../shared/runtime/filters';
import { forwarderFilters } from '../../shared/runtime/forward';
import type { ConsumerSource } from '../../shared/runtime/sources';
import type { WorkEvent } from '../../shared/runtime/work';
import { SkiffFunction } from './skiff-function';

/** Lambda's default quota of filters per event source mapping (adjustable up to 10). */
const MAX_FILTERS = 5;

/** What the resync schedule sends: the consumer re-lists what it owns. */
export const RESYNC_EVENT: WorkEvent = { source: 'skiff.work', keys: [], resync: true };

/**
 * The patterns without repeats. Controllers that share a consumer may declare the same pattern (two
 * that both watch namespaces); Lambda ORs the filters, so one copy means the same, and
 * CloudFormation rejects a mapping whose filters repeat.
 */
export function uniquePatterns(patterns: FilterPattern[]): FilterPattern[] {
  const seen = new Set<string>();
  return patterns.filter((pattern) => {
    const key = JSON.stringify(pattern);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export interface StreamConsumerProps {
  /** The object table; its stream must be enabled. */
  readonly table: dynamodb.ITable;
  /** The consumer's one declaration (shared/runtime/sources.ts): entry point, filters, batching, resync. */
  readonly source: ConsumerSource;
  /**
   * A stream batch holds at most `source.batchSize` records and each reconcile re-reads one object,
   * so a batch that runs longer than this is stuck rather than busy.
   * @default Duration.minutes(1)
   */
  readonly timeout?: Duration;
  /**
   * Whether the function reads the table's stream itself. Consumers beyond the two AWS advises per
   * stream (shared/runtime/sources.ts STREAM_READERS) get their records forwarded into their queue.
   * @default true
   */
  readonly readsStream?: boolean;
  /**
   * Consumers whose stream records this one forwards into their queues (SKIFF_FORWARD_QUEUES).
   * @default none
   */
  readonly forwardTo?: { source: ConsumerSource; requeueQueue: sqs.IQueue }[];
  /** Added to SKIFF_TABLE and SKIFF_REQUEUE_URL. @default none */
  readonly environment?: Record<string, string>;
}

/**
 * A stream consumer (the scheduler, the controller-manager, the ECS provider, the
 * cloud-controller-manager): `functions/<name>` fed by three sources, all built from its
 * declaration in shared/runtime/sources.ts (name, filters, batch size and window, resync period).
 * The local runner reads the same declaration for the name, the batch size and its own shorter
 * resync (`localSettings`); locally the controller-manager filters with its controllers' own
 * patterns rather than the one broad pattern declared for Lambda's filter quota. The three sources:
 * - the object table's stream, filtered by the consumer's patterns (or, for a consumer that does
 *   not read the stream, those records forwarded into its queue by the controller-manager);
 * - its queue: requeued keys, where a reconcile that wants to run again later (backoff, deadlines)
 *   sends its key with a per-message delay (shared/runtime/sqs-requeuer.ts), and forwarded records;
 * - an EventBridge Scheduler schedule that sends a resync every `resyncSeconds`, catching anything
 *   time-based and anything a dropped record missed.
 */
export class StreamConsumer extends Construct {
  readonly function: nodejs.NodejsFunction;
  /** The requeue (delay) queue, also carrying forwarded records; its URL is SKIFF_REQUEUE_URL. */
  readonly requeueQueue: sqs.Queue;
  /** Where stream batches and requeued keys that keep failing end up, for an alarm and a look. */
  readonly deadLetterQueue: sqs.Queue;
  readonly resyncSchedule: scheduler.Schedule;
  readonly source: ConsumerSource;

  constructor(scope: Construct, id: string, props: StreamConsumerProps) {
    super(scope, id);
    const { source, table } = props;
    this.source = source;
    const timeout = props.timeout ?? Duration.minutes(1);
    if (!Token.isUnresolved(source.resyncSeconds) && (source.resyncSeconds < 60 || source.resyncSeconds % 60 !== 0)) {
      throw new Error(`${source.name}: resyncSeconds must be a whole number of minutes (EventBridge Scheduler rates are in minutes)`);
    }
    const filterCount = forwarderFilters(source.filters, (props.forwardTo ?? []).map((c) => c.source.filters)).length;
    if (filterCount > MAX_FILTERS) {
      Annotations.of(this).addWarningV2(
        'skiff:filterQuota',
        `${source.name} declares ${filterCount} distinct stream filters; Lambda allows ${MAX_FILTERS} per event source mapping unless the quota is raised (to at most 10).`,
      );
    }

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetters', {
      retentionPeriod: Duration.days(14),
      enforceSSL: true,
    });
    this.requeueQueue = new sqs.Queue(this, 'Requeue', {
      // AWS's advice for a Lambda-consumed queue: at least six times the function timeout, so a
      // message is not handed out again while a throttled or retried invocation still holds it.
      visibilityTimeout: Duration.seconds(timeout.toSeconds() * 6),
      // Delays are per message (SendMessage DelaySeconds, at most 15 min); the queue adds none.
      enforceSSL: true,
      // A requeued key that keeps failing is parked rather than retried until the 4-day retention;
      // the resync still reconciles its object.
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: 5 },
    });

    this.function = new SkiffFunction(this, 'Handler', {
      component: source.name,
      timeout,
      environment: {
        SKIFF_TABLE: table.tableName,
        SKIFF_REQUEUE_URL: this.requeueQueue.queueUrl,
        ...(props.forwardTo?.length ? { SKIFF_FORWARD_QUEUES: forwardQueues(this, props.forwardTo) } : {}),
        ...props.environment,
      },
    }).function;
    table.grantReadWriteData(this.function);
    this.requeueQueue.grantSendMessages(this.function);
    for (const target of props.forwardTo ?? []) target.requeueQueue.grantSendMessages(this.function);

    if (props.readsStream ?? true) this.readStream(props);
    this.function.addEventSource(new sources.SqsEventSource(this.requeueQueue, {
      batchSize: 10,
      reportBatchItemFailures: true,
    }));

    this.resyncSchedule = new scheduler.Schedule(this, 'Resync', {
      description: `Periodic resync of the ${source.name}`,
      schedule: scheduler.ScheduleExpression.rate(Duration.seconds(source.resyncSeconds)),
      target: new targets.LambdaInvoke(this.function, {
        input: scheduler.ScheduleTargetInput.fromObject(RESYNC_EVENT),
        // A resync older than the next one is redundant.
        maxEventAge: Duration.seconds(source.resyncSeconds),
      }),
    });
  }

  /** The filtered stream mapping (with the patterns of the consumers it forwards to, where its own do not cover them). */
  private readStream(props: StreamConsumerProps): void {
    const { source, table } = props;
    const patterns = forwarderFilters(source.filters, (props.forwardTo ?? []).map((c) => c.source.filters));
    this.function.addEventSource(new sources.DynamoEventSource(table, {
      startingPosition: lambda.StartingPosition.LATEST,
      batchSize: source.batchSize,
      maxBatchingWindow: Duration.seconds(source.batchingWindowSeconds),
      filters: patterns.map((pattern) => lambda.FilterCriteria.filter(pattern)),
      // The handler names the records that failed; Lambda retries from the first of them, and
      // halves a batch that fails as a whole to isolate a poison record.
      reportBatchItemFailures: true,
      bisectBatchOnError: true,
      // A failing record blocks its shard. Reconciles are level-triggered and the resync re-reads
      // every object every `resyncSeconds`, so after 10 retries or an hour (well inside the 24 h
      // stream retention) the record is given up and its position sent to the dead-letter queue.
      retryAttempts: 10,
      maxRecordAge: Duration.hours(1),
      onFailure: new sources.SqsDlq(this.deadLetterQueue),
    }));
  }
}

/** `{"<consumer>": "<queue url>"}` as one environment value (tokens resolved by CloudFormation). */
function forwardQueues(scope: Construct, targets: NonNullable<StreamConsumerProps['forwardTo']>): string {
  return Stack.of(scope).toJsonString(Object.fromEntries(targets.map((t) => [t.source.name, t.requeueQueue.queueUrl])));
}
