import { ConsumedCapacity, DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** Read and write units consumed, by operation, as DynamoDB reports them. */
export interface CapacityTally {
  read: number;
  write: number;
  byOperation: Record<string, { calls: number; units: number }>;
}

const READS = new Set(['GetItemCommand', 'QueryCommand', 'ScanCommand', 'BatchGetItemCommand', 'TransactGetItemsCommand']);

export function emptyTally(): CapacityTally {
  return { read: 0, write: 0, byOperation: {} };
}

/**
 * Asks DynamoDB for ConsumedCapacity on every call of `client` and adds it to `tally`. Transactions
 * are billed at twice the units of plain writes; where the server reports them at the plain rate
 * (DynamoDB Local does), the tally doubles them so figures match AWS's bill.
 */
export function countCapacity(client: DynamoDBClient, tally: CapacityTally, transactionsReportedAtPlainRate = true): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { ReturnConsumedCapacity?: string };
      input.ReturnConsumedCapacity = 'TOTAL';
      const result = await next(args);
      const op = context.commandName ?? 'unknown';
      const raw = (result.output as { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] }).ConsumedCapacity;
      const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
      let units = list.reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
      if (op.startsWith('Transact') && transactionsReportedAtPlainRate) units *= 2;
      if (READS.has(op)) tally.read += units;
      else tally.write += units;
      const entry = (tally.byOperation[op] ??= { calls: 0, units: 0 });
      entry.calls++;
      entry.units += units;
      return result;
    },
    { step: 'initialize', name: 'skiffCapacityCounter' },
  );
}
