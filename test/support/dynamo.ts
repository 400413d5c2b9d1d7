import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { dynamoClient } from '../../shared/storage/client';
import { ensureTable } from '../../shared/storage/table';

/** A fresh table in the run's DynamoDB Local, so suites never see each other's objects. */
export async function freshTable(): Promise<{ client: DynamoDBClient; table: string; endpoint: string }> {
  const endpoint = process.env.SKIFF_TEST_DYNAMODB;
  if (!endpoint) throw new Error('SKIFF_TEST_DYNAMODB is unset: run through jest (test/support/global-setup.ts)');
  const client = dynamoClient(endpoint);
  const table = `t-${randomUUID().slice(0, 8)}`;
  await ensureTable(client, table);
  return { client, table, endpoint };
}
