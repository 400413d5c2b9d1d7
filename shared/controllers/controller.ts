import type { DynamoDBRecord } from 'aws-lambda';
import type { RestContext } from '../registry/context';
import type { FilterPattern } from '../runtime/filters';
import { TerminalError } from '../runtime/outcome';
import { isPermanentError } from '../runtime/permanent';
import type { ReconcileResult, WorkKey } from '../runtime/work';

/**
 * One controller of the controller-manager: which stream records concern it, how a record maps to
 * the keys it reconciles, and a level-triggered reconcile that re-reads state and converges.
 */
export interface Controller {
  name: string;
  filters: FilterPattern[];
  /** Keys to reconcile for a record (already known to match one of `filters`). */
  route(record: DynamoDBRecord, key: WorkKey | undefined): WorkKey[];
  reconcile(ctx: RestContext, key: WorkKey): Promise<ReconcileResult>;
  /**
   * Keys of one batch that are better reconciled together (their group names them, such as a
   * namespace whose pods they all read): `reconcileGroup` gets them at once, in place of
   * `reconcile` for each, and answers for each key in order.
   */
  groupOf?(key: WorkKey): string | undefined;
  reconcileGroup?(ctx: RestContext, keys: WorkKey[]): Promise<ReconcileResult[]>;
  /** Keys to reconcile on a periodic resync. */
  resync?(ctx: RestContext): Promise<WorkKey[]>;
}

/** A filter for stream records of objects of one resource. */
export const objectsOf = (resource: string): FilterPattern => ({ dynamodb: { Keys: { pk: { S: [`o#${resource}`] } } } });

/**
 * A group's items decided one after another, each alone (`reconcileGroup`'s answer, in order): a
 * failure fails the group (every key is retried, and a retry decides again on what it reads), but
 * only after every other item was decided; a retryable failure is the one thrown when there is
 * one, since a terminal one would end every key of the group.
 */
export async function reconcileEach<T>(items: readonly T[], decide: (item: T) => Promise<ReconcileResult>): Promise<ReconcileResult[]> {
  const results: ReconcileResult[] = [];
  const failures: unknown[] = [];
  for (const item of items) {
    try {
      results.push(await decide(item));
    } catch (err) {
      failures.push(err);
      results.push({});
    }
  }
  if (failures.length > 0) throw failures.find((err) => !(err instanceof TerminalError) && !isPermanentError(err)) ?? failures[0];
  return results;
}
