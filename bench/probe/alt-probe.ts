import { DynamoDBClient, PutItemCommand, TransactWriteItem, TransactWriteItemsCommand, TransactionCanceledException, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { startDynamoDbLocal } from '../../local/dynamodb-local';
import { dynamoClient } from '../../shared/storage/client';
import { encodeBody } from '../../shared/storage/codec';
import { ensureTable } from '../../shared/storage/table';
import { NamespaceGuard, ObjectStore } from '../../shared/storage/store';
import { measureAlternating } from '../stats';
import { benchCluster } from '../cluster';

type Tally = Record<string, { calls: number; ms: number; errors: Record<string, number> }>;
function counted(endpoint: string, tally: Tally): DynamoDBClient {
  const c = dynamoClient(endpoint);
  c.middlewareStack.add((next, context) => async (args) => {
    const op = context.commandName ?? '?';
    const e = (tally[op] ??= { calls: 0, ms: 0, errors: {} });
    e.calls++;
    const t = performance.now();
    try { return await next(args); } catch (err) {
      let code = (err as Error).name;
      if (err instanceof TransactionCanceledException) code += ':' + (err.CancellationReasons ?? []).map((r) => r.Code).join(',');
      e.errors[code] = (e.errors[code] ?? 0) + 1;
      throw err;
    } finally { e.ms += performance.now() - t; }
  }, { step: 'initialize', name: 'probe' });
  return c;
}
const T = 'raw-baseline';
async function main() {
  // RUNNER=1: a whole local cluster runs in this process on the same DynamoDB Local, as in the api suite.
  const cluster = process.env.RUNNER ? await benchCluster() : undefined;
  const d = cluster ? cluster.dynamo : await startDynamoDbLocal();
  try {
    const tally: Tally = {};
    const raw = counted(d.endpoint, tally);
    await ensureTable(raw, T);
    const body = encodeBody({ metadata: { name: 'x' }, data: { a: 'mode=bench\nreplicas=3\n' } });
    const p = (pk: string, sk: string): TransactWriteItem => ({ Put: { TableName: T, Item: { pk: { S: pk }, sk: { S: sk }, rv: { N: '1' }, b: { B: body } }, ConditionExpression: 'attribute_not_exists(pk)' } });
    const add = () => raw.send(new UpdateItemCommand({ TableName: T, Key: { pk: { S: 'ctr' }, sk: { S: '-' } }, UpdateExpression: 'ADD rev :one', ExpressionAttributeValues: { ':one': { N: '1' } }, ReturnValues: 'UPDATED_NEW' }));
    await raw.send(new PutItemCommand({ TableName: T, Item: { pk: { S: 'o#namespaces' }, sk: { S: '/bench' }, phase: { S: 'Active' } } }));
    // SEPARATE_TABLES=1: each store on a table of its own, as the api suite's store rows are.
    let tables = 0;
    const mk = async (commitAhead: boolean, coalesceRevisions = true) => {
      const table = process.env.SEPARATE_TABLES ? `probe-${tables++}` : T;
      if (table !== T) {
        await ensureTable(raw, table);
        await raw.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'o#namespaces' }, sk: { S: '/bench' }, phase: { S: 'Active' } } }));
      }
      return new ObjectStore({ client: raw, table, commitAhead, coalesceRevisions });
    };
    const [ahead, counter, aheadOld] = [await mk(true), await mk(false), await mk(true, false)];
    const obj = (name: string) => ({ metadata: { name, namespace: 'bench' }, data: { a: 'mode=bench\nreplicas=3\n' } });
    const n = Number(process.env.N ?? 320);
    const ops: [string, (i: number) => Promise<unknown>][] = [
      ['raw 2-item tx', (i) => raw.send(new TransactWriteItemsCommand({ TransactItems: [p('a', `${i}`), p('al', `${i}`)] }))],
      ['raw 4-item tx', (i) => raw.send(new TransactWriteItemsCommand({ TransactItems: [p('h', `${i}`), p('hl', `${i}`), p('hd', `${i}`), { ConditionCheck: { TableName: T, Key: { pk: { S: 'o#namespaces' }, sk: { S: '/bench' } }, ConditionExpression: 'attribute_exists(pk)' } }] }))],
      ['raw 3-item tx', (i) => raw.send(new TransactWriteItemsCommand({ TransactItems: [p('b', `${i}`), p('bl', `${i}`), p('bd', `${i}`)] }))],
      ['raw ADD', () => add()],
      ['raw ADD + 3-item tx', async (i) => { await add(); await raw.send(new TransactWriteItemsCommand({ TransactItems: [p('f', `${i}`), p('fl', `${i}`), p('fd', `${i}`)] })); }],
      ['store ahead, no guard', (i) => ahead.create('configmaps', obj(`a-${i}`))],
      ['store counter, no guard', (i) => counter.create('secrets', obj(`c-${i}`))],
      ['store ahead, guard', (i) => ahead.create('services', obj(`g-${i}`), { guard: new NamespaceGuard('bench') })],
      ['store ahead, guard, one ADD each (before)', (i) => aheadOld.create('pods', obj(`o-${i}`), { guard: new NamespaceGuard('bench') })],
    ];
    for (const c of (process.env.CS ?? '1,16').split(',').map(Number)) {
      for (const k of Object.keys(tally)) delete tally[k];
      const res = await measureAlternating(n, c, Math.max(16, c * 2), ops.map(([, f]) => (i: number) => f(i + c * 100000)));
      console.log(`alternating c=${c}`);
      res.forEach((r, k) => console.log(`  ${ops[k][0]}: p50 ${r.p50} p99 ${r.p99} ops ${r.opsPerSecond} (x raw 2-item tx ${(r.opsPerSecond / res[0].opsPerSecond).toFixed(2)}; p50 x ${(r.p50 / res[0].p50).toFixed(2)})`));
      for (const [op, e] of Object.entries(tally)) console.log(`     ${op}: ${e.calls} calls, ${(e.ms / e.calls).toFixed(1)} ms avg, errors ${JSON.stringify(e.errors)}`);
    }
  } finally {
    if (cluster) await cluster.stop();
    else await d.stop();
  }
}
main().catch((e) => { console.error(e); process.exit(1); });
