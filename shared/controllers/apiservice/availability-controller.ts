import type { APIService, Endpoints, Service } from '../../api/types';
import { nowTimestamp } from '../../registry/time';
import { viewOf } from '../../registry/resource';
import type { WorkKey } from '../../runtime/work';
import { Controller, objectsOf } from '../controller';
import { get, list, resource, updateStatusOf } from '../client';
import { availabilityPlan, discoveryOutcome, LOCAL, withAvailable } from './availability';
import { checkDiscovery } from './discovery-check';

const NAME = 'apiservice-availability';
const API_SERVICES = resource<APIService>('apiregistration.k8s.io', 'v1', 'apiservices');
const SERVICES = resource<Service>('', 'v1', 'services');
const ENDPOINTS = resource<Endpoints>('', 'v1', 'endpoints');
const RESOURCE = 'apiservices.apiregistration.k8s.io';

/**
 * Which APIServices name each Service (`namespace/name`), as the aggregator keeps it: learnt from
 * every APIService this process reconciles, so a Service's or its Endpoints' change re-checks them.
 * A process that has not seen one yet catches up at the periodic resync, which reconciles them all.
 */
const byService = new Map<string, Set<string>>();

function remember(api: APIService): void {
  const name = String(api.metadata?.name);
  for (const names of byService.values()) names.delete(name);
  const ref = api.spec?.service;
  if (!ref) return;
  const key = `${ref.namespace ?? ''}/${ref.name ?? ''}`;
  byService.set(key, (byService.get(key) ?? new Set()).add(name));
}

/**
 * kube-aggregator's availability controller (it runs inside kube-apiserver upstream; in Skiff, in
 * the controller-manager): keeps each APIService's `Available` condition true to its backend.
 */
export const apiServiceAvailabilityController: Controller = {
  name: NAME,
  filters: [objectsOf(RESOURCE), objectsOf('services'), objectsOf('endpoints')],
  route(record, key) {
    if (!key) return [];
    if (key.resource === RESOURCE) return [{ resource: RESOURCE, name: key.name, controller: NAME }];
    const names = byService.get(`${key.namespace ?? ''}/${key.name}`) ?? [];
    return [...names].map((name): WorkKey => ({ resource: RESOURCE, name, controller: NAME }));
  },
  async reconcile(ctx, key) {
    const api = await get(ctx, API_SERVICES, undefined, key.name);
    if (!api) return {};
    remember(api);
    const ref = api.spec?.service;
    const service = ref ? await get(ctx, SERVICES, ref.namespace, String(ref.name)) : undefined;
    const endpoints = ref && service ? await get(ctx, ENDPOINTS, ref.namespace, String(ref.name)) : undefined;
    const plan = availabilityPlan(api, service, endpoints);
    const condition = 'condition' in plan ? plan.condition : discoveryOutcome(plan.discoveryUrl, await checkDiscovery(plan.discoveryUrl, api.spec ?? {}));
    await updateStatusOf(ctx, API_SERVICES, api, (current) => {
      const now = viewOf<APIService>(current);
      // Decided for this spec: a changed one is reconciled again from its own record.
      if (JSON.stringify(now.spec) !== JSON.stringify(api.spec)) return undefined;
      const conditions = withAvailable(now.status?.conditions, condition, nowTimestamp());
      return conditions ? { ...now.status, conditions } : undefined;
    });
    return {};
  },
  async resync(ctx) {
    // A Local APIService already marked so needs nothing: only the others are checked again.
    const due = (await list(ctx, API_SERVICES)).filter((api) => {
      if (api.spec?.service) return true;
      return withAvailable(api.status?.conditions, LOCAL, '') !== undefined;
    });
    return due.map((api) => ({ resource: RESOURCE, name: String(api.metadata?.name), controller: NAME }));
  },
};
