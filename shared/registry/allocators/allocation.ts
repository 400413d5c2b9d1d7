import type { ObjectStore, SideWrite } from '../../storage/store';

/**
 * Allocation records for unique values (ClusterIPs, NodePorts): one item per value, claimed with
 * a conditional put in the owner's own transaction, so a value is never given out twice and never
 * leaks when the object write fails.
 */
export const allocationPk = (pool: string): string => `a#${pool}`;

/** Claims `value` for `owner`, on the condition that nobody else holds it (the owner may claim again). */
export function claim(pool: string, value: string, owner: string): SideWrite {
  return { put: { pk: allocationPk(pool), sk: value }, attributes: { owner }, condition: { attribute: 'owner', equals: owner, orAbsent: true } };
}

export function release(pool: string, value: string): SideWrite {
  return { delete: { pk: allocationPk(pool), sk: value } };
}

export async function isFree(store: ObjectStore, pool: string, value: string, owner: string): Promise<boolean> {
  const item = await store.sideItem({ pk: allocationPk(pool), sk: value });
  return !item || item.owner === owner;
}

/** Picks a random free value, checking a few candidates; the transaction's condition is the real guard. */
export async function pickFree(
  store: ObjectStore,
  pool: string,
  owner: string,
  random: () => string,
  taken: Set<string> = new Set(),
): Promise<string | undefined> {
  for (let i = 0; i < 32; i++) {
    const value = random();
    if (taken.has(value)) continue;
    if (await isFree(store, pool, value, owner)) return value;
  }
  return undefined;
}
