import { MethodNotAllowedError, NotFoundError } from '../api/errors';
import type { Node, Pod } from '../api/types';
import { list as listAll, R } from '../controllers/client';
import { nodeMetricsOf, podMetricsOf, usageSourcesOf, type MetricsContext } from '../metrics/objects';
import { podKey, podUsages } from '../metrics/usage';
import type { KubeObject, ResourceDef } from '../registry/resource';
import type { ApiContext } from './context';
import type { ApiRequest, ApiResponse } from './http';
import { buildMatcher } from './list-query';
import { respondList, respondObject } from './respond';

export const METRICS_GROUP = 'metrics.k8s.io';

/**
 * metrics.k8s.io/v1beta1, answered by the API server itself (upstream delegates the group to
 * metrics-server through an APIService): PodMetrics and NodeMetrics computed at request time from
 * the stored pods and the node providers' usage sources. Read-only; label and field selectors as
 * metrics-server applies them (to the pods' and nodes' own labels).
 */
export async function serveMetrics(ctx: ApiContext & MetricsContext, req: ApiRequest, def: ResourceDef, namespace: string | undefined, name: string | undefined): Promise<ApiResponse> {
  if (req.method !== 'GET') throw new MethodNotAllowedError();
  const now = Date.now();
  const pods = (await listAll(ctx, R.pods, def.resource === 'pods' ? namespace : undefined)) as Pod[];
  const usages = await podUsages(pods, usageSourcesOf(ctx), now);
  let items: KubeObject[];
  if (def.resource === 'pods') {
    items = pods.flatMap((p) => {
      const u = usages.get(podKey(p));
      return u ? [podMetricsOf(p, u) as KubeObject] : [];
    });
  } else {
    const nodes = (await listAll(ctx, R.nodes)) as Node[];
    items = nodes.map((n) => nodeMetricsOf(n, pods, usages, now) as KubeObject);
  }
  if (name !== undefined) {
    const one = items.find((o) => o.metadata.name === name);
    if (!one) throw new NotFoundError({ group: def.group, resource: def.resource }, name);
    return respondObject(req, def, one, 200);
  }
  const matcher = buildMatcher(def, req.query);
  return respondList(req, def, items.filter(matcher), { resourceVersion: '' });
}
