import type { Node, Pod } from '../api/types';
import type { Stored } from '../controllers/client';
import type { RestContext } from '../registry/context';
import { viewOf } from '../registry/resource';
import { ListCache } from '../storage/list-cache';
import type { ObjectStore } from '../storage/store';

/** Per store (one per process), the scheduler's nodes and pods, kept current from the change log. */
const caches = new WeakMap<ObjectStore, { nodes: ListCache; pods: ListCache }>();

/**
 * Every node and every pod as a pass decides on them: each read exactly as of a revision (a list's
 * answer at that revision), moved forward from the previous pass's by the changes since, where a
 * list would read every pod again for each pass.
 */
export async function readCluster(ctx: RestContext): Promise<{ nodes: Stored<Node>[]; pods: Stored<Pod>[] }> {
  let held = caches.get(ctx.store);
  if (!held) {
    held = { nodes: new ListCache(ctx.store, 'nodes'), pods: new ListCache(ctx.store, 'pods') };
    caches.set(ctx.store, held);
  }
  const [nodes, pods] = await Promise.all([held.nodes.read(), held.pods.read()]);
  return { nodes: nodes.items.map((o) => viewOf<Node>(o)), pods: pods.items.map((o) => viewOf<Pod>(o)) };
}
