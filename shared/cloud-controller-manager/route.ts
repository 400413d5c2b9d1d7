import type { Node } from '../api/types';
import { get, list, R, systemWrite } from '../controllers/client';
import { Controller, objectsOf } from '../controllers/controller';
import { updateObject } from '../registry/update';
import { isEc2Node } from './node-plan';
import { networkConditions } from './route-plan';

const NAME = 'cloud-route';

/**
 * upstream's route controller on awsvpc: no routes to create (each task's IP is a VPC address), so
 * it only reports what upstream reports once a node's routes exist, NetworkUnavailable=False. It
 * makes no AWS calls. A node kind with a pod CIDR would make this the place for VPC route table
 * entries (see docs/cloud-controller-manager.md).
 */
export function routeController(now: () => Date = () => new Date()): Controller {
  return {
    name: NAME,
    filters: [objectsOf('nodes')],
    route: (record, key) => (key && record.eventName !== 'REMOVE' ? [{ resource: 'nodes', name: key.name, controller: NAME }] : []),
    async reconcile(ctx, key) {
      const node = (await get(ctx, R.nodes, undefined, key.name)) as Node | undefined;
      if (!node || !networkConditions(node, now())) return {};
      await updateObject(
        ctx,
        R.nodes,
        undefined,
        key.name,
        'status',
        (cur) => {
          const conditions = networkConditions(cur as Node, now());
          return conditions ? { ...cur, status: { ...(cur as Node).status, conditions } } : cur;
        },
        { ...systemWrite(ctx), pinned: false },
      );
      return {};
    },
    async resync(ctx) {
      return ((await list(ctx, R.nodes)) as Node[]).filter(isEc2Node).map((n) => ({ resource: 'nodes', name: String(n.metadata?.name), controller: NAME }));
    },
  };
}
