import { GetItemCommand, PutItemCommand, QueryCommand, TransactWriteItemsCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { dynamoClient } from '../../shared/storage/client';
import { encodeBody } from '../../shared/storage/codec';
import { ensureTable } from '../../shared/storage/table';
import { BenchCluster } from '../cluster';
import { measure, round, Summary } from '../stats';

export interface ApiRow {
  verb: string;
  concurrency: number;
  http: Summary;
  raw: Summary;
  /** http p50 / raw p50: the headline figure. */
  ratioP50: number;
}

const configMap = (name: string) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, labels: { app: 'bench', tier: 'web' } },
  data: { 'app.properties': 'mode=bench\nreplicas=3\nlog.level=info\n', owner: 'bench' },
});

/**
 * API latency side by side: each verb over HTTPS through the whole API server next to the one raw
 * DynamoDB Local operation of the same kind, on the same DynamoDB Local, in the same run.
 */
export async function apiSuite(c: BenchCluster, quick: boolean): Promise<ApiRow[]> {
  const raw = dynamoClient(c.dynamo.endpoint);
  await ensureTable(raw, 'raw-baseline');
  const n = quick ? 40 : 400;
  const listSize = 50;
  const rows: ApiRow[] = [];
  const body = encodeBody(configMap('x'));
  await c.api.request('POST', '/api/v1/namespaces', JSON.stringify({ metadata: { name: 'bench-list' } }));
  for (let i = 0; i < listSize; i++) {
    await c.api.request('POST', '/api/v1/namespaces/bench-list/configmaps', JSON.stringify(configMap(`item-${i}`)));
    await raw.send(new PutItemCommand({ TableName: 'raw-baseline', Item: { pk: { S: 'list' }, sk: { S: `default/item-${i}` }, rv: { N: '1' }, b: { B: body } } }));
  }
  for (const concurrency of quick ? [1, 4] : [1, 4, 16]) {
    const ns = `bench-c${concurrency}`;
    await c.api.request('POST', '/api/v1/namespaces', JSON.stringify({ metadata: { name: ns } }));
    const httpCreate = await measure(n, concurrency, async (i) => {
      const res = await c.api.request('POST', `/api/v1/namespaces/${ns}/configmaps`, JSON.stringify(configMap(`cm-${i}`)));
      if (res.status !== 201) throw new Error(`create failed: ${res.status} ${res.body}`);
    });
    const rawPut = await measure(n, concurrency, (i) =>
      raw.send(new PutItemCommand({ TableName: 'raw-baseline', Item: { pk: { S: `o#${ns}` }, sk: { S: `${ns}/cm-${i}` }, rv: { N: '1' }, b: { B: body } } })),
    );
    rows.push(row('create', concurrency, httpCreate, rawPut));
    const httpGet = await measure(n, concurrency, async (i) => {
      const res = await c.api.request('GET', `/api/v1/namespaces/${ns}/configmaps/cm-${i}`);
      if (res.status !== 200) throw new Error(`get failed: ${res.status}`);
    });
    const rawGet = await measure(n, concurrency, (i) =>
      raw.send(new GetItemCommand({ TableName: 'raw-baseline', Key: { pk: { S: `o#${ns}` }, sk: { S: `${ns}/cm-${i}` } }, ConsistentRead: true })),
    );
    rows.push(row('get', concurrency, httpGet, rawGet));
    const lists = Math.max(10, Math.floor(n / 4));
    const httpList = await measure(lists, concurrency, async () => {
      const res = await c.api.request('GET', '/api/v1/namespaces/bench-list/configmaps');
      if (res.status !== 200) throw new Error(`list failed: ${res.status}`);
    });
    const rawList = await measure(lists, concurrency, () =>
      raw.send(new QueryCommand({ TableName: 'raw-baseline', KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'list' } }, ConsistentRead: true })),
    );
    rows.push(row(`list (${listSize} objects)`, concurrency, httpList, rawList));
    const httpUpdate = await measure(n, concurrency, async (i) => {
      const res = await c.api.request('PUT', `/api/v1/namespaces/${ns}/configmaps/cm-${i}`, JSON.stringify({ ...configMap(`cm-${i}`), data: { changed: String(i) } }));
      if (res.status !== 200) throw new Error(`update failed: ${res.status} ${res.body}`);
    });
    const rawUpdate = await measure(n, concurrency, (i) =>
      raw.send(
        new UpdateItemCommand({
          TableName: 'raw-baseline',
          Key: { pk: { S: `o#${ns}` }, sk: { S: `${ns}/cm-${i}` } },
          UpdateExpression: 'SET b = :b, rv = rv + :one',
          ConditionExpression: 'rv = :rv',
          ExpressionAttributeValues: { ':b': { B: body }, ':one': { N: '1' }, ':rv': { N: '1' } },
        }),
      ),
    );
    rows.push(row('update', concurrency, httpUpdate, rawUpdate));
  }
  // What a create's commit costs DynamoDB Local on its own: the transaction of object + change record.
  const rawTransaction = await measure(n, 1, (i) =>
    raw.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          { Put: { TableName: 'raw-baseline', Item: { pk: { S: 'tx' }, sk: { S: `o-${i}` }, b: { B: body } }, ConditionExpression: 'attribute_not_exists(pk)' } },
          { Put: { TableName: 'raw-baseline', Item: { pk: { S: 'txlog' }, sk: { S: `l-${i}` }, b: { B: body } }, ConditionExpression: 'attribute_not_exists(pk)' } },
        ],
      }),
    ),
  );
  rows.push({ verb: 'raw TransactWriteItems (2 puts) vs PutItem', concurrency: 1, http: rawTransaction, raw: rows[0].raw, ratioP50: round(rawTransaction.p50 / rows[0].raw.p50) });
  raw.destroy();
  return rows;
}

function row(verb: string, concurrency: number, http: Summary, raw: Summary): ApiRow {
  return { verb, concurrency, http, raw, ratioP50: round(http.p50 / raw.p50) };
}
