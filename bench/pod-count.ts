import { AttributeValue, DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { objectPk } from '../shared/storage/keys';

/**
 * Pods matching a filter on their index attributes (shared/storage/index-attributes.ts), counted by
 * DynamoDB itself with a COUNT query, so that polling thousands of pods stays cheap for the process
 * being measured: a probe of the bench's own raw client (not counted in any tally), not a store read.
 */
export async function countPods(raw: DynamoDBClient, table: string, filter: { expression: string; values?: Record<string, AttributeValue> }): Promise<number> {
  let count = 0;
  let start: Record<string, AttributeValue> | undefined;
  do {
    const out = await raw.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk',
        FilterExpression: filter.expression,
        ExpressionAttributeValues: { ':pk': { S: objectPk('pods') }, ...filter.values },
        Select: 'COUNT',
        ExclusiveStartKey: start,
      }),
    );
    count += out.Count ?? 0;
    start = out.LastEvaluatedKey;
  } while (start);
  return count;
}

export const BOUND = { expression: 'attribute_exists(nodeName)' };
export const RUNNING = { expression: 'phase = :running', values: { ':running': { S: 'Running' } } };
