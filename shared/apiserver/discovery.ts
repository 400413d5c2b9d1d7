import { PathNotFoundError } from '../api/errors';
import { RESOURCES } from '../registry/catalog';
import { ResourceDef } from '../registry/resource';
import { servedGroupVersions } from './group-versions';
import { DiscoveryRoute } from './route';

/** Verbs each subresource answers, as upstream lists them. */
const SUBRESOURCE_VERBS: Record<string, string[]> = {
  status: ['get', 'patch', 'update'],
  scale: ['get', 'patch', 'update'],
  binding: ['create'],
  eviction: ['create'],
  finalize: ['update'],
  log: ['get'],
  exec: ['create', 'get'],
  attach: ['create', 'get'],
  portforward: ['create', 'get'],
  ephemeralcontainers: ['get', 'patch', 'update'],
  proxy: ['create', 'delete', 'get', 'patch', 'update'],
};

const SUBRESOURCE_KIND: Record<string, { group: string; version: string; kind: string }> = {
  scale: { group: 'autoscaling', version: 'v1', kind: 'Scale' },
  binding: { group: '', version: 'v1', kind: 'Binding' },
  eviction: { group: 'policy', version: 'v1', kind: 'Eviction' },
  exec: { group: '', version: 'v1', kind: 'PodExecOptions' },
  attach: { group: '', version: 'v1', kind: 'PodAttachOptions' },
  portforward: { group: '', version: 'v1', kind: 'PodPortForwardOptions' },
};

/** What a subresource answers with: its own kind, `<Kind>ProxyOptions` for proxy, else the resource's kind. */
function subresourceKind(def: ResourceDef, sub: string): { group: string; version: string; kind: string } | undefined {
  return sub === 'proxy' ? { group: '', version: 'v1', kind: `${def.kind}ProxyOptions` } : SUBRESOURCE_KIND[sub];
}

export const AGGREGATED_V2 = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';
export const AGGREGATED_V2BETA1 = 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList';

/** Which aggregated discovery form the client accepts, if any. */
export function aggregatedVersion(accept: string | undefined): 'v2' | 'v2beta1' | undefined {
  const parts = (accept ?? '').split(',').map((p) => p.replace(/\s/g, ''));
  if (parts.some((p) => p.includes('g=apidiscovery.k8s.io') && p.includes('v=v2;') && p.includes('as=APIGroupDiscoveryList'))) return 'v2';
  if (parts.some((p) => p.includes('g=apidiscovery.k8s.io') && p.includes('v=v2beta1') && p.includes('as=APIGroupDiscoveryList'))) return 'v2beta1';
  return undefined;
}

const storageVersionHash = (def: ResourceDef): string =>
  Buffer.from(`${def.group}/${def.version}/${def.kind}`).toString('base64').slice(0, 11);

function apiResources(defs: ResourceDef[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const def of defs) {
    const entry: Record<string, unknown> = {
      name: def.resource,
      singularName: def.singular,
      namespaced: def.namespaced,
      kind: def.kind,
      verbs: def.verbs,
      storageVersionHash: storageVersionHash(def),
    };
    if (def.shortNames.length) entry.shortNames = def.shortNames;
    if (def.categories.length) entry.categories = def.categories;
    out.push(entry);
    for (const sub of def.subresources) {
      const kind = subresourceKind(def, sub);
      out.push({
        name: `${def.resource}/${sub}`,
        singularName: '',
        namespaced: def.namespaced,
        ...(kind ? { group: kind.group, version: kind.version } : {}),
        kind: kind?.kind ?? def.kind,
        verbs: SUBRESOURCE_VERBS[sub],
      });
    }
  }
  return out;
}

/** Legacy discovery: /api, /apis, /api/v1, /apis/<group>[/<version>]. */
export function legacyDiscovery(route: DiscoveryRoute, all: ResourceDef[] = RESOURCES): Record<string, unknown> {
  if (route.root === 'api' && route.version === undefined) {
    return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '' }] };
  }
  if (route.root === 'apis' && route.group === undefined) {
    return { kind: 'APIGroupList', apiVersion: 'v1', groups: apiGroups(all) };
  }
  if (route.root === 'apis' && route.version === undefined) {
    const group = apiGroups(all).find((g) => g.name === route.group);
    if (!group) throw new PathNotFoundError();
    return { kind: 'APIGroup', apiVersion: 'v1', ...group };
  }
  const defs = all.filter((r) => r.group === (route.group ?? '') && r.version === route.version);
  if (defs.length === 0) throw new PathNotFoundError();
  const groupVersion = route.group ? `${route.group}/${route.version}` : String(route.version);
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources: apiResources(defs) };
}

function apiGroups(all: ResourceDef[]): { name: string; versions: { groupVersion: string; version: string }[]; preferredVersion: { groupVersion: string; version: string } }[] {
  const groups = new Map<string, { groupVersion: string; version: string }[]>();
  for (const { group, version } of servedGroupVersions(all)) {
    if (group === '') continue;
    const list = groups.get(group) ?? [];
    list.push({ groupVersion: `${group}/${version}`, version });
    groups.set(group, list);
  }
  // Versions in priority order (v1 before v1beta1 before v1alpha1), the first preferred, as upstream.
  return [...groups].map(([name, versions]) => ({ name, versions, preferredVersion: versions[0] }));
}

/** Aggregated discovery (apidiscovery.k8s.io): one response with every resource of every group. */
export function aggregatedDiscovery(root: 'api' | 'apis', version: 'v2' | 'v2beta1', all: ResourceDef[] = RESOURCES): Record<string, unknown> {
  const gvs = servedGroupVersions(all).filter((gv) => (root === 'api' ? gv.group === '' : gv.group !== ''));
  const byGroup = new Map<string, string[]>();
  for (const gv of gvs) byGroup.set(gv.group, [...(byGroup.get(gv.group) ?? []), gv.version]);
  const items = [...byGroup].map(([group, versions]) => ({
    metadata: { name: group, creationTimestamp: null },
    versions: versions.map((v) => ({
        version: v,
        freshness: 'Current',
        resources: all.filter((r) => r.group === group && r.version === v).map((def) => ({
          resource: def.resource,
          responseKind: { group: def.group, version: def.version, kind: def.kind },
          scope: def.namespaced ? 'Namespaced' : 'Cluster',
          singularResource: def.singular,
          verbs: def.verbs,
          ...(def.shortNames.length ? { shortNames: def.shortNames } : {}),
          ...(def.categories.length ? { categories: def.categories } : {}),
          ...(def.subresources.length
            ? {
                subresources: def.subresources.map((sub) => ({
                  subresource: sub,
                  responseKind: subresourceKind(def, sub) ?? { group: def.group, version: def.version, kind: def.kind },
                  verbs: SUBRESOURCE_VERBS[sub],
                })),
              }
            : {}),
        })),
      })),
  }));
  return { kind: 'APIGroupDiscoveryList', apiVersion: `apidiscovery.k8s.io/${version}`, metadata: {}, items };
}
