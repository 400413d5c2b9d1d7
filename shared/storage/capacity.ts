import { ConsumedCapacity, DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** Read and write units consumed, by operation, as DynamoDB reports them. */
export interface CapacityTally {
  read: number;
  write: number;
  byOperation: Record<string, { calls: number; units: number }>;
  /** The same units by operation and the items it named (`Query o#pods`), when the tally asks for them (the benchmarks). */
  byItems?: Record<string, { calls: number; units: number }>;
  /** Calls made while this answers true are not counted (a benchmark's own polling). */
  ignore?: () => boolean;
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
      if (tally.ignore?.()) return result;
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
      if (tally.byItems) {
        const items = (tally.byItems[`${op.replace(/Command$/, '')} ${itemsNamed(args.input)}`] ??= { calls: 0, units: 0 });
        items.calls++;
        items.units += units;
      }
      return result;
    },
    { step: 'initialize', name: 'skiffCapacityCounter' },
  );
}

type Attrs = Record<string, { S?: string }>;
interface CallInput {
  Key?: Attrs;
  Item?: Attrs;
  ExpressionAttributeValues?: Attrs;
  TransactItems?: Record<string, { Key?: Attrs; Item?: Attrs }>[];
  RequestItems?: Record<string, unknown>;
}

/** The partitions a call names (`o#pods`, a transaction's sorted `l#pods+o#pods+r#pods`): what it read or wrote. */
function itemsNamed(input: unknown): string {
  const i = input as CallInput;
  const pk = (a?: Attrs) => a?.pk?.S ?? '?';
  if (i.Key) return pk(i.Key);
  if (i.Item) return pk(i.Item);
  if (i.TransactItems) return [...new Set(i.TransactItems.map((t) => pk(Object.values(t)[0]?.Key ?? Object.values(t)[0]?.Item)))].sort().join('+');
  if (i.ExpressionAttributeValues) {
    const partitions = Object.values(i.ExpressionAttributeValues).map((v) => v.S ?? '').filter((v) => /^[a-z]#/.test(v));
    return partitions.join('+') || '?';
  }
  return i.RequestItems ? 'batch' : '?';
}
