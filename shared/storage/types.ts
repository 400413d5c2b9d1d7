import type { NamespaceGuard } from './namespace-guard';
import type { SideWrite } from './side-items';

/** The part of an object the store reads; everything else is opaque JSON. */
export interface StoredObject {
  metadata: { name?: string; namespace?: string; resourceVersion?: string; [k: string]: unknown };
  [k: string]: unknown;
}

export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface Change {
  rev: number;
  type: ChangeType;
  object: StoredObject;
}

export interface GapRecord {
  rev: number;
  type: 'GAP';
}

/** What a write expects of the stored object: that there is none, or that it is at a revision. */
export type Expectation = { kind: 'absent' } | { kind: 'rev'; rev: string };

/** One write of a commit: a create (expect absent), an update or a delete at a revision. */
export interface BatchWrite {
  resource: string;
  type: ChangeType;
  obj: StoredObject;
  expect: Expectation;
}

export interface BatchExtras {
  guards?: NamespaceGuard[];
  /** Items that must commit or fail with the writes (a ClusterIP or NodePort allocation, a node guard). */
  sideWrites?: SideWrite[];
}

export type BatchOutcome = { committed: StoredObject[] } | { failed: 'write' | 'guard' | 'side'; index: number };

/** What else a single write carries in its transaction: the namespace guard, side writes, other objects' writes. */
export interface WriteExtras {
  guard?: NamespaceGuard;
  sideWrites?: SideWrite[];
  /** Writes of other objects that commit with this one or not at all (a ResourceQuota's raised usage on a create). */
  companions?: BatchWrite[];
}
