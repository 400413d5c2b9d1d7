import { decodeBody } from './codec';
import { objectSk } from './keys';
import type { StoredObject } from './types';

/** Bounds of what one process remembers: a few thousand objects, at most 16 MiB of deflated bodies. */
const MAX_ENTRIES = 8192;
const MAX_BYTES = 16 * 1024 * 1024;
/**
 * Kinds never kept: events are written once (the recorder never updates one) and come several to
 * a pod, so kept they pushed out the objects that are changed again (5,000 pods at once wrote some
 * 30,000 events, and each pod's status write read it again for want of its copy).
 */
const WRITTEN_ONCE = new Set(['events', 'events.events.k8s.io']);

/**
 * The deflated body of each object this process last read or committed, newest kept. It is never
 * an answer to a read: only a guess at the current object for a read-modify-write, whose commit is
 * conditional on the guessed resourceVersion and which reads the object again whenever the guess
 * did not commit (upstream's GuaranteedUpdate with the watch cache's object, docs/storage.md).
 */
export class RecentObjects {
  private readonly bodies = new Map<string, { rev: number; body: Uint8Array }>();
  private bytes = 0;

  constructor(
    private readonly maxEntries = MAX_ENTRIES,
    private readonly maxBytes = MAX_BYTES,
  ) {}

  /** A fresh copy of the object as this process last saw it, or undefined. */
  get(resource: string, namespace: string | undefined, name: string): StoredObject | undefined {
    const entry = this.bodies.get(key(resource, namespace, name));
    return entry ? decodeBody<StoredObject>(entry.body) : undefined;
  }

  /** Keeps the body read or committed at `rev`, unless a newer one is kept (a read that returned after a commit). */
  remember(resource: string, namespace: string | undefined, name: string, rev: number, body: Uint8Array): void {
    if (WRITTEN_ONCE.has(resource)) return;
    const k = key(resource, namespace, name);
    if ((this.bodies.get(k)?.rev ?? 0) > rev) return;
    this.drop(k);
    if (body.byteLength > this.maxBytes) return;
    // A copy of exactly its own bytes: the body handed in may be a view of a larger buffer (zlib's
    // output chunk, the SDK's response), which keeping the view would keep whole.
    this.bodies.set(k, { rev, body: new Uint8Array(body) });
    this.bytes += body.byteLength;
    while (this.bodies.size > this.maxEntries || this.bytes > this.maxBytes) {
      const oldest = this.bodies.keys().next().value as string;
      this.drop(oldest);
    }
  }

  forget(resource: string, namespace: string | undefined, name: string): void {
    this.drop(key(resource, namespace, name));
  }

  get size(): number {
    return this.bodies.size;
  }

  /** The bytes of the buffers kept (each body's own, as copied). */
  get retainedBytes(): number {
    let total = 0;
    for (const { body } of this.bodies.values()) total += body.buffer.byteLength;
    return total;
  }

  private drop(k: string): void {
    const old = this.bodies.get(k);
    if (!old) return;
    this.bytes -= old.body.byteLength;
    this.bodies.delete(k);
  }
}

function key(resource: string, namespace: string | undefined, name: string): string {
  return `${resource}\u0000${objectSk(namespace, name)}`;
}
