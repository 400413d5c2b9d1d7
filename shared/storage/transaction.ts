import type { AttributeValue, TransactionCanceledException, TransactWriteItem } from '@aws-sdk/client-dynamodb';

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
