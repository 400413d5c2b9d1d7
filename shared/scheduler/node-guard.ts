import type { ObjectStore, SideWrite } from '../storage/store';

/**
 * A binding counter per node (pk `a#nodebind`), read with the snapshot and bumped in each binding's
 * transaction on the condition that it still has the value the snapshot saw. Two scheduler
 * invocations deciding from different snapshots can therefore never both bind onto the same node:
 * the second one's condition fails, it re-reads, and decides again with the first one's pods in view.
 */
const PK = 'a#nodebind';

export async function readNodeGuards(store: ObjectStore): Promise<Map<string, number>> {
  const guards = new Map<string, number>();
  for (const item of await store.sideItems(PK)) guards.set(item.sk, Number(item.attributes.v));
  return guards;
}

/** The guard moved on by `count` bindings, on the condition that it is still at `expected` (or, at 0, not there yet). */
export function bumpNodeGuard(node: string, expected: number, count = 1): SideWrite {
  return { put: { pk: PK, sk: node }, attributes: { v: expected + count }, condition: { attribute: 'v', equals: expected, orAbsent: expected === 0 } };
}
