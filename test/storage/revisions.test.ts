import { DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { Revisions } from '../../shared/storage/revisions';
import { freshTable } from '../support/dynamo';

/** Counts the counter increments a client sends, per resource counter key. */
function countIncrements(client: DynamoDBClient): Map<string, number> {
  const calls = new Map<string, number>();
  const send = client.send.bind(client);
  jest.spyOn(client, 'send').mockImplementation(((command: unknown) => {
    if (command instanceof UpdateItemCommand && command.input.UpdateExpression?.startsWith('ADD rev')) {
      const key = String(command.input.Key?.pk?.S);
      calls.set(key, (calls.get(key) ?? 0) + 1);
    }
    return send(command as never);
  }) as never);
  return calls;
}

describe('Revisions.allocate', () => {
  let client: DynamoDBClient;
  let revisions: Revisions;

  beforeEach(async () => {
    const t = await freshTable();
    client = t.client;
    revisions = new Revisions(client, t.table, { gapTimeoutMs: 200, retentionSeconds: 3600 });
  });

  afterEach(() => jest.restoreAllMocks());

  it('gives concurrent takes of one resource disjoint blocks from one increment per round trip', async () => {
    const calls = countIncrements(client);
    const counts = [1, 3, 1, 2, 1, 1, 5, 1, 1, 1, 2, 1, 1, 1, 1, 1, 4, 1, 1, 1];
    const lasts = await Promise.all(counts.map((n) => revisions.allocate('configmaps', n)));
    const taken = lasts.flatMap((last, i) => Array.from({ length: counts[i] }, (_, k) => last - counts[i] + 1 + k));
    const total = counts.reduce((a, b) => a + b, 0);
    expect([...taken].sort((a, b) => a - b)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    // The first take goes out alone; the nineteen asked while it was in flight share the next.
    expect(calls.get('r#configmaps')).toBe(2);
    expect(revisions.seen('configmaps')).toBe(total);
    expect(await revisions.allocate('configmaps')).toBe(total + 1);
  });

  it('keeps each resource on its own counter', async () => {
    const calls = countIncrements(client);
    const [a, b, c, d] = await Promise.all([
      revisions.allocate('configmaps'),
      revisions.allocate('secrets'),
      revisions.allocate('configmaps'),
      revisions.allocate('secrets', 2),
    ]);
    expect([a, c, b, d]).toEqual([1, 2, 1, 3]);
    expect(calls.get('r#configmaps')).toBe(2);
    expect(calls.get('r#secrets')).toBe(2);
  });

  it('fails every take of a failed increment and goes on with the takes after it', async () => {
    const send = client.send.bind(client);
    let failed = false;
    jest.spyOn(client, 'send').mockImplementation(((command: unknown) => {
      // The second increment (the one the queued takes share) meets a throttled call.
      if (command instanceof UpdateItemCommand && command.input.ExpressionAttributeValues?.[':n']?.N === '2' && !failed) {
        failed = true;
        return Promise.reject(Object.assign(new Error('Rate of requests exceeds the allowed throughput.'), { name: 'ThrottlingException' }));
      }
      return send(command as never);
    }) as never);
    const first = revisions.allocate('configmaps');
    const queued = [revisions.allocate('configmaps'), revisions.allocate('configmaps')];
    expect(await first).toBe(1);
    for (const q of queued) await expect(q).rejects.toThrow('Rate of requests exceeds the allowed throughput.');
    expect(await revisions.allocate('configmaps')).toBe(2);
  });
});
