import { ConflictError, NotFoundError } from '../../api/errors';
import type { Lease, NodeCondition } from '../../api/types';
import { create, get, list, R, systemWrite, update } from '../../controllers/client';
import type { RestContext } from '../../registry/context';
import type { KubeObject } from '../../registry/resource';
import { nowMicroTimestamp } from '../../registry/time';
import { updateObject } from '../../registry/update';
import { healthyConditions, NODE_LEASE_NAMESPACE, nodeLease } from '../simulated/node-object';
import type { EcsNodeSpec } from './capacity';

/**
 * The ECS nodes' kubelet heartbeats: a Node created when its capacity appears, its Lease renewed
 * each round while the capacity is usable, and its Ready condition rewritten every
 * `statusUpdateSeconds` (or at once when it is not Ready). Unusable capacity stops renewing, so the
 * node lifecycle controller marks it NotReady as for any silent kubelet.
 */
export class EcsHeartbeats {
  private readonly leases = new Map<string, KubeObject>();
  private readonly postedAt = new Map<string, number>();

  constructor(private readonly ctx: RestContext, private readonly o: { leaseDurationSeconds: number; statusUpdateSeconds: number }) {}

  async beat(specs: EcsNodeSpec[], now = new Date()): Promise<void> {
    const nodes = new Map((await list(this.ctx, R.nodes)).map((n) => [String(n.metadata.name), n]));
    for (const s of specs) {
      const name = String(s.node.metadata?.name);
      let node = nodes.get(name);
      if (!node && s.usable) {
        node = (await create(this.ctx, R.nodes, undefined, s.node)) ?? (await get(this.ctx, R.nodes, undefined, name));
        this.postedAt.set(name, now.getTime());
      }
      if (!node || !s.usable) continue;
      await this.renewLease(name, node.metadata.uid as string | undefined, now);
      const ready = ((node.status as { conditions?: NodeCondition[] } | undefined)?.conditions ?? []).find((c) => c.type === 'Ready')?.status;
      if (ready !== 'True' || now.getTime() - (this.postedAt.get(name) ?? 0) >= this.o.statusUpdateSeconds * 1000) await this.postStatus(name, now);
    }
  }

  private async renewLease(name: string, uid: string | undefined, now: Date): Promise<void> {
    const renewed = (lease: KubeObject): KubeObject => ({
      ...lease,
      spec: { ...(lease.spec as Lease['spec']), holderIdentity: name, leaseDurationSeconds: this.o.leaseDurationSeconds, renewTime: nowMicroTimestamp(now) },
    });
    const cached = this.leases.get(name);
    if (cached) {
      try {
        this.leases.set(name, await update(this.ctx, R.leases, renewed(cached)));
        return;
      } catch (err) {
        if (!(err instanceof ConflictError) && !(err instanceof NotFoundError)) throw err;
      }
    }
    const current = await get(this.ctx, R.leases, NODE_LEASE_NAMESPACE, name);
    const written = current
      ? await update(this.ctx, R.leases, renewed(current))
      : await create(this.ctx, R.leases, NODE_LEASE_NAMESPACE, nodeLease(name, uid, this.o.leaseDurationSeconds, now));
    if (written) this.leases.set(name, written);
  }

  private async postStatus(name: string, now: Date): Promise<void> {
    try {
      await updateObject(this.ctx, R.nodes, undefined, name, 'status', (node) => {
        const status = (node.status ?? {}) as { conditions?: NodeCondition[] };
        return { ...node, status: { ...status, conditions: healthyConditions(status.conditions, now) } };
      }, systemWrite(this.ctx));
      this.postedAt.set(name, now.getTime());
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
    }
  }
}
