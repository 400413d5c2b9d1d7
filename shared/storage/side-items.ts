import {
  AttributeValue,
  ConditionalCheckFailedException,
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  TransactWriteItem,
} from '@aws-sdk/client-dynamodb';
import { ITEM_PREFIX } from './keys';

/**
 * Side items: the system records that live in the table beside the objects (allocations, the
 * scheduler's node guards, token digests, the signing seed; docs/storage.md, "Items"). Callers name
 * them by partition and sort key and plain attribute values; how they become DynamoDB items and
 * condition expressions stays here, as kine keeps its SQL behind its dialect.
 */
export interface SideKey {
  pk: string;
  sk: string;
}

/** A side item attribute's value: a string, a number or a list of strings. */
export type SideValue = string | number | string[];

export type SideAttributes = Record<string, SideValue>;

export interface SideItem {
  sk: string;
  attributes: SideAttributes;
}

/**
 * What a side write expects of the stored item: that there is none; that an attribute has a value
 * (or, with `orAbsent`, that there is no item); or that there is no item or its numeric attribute is
 * at most `atMost` or above `above`.
 */
export type SideCondition =
  | { absent: true }
  | { attribute: string; equals: SideValue; orAbsent?: boolean }
  | { attribute: string; atMost: number; above: number };

/**
 * A side item put or deleted, on an optional condition: alone, or in a commit's transaction; or,
 * only in a transaction, a condition on a side item that the commit needs to hold (a check).
 */
export type SideWrite =
  | { put: SideKey; attributes: SideAttributes; condition?: SideCondition }
  | { delete: SideKey; condition?: SideCondition }
  | { check: SideKey; condition: SideCondition };

/** Side items may not take the store's own partitions (objects, counters, the log, tombstones) nor its key attributes. */
export function checkSideKey(key: SideKey): void {
  if (Object.values(ITEM_PREFIX).some((p) => key.pk.startsWith(p))) throw new Error(`side item ${key.pk} is in one of the store's own partitions`);
}

function checkAttributes(attributes: SideAttributes): void {
  for (const name of ['pk', 'sk']) if (name in attributes) throw new Error(`a side item's attributes may not set its key (${name})`);
}

export function keyItem(key: SideKey): Record<string, AttributeValue> {
  checkSideKey(key);
  return { pk: { S: key.pk }, sk: { S: key.sk } };
}

function marshal(value: SideValue): AttributeValue {
  if (typeof value === 'number') return { N: String(value) };
  if (Array.isArray(value)) return { L: value.map((s) => ({ S: s })) };
  return { S: value };
}

/** The item's attributes other than its key, as plain values; attributes of other types are left out. */
export function sideAttributes(item: Record<string, AttributeValue>): SideAttributes {
  const out: SideAttributes = {};
  for (const [name, value] of Object.entries(item)) {
    if (name === 'pk' || name === 'sk') continue;
    if (value.S !== undefined) out[name] = value.S;
    else if (value.N !== undefined) out[name] = Number(value.N);
    else if (value.L !== undefined) out[name] = value.L.map((e) => e.S ?? '').filter(Boolean);
  }
  return out;
}

interface Condition {
  ConditionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, AttributeValue>;
}

function condition(c: SideCondition | undefined): Condition {
  if (!c) return {};
  if ('absent' in c) return { ConditionExpression: 'attribute_not_exists(pk)' };
  if ('atMost' in c) {
    return {
      ConditionExpression: 'attribute_not_exists(pk) OR #a <= :lo OR #a > :hi',
      ExpressionAttributeNames: { '#a': c.attribute },
      ExpressionAttributeValues: { ':lo': marshal(c.atMost), ':hi': marshal(c.above) },
    };
  }
  const equals = '#a = :v';
  return {
    ConditionExpression: c.orAbsent ? `attribute_not_exists(pk) OR ${equals}` : equals,
    ExpressionAttributeNames: { '#a': c.attribute },
    ExpressionAttributeValues: { ':v': marshal(c.equals) },
  };
}

/** The write as one item of a TransactWriteItems (or, by its Put or Delete, a single PutItem or DeleteItem). */
export function sideTransactItem(table: string, w: SideWrite): TransactWriteItem {
  if ('delete' in w) return { Delete: { TableName: table, Key: keyItem(w.delete), ...condition(w.condition) } };
  if ('check' in w) {
    // A defined condition always has an expression; ConditionCheck requires one.
    const { ConditionExpression = '', ...values } = condition(w.condition);
    return { ConditionCheck: { TableName: table, Key: keyItem(w.check), ConditionExpression, ...values } };
  }
  checkAttributes(w.attributes);
  const attributes = Object.fromEntries(Object.entries(w.attributes).map(([k, v]) => [k, marshal(v)]));
  return { Put: { TableName: table, Item: { ...keyItem(w.put), ...attributes }, ...condition(w.condition) } };
}

/** The item's attributes, read strongly consistent; undefined when there is none. */
export async function readSideItem(client: DynamoDBClient, table: string, key: SideKey): Promise<SideAttributes | undefined> {
  const out = await client.send(new GetItemCommand({ TableName: table, Key: keyItem(key), ConsistentRead: true }));
  return out.Item ? sideAttributes(out.Item) : undefined;
}

/** Every item of a partition (of the sort keys beginning with `skPrefix`, when given), in sort-key order, read strongly consistent. */
export async function querySideItems(client: DynamoDBClient, table: string, pk: string, skPrefix?: string): Promise<SideItem[]> {
  checkSideKey({ pk, sk: '' });
  const items: SideItem[] = [];
  const values: Record<string, AttributeValue> = { ':pk': { S: pk } };
  if (skPrefix !== undefined) values[':p'] = { S: skPrefix };
  let start: Record<string, AttributeValue> | undefined;
  do {
    const out = await client.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: skPrefix === undefined ? 'pk = :pk' : 'pk = :pk AND begins_with(sk, :p)',
        ExpressionAttributeValues: values,
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    for (const item of out.Items ?? []) items.push({ sk: item.sk?.S ?? '', attributes: sideAttributes(item) });
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

/** Puts or deletes one item on its own; false when its condition failed. */
export async function writeSideItem(client: DynamoDBClient, table: string, w: SideWrite): Promise<boolean> {
  const item = sideTransactItem(table, w);
  try {
    if (item.Put) await client.send(new PutItemCommand(item.Put));
    else if (item.Delete) await client.send(new DeleteItemCommand(item.Delete));
    else throw new Error('a side check holds only inside a commit\'s transaction');
    return true;
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) return false;
    throw err;
  }
}
