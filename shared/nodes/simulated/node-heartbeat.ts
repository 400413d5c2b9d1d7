import { ConflictError, NotFoundError } from '../../api/errors';
import type { Lease, NodeCondition } from '../../api/types';
import { create, get, list, R, systemWrite, update } from '../../controllers/client';
import type { RestContext } from '../../registry/context';
import type { KubeObject } from '../../registry/resource';
import { nowMicroTimestamp } from '../../registry/time';
import { updateObject } from '../../registry/update';
import { forEachLimit } from '../../concurrency';
import { PodIpPool } from './ip-pool';
import { healthyConditions, heartbeatStopped, NODE_LEASE_NAMESPACE, NodeCapacity, nodeInternalIP, nodeLease, nodePodCIDR, simulatedNode } from './node-object';

export interface NodeState {
  name: string;
  index: number;
  hostIP: string;
  pool: PodIpPool;
  /** The Node object exists (a deleted node is not re-registered, as a running kubelet's is not). */
  present: boolean;
  /** Annotated `skiff.dev/heartbeat=stopped`: its kubelet is down (no lease, no status, no pods). */
  stopped: boolean;
  uid?: string;
  statusPostedAt: number;
}

export interface HeartbeatOptions {
  ctx: RestContext;
  names: { name: string; index: number }[];
  capacity: NodeCapacity;
  leaseDurationSeconds: number;
  statusUpdateSeconds: number;
  concurrency: number;
}


/**
 * The node half of the simulated kubelets: registration, Lease renewal and the periodic status
 * update (the Ready condition's heartbeat), for every simulated node at once.
 */
export class NodeHeartbeats {
  readonly states = new Map<string, NodeState>();
  /** Each node's Lease as last written, so a renewal needs no read unless someone else wrote it. */
  private readonly leases = new Map<string, KubeObject>();

  constructor(private readonly o: HeartbeatOptions) {
    for (const { name, index } of o.names) {
      this.states.set(name, { name, index, hostIP: nodeInternalIP(index), pool: new PodIpPool(nodePodCIDR(index)), present: false, stopped: false, statusPostedAt: 0 });
    }
  }

  /** Creates missing Nodes and Leases (one list of each first); a node that exists is kept as it is. */
  async register(): Promise<void> {
    const { ctx } = this.o;
    const nodes = new Map((await list(ctx, R.nodes)).map((n) => [String(n.metadata.name), n]));
    const leases = new Map((await list(ctx, R.leases, NODE_LEASE_NAMESPACE)).map((l) => [String(l.metadata.name), l]));
    await forEachLimit([...this.states.values()], this.o.concurrency, async (state) => {
      const now = new Date();
      let node = nodes.get(state.name);
      if (!node) {
        node = (await create(ctx, R.nodes, undefined, simulatedNode(state.name, state.index, this.o.capacity, now))) ?? (await get(ctx, R.nodes, undefined, state.name));
        state.statusPostedAt = now.getTime();
      }
      this.observe(state, node);
      const lease = leases.get(state.name);
      if (lease) this.leases.set(state.name, lease);
      else if (node && !state.stopped) await this.renewLease(state, now);
    });
  }

  /** One heartbeat round: one list of nodes, then each live node's Lease and, when due, its status. */
  async beatAll(): Promise<void> {
    const listed = new Map((await list(this.o.ctx, R.nodes)).map((n) => [String(n.metadata.name), n]));
    await forEachLimit([...this.states.values()], this.o.concurrency, async (state) => {
      const node = listed.get(state.name);
      this.observe(state, node);
      if (!node || state.stopped) return;
      const now = new Date();
      await this.renewLease(state, now);
      const due = now.getTime() - state.statusPostedAt >= this.o.statusUpdateSeconds * 1000;
      if (due || readyStatus(node) !== 'True') await this.postStatus(state, now);
    });
  }

  /** Re-reads one node (its annotation may have changed); a live node that is not Ready posts at once. */
  async beatOne(name: string): Promise<void> {
    const state = this.states.get(name);
    if (!state) return;
    const node = await get(this.o.ctx, R.nodes, undefined, name);
    this.observe(state, node);
    if (!node || state.stopped || readyStatus(node) === 'True') return;
    const now = new Date();
    await this.renewLease(state, now);
    await this.postStatus(state, now);
  }

  private observe(state: NodeState, node: KubeObject | undefined): void {
    state.present = !!node;
    if (!node) return;
    state.stopped = heartbeatStopped(node as { metadata: { annotations?: Record<string, string> } });
    state.uid = node.metadata.uid as string | undefined;
  }

  private async renewLease(state: NodeState, now: Date): Promise<void> {
    const { ctx } = this.o;
    const renewed = (lease: KubeObject): KubeObject => ({
      ...lease,
      spec: { ...(lease.spec as Lease['spec']), holderIdentity: state.name, leaseDurationSeconds: this.o.leaseDurationSeconds, renewTime: nowMicroTimestamp(now) },
    });
    const cached = this.leases.get(state.name);
    if (cached) {
      try {
        this.leases.set(state.name, await update(ctx, R.leases, renewed(cached)));
        return;
      } catch (err) {
        if (!(err instanceof ConflictError) && !(err instanceof NotFoundError)) throw err;
      }
    }
    const current = await get(ctx, R.leases, NODE_LEASE_NAMESPACE, state.name);
    const written = current
      ? await update(ctx, R.leases, renewed(current))
      : await create(ctx, R.leases, NODE_LEASE_NAMESPACE, nodeLease(state.name, state.uid, this.o.leaseDurationSeconds, now));
    if (written) this.leases.set(state.name, written);
    else this.leases.delete(state.name);
  }

  private async postStatus(state: NodeState, now: Date): Promise<void> {
    try {
      await updateObject(
        this.o.ctx,
        R.nodes,
        undefined,
        state.name,
        'status',
        (node) => {
          const status = (node.status ?? {}) as { conditions?: NodeCondition[] };
          return { ...node, status: { ...status, conditions: healthyConditions(status.conditions, now) } };
        },
        systemWrite(this.o.ctx),
      );
      state.statusPostedAt = now.getTime();
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
      state.present = false;
    }
  }
}

function readyStatus(node: KubeObject): string | undefined {
  return ((node.status as { conditions?: NodeCondition[] } | undefined)?.conditions ?? []).find((c) => c.type === 'Ready')?.status;
}
