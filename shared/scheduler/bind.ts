import { ConflictError, NotFoundError } from '../api/errors';
import type { Event, Pod } from '../api/types';
import { R } from '../controllers/client';
import { buildEvent } from '../controllers/events';
import { assignNode, bindPodToNode } from '../registry/binding';
import { RestContext } from '../registry/context';
import { storageKey, storedObject } from '../registry/resource';
import { SideWriteFailed } from '../storage/errors';
import { BatchWrite } from '../storage/store';
import { bumpNodeGuard } from './node-guard';

/** Transactions in flight at once. */
const CONCURRENCY = 8;
/** DynamoDB's limit on a transaction's items: two per binding (the pod, its change record), one per node guard. */
const MAX_ITEMS = 100;

export interface BindOutcome {
  /** The Scheduled event of each pod bound. */
  scheduled: Event[];
  /** Another scheduler bound onto a node since the snapshot: its pods must be decided again. */
  retry: boolean;
}

export interface Segment {
  node: string;
  pods: Pod[];
}

/**
 * Binds a pass's plan. A node's pods bind in order, each binding moving the node's guard on from
 * the value the snapshot saw; many nodes' bindings share one transaction, so a pass of thousands of
 * pods costs a hundred or so transactions rather than thousands of read-modify-writes. A
 * transaction that fails (a pod changed since the snapshot, a node bound onto by another scheduler)
 * is redone one pod at a time through pods/binding, which finds out which pod or node it was.
 */
export async function bindPlan(ctx: RestContext, plan: Map<string, Pod[]>, guards: Map<string, number>): Promise<BindOutcome> {
  const chains: Segment[] = [...plan].map(([node, pods]) => ({ node, pods }));
  const versions = new Map(guards);
  const outcome: BindOutcome = { scheduled: [], retry: false };
  let next = 0;
  const worker = async () => {
    // The rest of a chain too long for one transaction stays with its worker, so that the node's
    // guard versions are used in order.
    let carry: Segment | undefined;
    while (carry || next < chains.length) {
      const packed = pack(carry, () => (next < chains.length ? chains[next++] : undefined));
      carry = packed.carry;
      const result = await bindSegments(ctx, packed.segments, versions);
      outcome.scheduled.push(...result.scheduled);
      if (result.stale.size > 0) {
        outcome.retry = true;
        if (carry && result.stale.has(carry.node)) carry = undefined;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, chains.length) }, worker));
  return outcome;
}

/**
 * Fills one transaction: the carried-over rest of a chain first, then whole chains while they fit.
 * A chain that does not fit is split, and its rest is carried to the next transaction.
 */
export function pack(carry: Segment | undefined, nextChain: () => Segment | undefined): { segments: Segment[]; carry?: Segment } {
  const segments: Segment[] = [];
  let room = MAX_ITEMS;
  let chain = carry ?? nextChain();
  while (chain) {
    const fits = Math.min(chain.pods.length, Math.floor((room - 1) / 2));
    if (fits > 0) {
      segments.push({ node: chain.node, pods: chain.pods.slice(0, fits) });
      room -= 1 + 2 * fits;
    }
    if (fits < chain.pods.length) return { segments, carry: { node: chain.node, pods: chain.pods.slice(fits) } };
    if (room < 3) break;
    chain = nextChain();
  }
  return { segments };
}

async function bindSegments(ctx: RestContext, segments: Segment[], versions: Map<string, number>): Promise<{ scheduled: Event[]; stale: Set<string> }> {
  const writes: BatchWrite[] = segments.flatMap((s) => s.pods.map((pod) => bindingWrite(pod, s.node)));
  const outcome = await ctx.store.commitBatch(writes, {
    sideWrites: segments.map((s) => bumpNodeGuard(s.node, versions.get(s.node) ?? 0, s.pods.length)),
  });
  if ('committed' in outcome) {
    for (const s of segments) versions.set(s.node, (versions.get(s.node) ?? 0) + s.pods.length);
    return { scheduled: segments.flatMap((s) => s.pods.map((pod) => scheduledEvent(pod, s.node))), stale: new Set() };
  }
  const scheduled: Event[] = [];
  const stale = new Set<string>();
  for (const s of segments) {
    for (const pod of s.pods) {
      const result = await bindOne(ctx, pod, s.node, versions.get(s.node) ?? 0);
      if (result === 'node-changed') {
        stale.add(s.node);
        break;
      }
      if (result === 'bound') {
        versions.set(s.node, (versions.get(s.node) ?? 0) + 1);
        scheduled.push(scheduledEvent(pod, s.node));
      }
    }
  }
  return { scheduled, stale };
}

/** The pod as pods/binding leaves it, written on the condition that it is still at the revision the snapshot read. */
function bindingWrite(pod: Pod, node: string): BatchWrite {
  const current = storedObject(pod);
  // No managedFields work: a binding records no manager (upstream's neither), and spec.nodeName of a
  // pending pod belongs to nobody, so there is no ownership to move.
  const bound = assignNode(structuredClone(current), node);
  return { resource: storageKey(R.pods), type: 'MODIFIED', obj: bound, expect: { kind: 'rev', rev: String(current.metadata.resourceVersion) } };
}

function scheduledEvent(pod: Pod, node: string): Event {
  const name = `${String(pod.metadata?.namespace)}/${String(pod.metadata?.name)}`;
  return buildEvent(pod, 'Normal', 'Scheduled', `Successfully assigned ${name} to ${node}`, 'default-scheduler');
}

/** One binding through pods/binding (the fallback when a shared transaction failed). */
async function bindOne(ctx: RestContext, pod: Pod, node: string, version: number): Promise<'bound' | 'node-changed' | 'skipped'> {
  try {
    await bindPodToNode(ctx, String(pod.metadata?.namespace), String(pod.metadata?.name), node, {
      expectedResourceVersion: pod.metadata?.resourceVersion,
      sideWrites: [bumpNodeGuard(node, version)],
    });
    return 'bound';
  } catch (err) {
    if (err instanceof SideWriteFailed) return 'node-changed';
    if (err instanceof ConflictError || err instanceof NotFoundError) return 'skipped';
    throw err;
  }
}
