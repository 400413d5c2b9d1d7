import { create, current, R, remove, update } from '../client';
import { Controller } from '../controller';
import { objectsOfAny, removalsOf } from '../workloads/routing';
import { isManagedSliceOf, MANAGED_BY, CONTROLLER_NAME, planEndpointSlices, SERVICE_NAME } from './endpointslice-plan';
import { allSettled, routeToNamespace, servicesAndPods } from './routing';
import { namespacesToResync } from './resync';

const NAME = 'endpointslice';

/**
 * Upstream's EndpointSlice controller: the endpoints of every service with a selector, in
 * EndpointSlices it owns (`<service>-<random>`, labelled with the service name and managed-by).
 * Keys name a namespace, as for the Endpoints controller.
 */
export const endpointSliceController: Controller = {
  name: NAME,
  filters: [objectsOfAny(['services', 'pods']), removalsOf('endpointslices.discovery.k8s.io')],
  route: (record, key) => routeToNamespace(record, key, NAME),
  async reconcile(ctx, key) {
    const namespace = String(key.namespace);
    const { services, pods } = await servicesAndPods(ctx, namespace);
    const slices = (await current(ctx, R.endpointslices, namespace)).filter((s) => s.metadata?.labels?.[MANAGED_BY] === CONTROLLER_NAME);
    const names = new Set([...services.map((s) => String(s.metadata?.name)), ...slices.map((s) => String(s.metadata?.labels?.[SERVICE_NAME]))]);
    const byName = new Map(services.map((s) => [String(s.metadata?.name), s]));
    const steps = [...names].map((name) => async () => {
      const plan = planEndpointSlices(byName.get(name), pods, slices.filter((s) => isManagedSliceOf(s, name)));
      await allSettled([
        ...plan.update.map((s) => () => update(ctx, R.endpointslices, s).then(() => undefined)),
        ...plan.create.map((s) => () => create(ctx, R.endpointslices, namespace, s).then(() => undefined)),
        ...plan.delete.map((s) => () => remove(ctx, R.endpointslices, s)),
      ]);
    });
    await allSettled(steps);
    return {};
  },
  resync: (ctx) => namespacesToResync(ctx, R.endpointslices, NAME),
};

