import type { AttributeValue, TransactionCanceledException, TransactWriteItem } from '@aws-sdk/client-dynamodb';
import type { ChangeType } from './types';

/** DynamoDB's limit on the items of one TransactWriteItems. */
export const MAX_TRANSACTION_ITEMS = 100;

/**
 * The most items one write can take in a commit: its object and change record, and for a create
 * or delete the key's tombstone (shared/storage/write-items.ts). A commit adds one revision-counter
 * item per resource it writes to (counterItem), which callers packing batches must leave room for.
 */
export function itemsPerWrite(type: ChangeType): number {
  return type === 'MODIFIED' ? 2 : 3;
}

/**
 * What each item of a commit's transaction is for, so a cancellation names its cause by role
 * rather than by position: the revision counter of a resource, a write's object, change record or
 * tombstone, a namespace guard, a side write.
 */
export type Slot =
  | { role: 'counter'; resource: string }
  | { role: 'object' | 'change' | 'tombstone'; write: number }
  | { role: 'guard' | 'side'; index: number };

export interface SlotFailure {
  slot: Slot;
  /** The item as stored when its condition failed, where the slot asked for it. */
  item?: Record<string, AttributeValue>;
}

/** A TransactWriteItems under construction, each item filed under its slot. */
export class Transaction {
  readonly items: TransactWriteItem[] = [];
  private readonly slots: Slot[] = [];

  add(slot: Slot, item: TransactWriteItem): void {
    this.slots.push(slot);
    this.items.push(item);
  }

  /** The slots whose condition failed, in transaction order; empty for a conflict with another writer. */
  failures(err: TransactionCanceledException): SlotFailure[] {
    const failed: SlotFailure[] = [];
    (err.CancellationReasons ?? []).forEach((reason, i) => {
      if (reason.Code === 'ConditionalCheckFailed' && this.slots[i]) failed.push({ slot: this.slots[i], item: reason.Item });
    });
    return failed;
  }
}
