import type { RestContext } from '../../registry/context';
import { create, current, R, remove, update } from '../client';
import { Controller } from '../controller';
import { removalsOf, objectsOfAny } from '../workloads/routing';
import { EndpointsAction, planEndpoints } from './endpoints-plan';
import { allSettled, routeToNamespace, servicesAndPods } from './routing';
import { namespacesToResync } from './resync';

const NAME = 'endpoints';

/**
 * Upstream's endpoints controller: every service with a selector has an Endpoints of the same name
 * listing its pods. Keys name a namespace; its reconcile lists the namespace's services, pods and
 * Endpoints once and converges each service (and deletes our Endpoints whose service is gone).
 */
export const endpointsController: Controller = {
  name: NAME,
  filters: [objectsOfAny(['services', 'pods']), removalsOf('endpoints')],
  route: (record, key) => routeToNamespace(record, key, NAME),
  async reconcile(ctx, key) {
    const namespace = String(key.namespace);
    const { services, pods } = await servicesAndPods(ctx, namespace);
    const existing = new Map((await current(ctx, R.endpoints, namespace)).map((e) => [String(e.metadata?.name), e]));
    const names = new Set([...services.map((s) => String(s.metadata?.name)), ...existing.keys()]);
    const byName = new Map(services.map((s) => [String(s.metadata?.name), s]));
    await allSettled([...names].map((name) => () => apply(ctx, namespace, planEndpoints(byName.get(name), pods, existing.get(name)))));
    return {};
  },
  resync: (ctx) => namespacesToResync(ctx, R.endpoints, NAME),
};

async function apply(ctx: RestContext, namespace: string, step: EndpointsAction): Promise<void> {
  if (step.action === 'none') return;
  const obj = step.endpoints;
  if (step.action === 'create') await create(ctx, R.endpoints, namespace, obj);
  else if (step.action === 'update') await update(ctx, R.endpoints, obj);
  else await remove(ctx, R.endpoints, obj);
}
