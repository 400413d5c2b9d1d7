import { namespacePrefix, objectSk } from './keys';
import type { ObjectStore } from './store';
import type { StoredObject } from './types';

/**
 * Every object of one resource, kept as of a revision the way upstream's reflector keeps an
 * informer's cache: listed once, then moved forward with the change log's records after that
 * revision up to the revision resolved now, each applied in revision order, so every answer is the
 * exact state at a resolved revision, as a list would read it there. A log that no
 * longer holds the next revision (compacted past it) or a catch-up of more records than the
 * objects held (a list would read less) starts it over from a list. For readers that decide on every object each time (the scheduler's snapshot),
 * where a list reads them all again however few changed.
 *
 * Each object is held as its JSON text, a fraction of the memory of the parsed object, and parsed
 * afresh for each answer: every reader owns what it is given.
 */
export class ListCache {
  private objects: Map<string, string> | undefined;
  private rev = 0;
  private last: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: ObjectStore,
    private readonly resource: string,
  ) {}

  /**
   * Every object (of `namespace`, when given) as of the revision resolved now, in a list's order
   * (by namespace, then name), and that revision.
   */
  read(namespace?: string): Promise<{ items: StoredObject[]; resourceVersion: number }> {
    // One read at a time: a catch-up interleaved with another reader's relist would move the
    // revision held on by records applied to the map that relist replaced.
    const next = this.last.then(() => this.readNow(namespace));
    this.last = next.catch(() => undefined);
    return next;
  }

  private async readNow(namespace: string | undefined): Promise<{ items: StoredObject[]; resourceVersion: number }> {
    if (!this.objects || !(await this.catchUp(this.objects))) await this.relist();
    const prefix = namespace === undefined ? '' : namespacePrefix(namespace);
    const entries = [...(this.objects as Map<string, string>)].filter(([key]) => key.startsWith(prefix)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return { items: entries.map(([, json]) => JSON.parse(json) as StoredObject), resourceVersion: this.rev };
  }

  private async relist(): Promise<void> {
    const page = await this.store.list(this.resource, undefined);
    this.objects = new Map(page.items.map((o) => [keyOf(o), JSON.stringify(o)]));
    this.rev = page.resourceVersion;
  }

  /**
   * Applies the log from the revision held up to the revision resolved now (every write below it
   * committed or a gap, as a list's); false when only a list can bring it up to date.
   */
  private async catchUp(objects: Map<string, string>): Promise<boolean> {
    const upTo = await this.store.revisions.resolve(this.resource);
    if (upTo === this.rev) return true;
    // A record holds an object: a catch-up of more records than the objects held reads more than a
    // list. Every revision is one record (a change or a gap), so the distance tells before reading.
    const most = objects.size;
    if (upTo - this.rev > most) return false;
    const records = await this.store.history(this.resource, this.rev, upTo, most + 1);
    if (records.length > most) return false;
    for (const record of records) {
      // Every revision is a record, a change or a gap: one missing means the log was compacted.
      if (record.rev !== this.rev + 1) return false;
      this.rev = record.rev;
      if (record.type === 'GAP') continue;
      const key = keyOf(record.object);
      if (record.type === 'DELETED') objects.delete(key);
      else objects.set(key, JSON.stringify(record.object));
    }
    return this.rev === upTo;
  }
}

const keyOf = (o: StoredObject): string => objectSk(o.metadata.namespace, o.metadata.name ?? '');

/** Per store (one per process), per reader and resource, the one cache that reader keeps. */
const caches = new WeakMap<ObjectStore, Map<string, ListCache>>();

/**
 * The cache `reader` keeps of `resource` in this process. Readers keep their own, as they would in
 * their own Lambda functions: one reader's reads never move another's cache.
 */
export function listCacheOf(store: ObjectStore, reader: string, resource: string): ListCache {
  let held = caches.get(store);
  if (!held) {
    held = new Map();
    caches.set(store, held);
  }
  const key = `${reader}/${resource}`;
  let cache = held.get(key);
  if (!cache) {
    cache = new ListCache(store, resource);
    held.set(key, cache);
  }
  return cache;
}
