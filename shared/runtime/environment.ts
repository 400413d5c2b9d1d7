import { SQSClient } from '@aws-sdk/client-sqs';
import { RestContext } from '../registry/context';
import { dynamoClient } from '../storage/client';
import { ObjectStore } from '../storage/store';
import { Requeuer } from './work';
import { SqsRequeuer } from './sqs-requeuer';

/**
 * A stream consumer Lambda's context: the table (SKIFF_TABLE), its requeue queue
 * (SKIFF_REQUEUE_URL), and the component's name as field manager.
 */
export function consumerEnvironment(fieldManager: string): { ctx: RestContext; requeuer?: Requeuer } {
  const table = process.env.SKIFF_TABLE;
  if (!table) throw new Error('SKIFF_TABLE is not set');
  const store = new ObjectStore({ client: dynamoClient(process.env.AWS_ENDPOINT_URL), table });
  const url = process.env.SKIFF_REQUEUE_URL;
  return { ctx: { store, fieldManager }, requeuer: url ? new SqsRequeuer(new SQSClient({}), url, store) : undefined };
}
