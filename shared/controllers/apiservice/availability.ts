import type { APIService, Endpoints, Service } from '../../api/types';

type Condition = NonNullable<NonNullable<APIService['status']>['conditions']>[number];

/** The Available condition, as kube-aggregator's availability controller writes it (without its time). */
export type Availability = Pick<Condition, 'status' | 'reason' | 'message'>;

/** What the checks that need no network decided: the condition, or the URL whose discovery document decides. */
export type AvailabilityPlan = { condition: Availability } | { discoveryUrl: string };

export const LOCAL: Availability = { status: 'True', reason: 'Local', message: 'Local APIServices are always available' };
export const PASSED: Availability = { status: 'True', reason: 'Passed', message: 'all checks passed' };

/**
 * kube-aggregator's AvailableConditionController up to its discovery check: a Local APIService is
 * available; one naming a Service needs that Service, a ClusterIP one listening on the APIService's
 * port (443 unless set), and Endpoints with an address carrying that port's name. Then the
 * discovery document `/apis/<group>/<version>` must answer; Skiff asks an endpoint address for it
 * (upstream's `--enable-aggregator-routing`), as Skiff has no ClusterIP data plane to dial.
 */
export function availabilityPlan(api: APIService, service: Service | undefined, endpoints: Endpoints | undefined): AvailabilityPlan {
  const ref = api.spec?.service;
  if (!ref) return { condition: LOCAL };
  const where = `service/${ref.name ?? ''} in ${JSON.stringify(ref.namespace ?? '')}`;
  if (!service) return { condition: { status: 'False', reason: 'ServiceNotFound', message: `${where} is not present` } };
  const port = ref.port ?? 443;
  const type = service.spec?.type ?? 'ClusterIP';
  let target: { ip: string; port: number } | undefined;
  if (type === 'ClusterIP') {
    const declared = (service.spec?.ports ?? []).find((p) => p.port === port);
    if (!declared) return { condition: { status: 'False', reason: 'ServicePortError', message: `${where} is not listening on port ${port}` } };
    if (!endpoints) return { condition: { status: 'False', reason: 'EndpointsNotFound', message: `cannot find endpoints for ${where}` } };
    const portName = declared.name ?? '';
    for (const subset of endpoints.subsets ?? []) {
      const address = subset.addresses?.[0];
      const p = (subset.ports ?? []).find((sp) => (sp.name ?? '') === portName);
      if (address && p) {
        target = { ip: address.ip, port: p.port ?? port };
        break;
      }
    }
    if (!target) return { condition: { status: 'False', reason: 'MissingEndpoints', message: `endpoints for ${where} have no addresses with port name ${JSON.stringify(portName)}` } };
  } else {
    // An ExternalName (or other) Service is dialled by its name, as upstream's resolver does.
    target = { ip: service.spec?.externalName ?? `${ref.name}.${ref.namespace}.svc`, port };
  }
  const host = target.ip.includes(':') ? `[${target.ip}]` : target.ip;
  const path = api.metadata?.name === 'v1.' ? `/api/${api.spec?.version ?? ''}` : `/apis/${api.spec?.group ?? ''}/${api.spec?.version ?? ''}`;
  return { discoveryUrl: `https://${host}:${target.port}${path}` };
}

/** The condition after the discovery check: passed, or FailedDiscoveryCheck with upstream's message. */
export function discoveryOutcome(url: string, result: { statusCode: number } | { error: string }): Availability {
  if ('error' in result) return { status: 'False', reason: 'FailedDiscoveryCheck', message: `failing or missing response from ${url}: Get ${JSON.stringify(url)}: ${result.error}` };
  if (result.statusCode < 200 || result.statusCode >= 207) return { status: 'False', reason: 'FailedDiscoveryCheck', message: `failing or missing response from ${url}: bad status from ${url}: ${result.statusCode}` };
  return PASSED;
}

/** The APIService's conditions with Available set; its transition time moves only when the status does. */
export function withAvailable(conditions: Condition[] | undefined, next: Availability, now: string): Condition[] | undefined {
  const all = conditions ?? [];
  const current = all.find((c) => c.type === 'Available');
  if (current && current.status === next.status && current.reason === next.reason && current.message === next.message) return undefined;
  const lastTransitionTime = current && current.status === next.status ? current.lastTransitionTime : now;
  const updated: Condition = { type: 'Available', status: next.status, lastTransitionTime, reason: next.reason, message: next.message };
  return current ? all.map((c) => (c.type === 'Available' ? updated : c)) : [...all, updated];
}
