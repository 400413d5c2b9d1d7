import type { ObjectStore } from '../storage/store';

/** The admin token's digest lives in the table (pk `c#auth`), never the token itself. */
const KEY = { pk: 'c#auth', sk: 'admin' };

export async function storedTokenHash(store: ObjectStore): Promise<string | undefined> {
  const hash = (await store.sideItem(KEY))?.hash;
  return typeof hash === 'string' ? hash : undefined;
}

export async function storeTokenHash(store: ObjectStore, hash: string): Promise<void> {
  await store.writeSideItem({ put: KEY, attributes: { hash } });
}
