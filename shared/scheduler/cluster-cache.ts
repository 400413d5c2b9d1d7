import type { Node, Pod } from '../api/types';
import type { Stored } from '../controllers/client';
import type { RestContext } from '../registry/context';
import { viewOf } from '../registry/resource';
import { listCacheOf } from '../storage/list-cache';

/**
 * Every node and every pod as a pass decides on them: each read exactly as of a revision (a list's
 * answer at that revision), moved forward from the previous pass's by the changes since, where a
 * list would read every pod again for each pass.
 */
export async function readCluster(ctx: RestContext): Promise<{ nodes: Stored<Node>[]; pods: Stored<Pod>[] }> {
  const [nodes, pods] = await Promise.all([listCacheOf(ctx.store, 'scheduler', 'nodes').read(), listCacheOf(ctx.store, 'scheduler', 'pods').read()]);
  return { nodes: nodes.items.map((o) => viewOf<Node>(o)), pods: pods.items.map((o) => viewOf<Pod>(o)) };
}
