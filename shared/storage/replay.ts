import { objectSk } from './keys';
import type { Change, StoredObject } from './types';

/** Brings a page read at mixed revisions to the state at the newest change. */
export function replay(
  items: StoredObject[],
  changes: Change[],
  namespace: string | undefined,
  opts: { after?: string; limit?: number; accept?: (o: StoredObject) => boolean },
): StoredObject[] {
  const byKey = new Map(items.map((o) => [objectSk(o.metadata.namespace, o.metadata.name ?? ''), o]));
  const last = opts.limit && items.length > 0 ? objectSk(items[items.length - 1].metadata.namespace, items[items.length - 1].metadata.name ?? '') : undefined;
  for (const change of changes) {
    const o = change.object;
    const key = objectSk(o.metadata.namespace, o.metadata.name ?? '');
    if (namespace !== undefined && o.metadata.namespace !== namespace) continue;
    if (opts.after !== undefined && key <= opts.after) continue;
    if (last !== undefined && key > last) continue;
    const current = byKey.get(key);
    if (current && Number(current.metadata.resourceVersion) >= change.rev) continue;
    if (change.type === 'DELETED' || (opts.accept && !opts.accept(o))) byKey.delete(key);
    else byKey.set(key, o);
  }
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, o]) => o);
}
