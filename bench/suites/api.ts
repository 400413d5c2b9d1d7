import { DynamoDBClient, GetItemCommand, PutItemCommand, QueryCommand, TransactWriteItemsCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { dynamoClient } from '../../shared/storage/client';
import { encodeBody } from '../../shared/storage/codec';
import { ensureTable } from '../../shared/storage/table';
import { ObjectStore } from '../../shared/storage/store';
import { BenchCluster } from '../cluster';
import { measure, measureInterleaved, round, Summary } from '../stats';

export interface ApiRow {
  verb: string;
  concurrency: number;
  http: Summary;
  raw: Summary;
  /** http p50 / raw p50: the headline figure. */
  ratioP50: number;
  /** http ops/s / raw ops/s, where throughput is the figure (creates at c=16 vs raw transactions). */
  ratioOps?: number;
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
    // What every Skiff write commits at the least: a transaction of the object and its change record.
    const rawTx = await measure(n, concurrency, (i) => raw.send(rawTransaction(`${ns}-${i}`, body)));
    rows.push(row('create vs raw 2-item TransactWriteItems', concurrency, httpCreate, rawTx));
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
    rows.push(row('update vs raw 2-item TransactWriteItems', concurrency, httpUpdate, rawTx));
  }
  rows.push(...(await storeRows(raw, body, n)));
  raw.destroy();
  return rows;
}

function row(verb: string, concurrency: number, http: Summary, raw: Summary): ApiRow {
  return { verb, concurrency, http, raw, ratioP50: round(http.p50 / raw.p50), ratioOps: round(http.opsPerSecond / raw.opsPerSecond) };
}

/** The two Puts every write commits; `withCounter` adds a third item, a counter's `ADD rev 1`, as a lone writer's commit moves its resource's counter. */
function rawTransaction(key: string, body: Uint8Array, withCounter = false): TransactWriteItemsCommand {
  return new TransactWriteItemsCommand({
    TransactItems: [
      { Put: { TableName: 'raw-baseline', Item: { pk: { S: 'tx' }, sk: { S: `o-${key}` }, b: { B: body } }, ConditionExpression: 'attribute_not_exists(pk)' } },
      { Put: { TableName: 'raw-baseline', Item: { pk: { S: 'txlog' }, sk: { S: `l-${key}` }, b: { B: body } }, ConditionExpression: 'attribute_not_exists(pk)' } },
      ...(withCounter ? [{ Update: { TableName: 'raw-baseline', Key: { pk: { S: 'txrev' }, sk: { S: 'rev' } }, UpdateExpression: 'ADD rev :one', ExpressionAttributeValues: { ':one': { N: '1' } } } }] : []),
    ],
  });
}

/**
 * The storage layer alone, without HTTP, side by side with the raw transaction (interleaved, so
 * the machine's noise falls on all alike): a store that takes its revisions inside the commit
 * (one round trip when it is the only writer it knows of) and one that takes them from the counter
 * first (two round trips), on tables of their own. At concurrency 16 the store is one writer
 * process with 16 requests in flight, as an API server instance is.
 */
async function storeRows(raw: DynamoDBClient, body: Uint8Array, n: number): Promise<ApiRow[]> {
  const rows: ApiRow[] = [];
  const stores = await Promise.all(
    [true, false].map(async (commitAhead) => {
      const table = `store-${commitAhead ? 'ahead' : 'counter'}`;
      await ensureTable(raw, table);
      return { label: commitAhead ? 'revision in the commit' : 'counter, then commit', store: new ObjectStore({ client: raw, table, commitAhead }) };
    }),
  );
  const obj = (name: string) => ({ ...configMap(name), metadata: { name, namespace: 'bench' } });
  for (const concurrency of [1, 16]) {
    // At concurrency 1 also the transaction a lone writer's create commits (the store's first rows):
    // the two Puts and its resource's counter moved, one item more than the 2-item baseline.
    const counted = concurrency === 1 ? [(i: number) => raw.send(rawTransaction(`store-n${i}`, body, true))] : [];
    const [rawTx, ...measured] = await measureInterleaved(n, concurrency, [
      (i) => raw.send(rawTransaction(`store-c${concurrency}-${i}`, body)),
      ...counted,
      ...stores.map(({ store }) => (i: number) => store.create('configmaps', obj(`s${concurrency}-${i}`))),
    ]);
    const created = measured.slice(counted.length);
    if (counted.length > 0) rows.push(row('raw 3-item TransactWriteItems (two Puts and a counter ADD) vs raw 2-item', 1, measured[0], rawTx));
    stores.forEach(({ label }, k) => rows.push(row(`store create (${label}) vs raw 2-item TransactWriteItems`, concurrency, created[k], rawTx)));
    if (concurrency !== 1) continue;
    const current = await Promise.all(stores.map(({ store }) => Promise.all(Array.from({ length: n }, (_, i) => store.get('configmaps', 'bench', `s1-${i}`)))));
    const [rawTx2, ...updated] = await measureInterleaved(n, 1, [
      (i) => raw.send(rawTransaction(`store-u-${i}`, body)),
      ...stores.map(({ store }, k) => async (i: number) => {
        const o = current[k][i];
        if (o) await store.update('configmaps', { ...o, data: { changed: String(i) } }, String(o.metadata.resourceVersion));
      }),
    ]);
    stores.forEach(({ label }, k) => rows.push(row(`store update (${label}) vs raw 2-item TransactWriteItems`, 1, updated[k], rawTx2)));
  }
  return rows;
}
