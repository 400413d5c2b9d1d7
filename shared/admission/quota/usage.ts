/**
 * What an object counts against a ResourceQuota, after upstream's quota evaluators: `pods`,
 * `services`, `configmaps`, `secrets`, `persistentvolumeclaims` and the other object counts,
 * `count/<resource>[.<group>]` for any kind, and for pods that are not finished the compute
 * resources `requests.cpu`/`cpu`, `requests.memory`/`memory`, `limits.cpu`, `limits.memory`
 * (and ephemeral-storage). Values are milli-units.
 */
import type { Pod, ResourceQuota } from '../../api/types';
import type { KubeObject } from '../../registry/resource';
import { milli } from '../quantity';

export type Usage = Record<string, number>;

/** The object-count names upstream knows besides count/<resource>: storage key -> name. */
const LEGACY_COUNTS: Record<string, string> = {
  pods: 'pods',
  services: 'services',
  configmaps: 'configmaps',
  secrets: 'secrets',
  persistentvolumeclaims: 'persistentvolumeclaims',
  replicationcontrollers: 'replicationcontrollers',
  resourcequotas: 'resourcequotas',
};

const COMPUTE = ['cpu', 'memory', 'ephemeral-storage'];

function terminal(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

function podCompute(pod: Pod): Usage {
  const out: Usage = {};
  const spec = pod.spec;
  if (!spec) return out;
  for (const field of ['requests', 'limits'] as const) {
    const sum: Usage = {};
    for (const c of spec.containers ?? []) {
      for (const [k, v] of Object.entries((c.resources?.[field] ?? {}) as Record<string, string | number>)) sum[k] = (sum[k] ?? 0) + milli(v);
    }
    for (const c of spec.initContainers ?? []) {
      for (const [k, v] of Object.entries((c.resources?.[field] ?? {}) as Record<string, string | number>)) sum[k] = Math.max(sum[k] ?? 0, milli(v));
    }
    for (const [k, v] of Object.entries((spec.overhead ?? {}) as Record<string, string | number>)) sum[k] = (sum[k] ?? 0) + milli(v);
    for (const r of COMPUTE) {
      if (sum[r] === undefined) continue;
      out[`${field}.${r}`] = sum[r];
      if (field === 'requests') out[r] = sum[r];
    }
  }
  return out;
}

/** The usage one object adds, by storage key (`pods`, `deployments.apps`). */
export function usageOf(key: string, obj: KubeObject): Usage {
  if (key === 'pods' && terminal(obj as Pod)) return {};
  const [resource, ...group] = key.split('.');
  const usage: Usage = { [`count/${group.length > 0 ? `${resource}.${group.join('.')}` : resource}`]: 1000 };
  if (LEGACY_COUNTS[key]) usage[LEGACY_COUNTS[key]] = 1000;
  if (key === 'pods') Object.assign(usage, podCompute(obj as Pod));
  if (key === 'services') {
    const type = (obj.spec as { type?: string } | undefined)?.type;
    if (type === 'LoadBalancer') usage['services.loadbalancers'] = 1000;
    if (type === 'NodePort' || type === 'LoadBalancer') {
      const ports = ((obj.spec as { ports?: unknown[] } | undefined)?.ports ?? []).length;
      usage['services.nodeports'] = ports * 1000;
    }
  }
  if (key === 'persistentvolumeclaims') {
    const storage = (obj.spec as { resources?: { requests?: { storage?: string } } } | undefined)?.resources?.requests?.storage;
    if (storage !== undefined) usage['requests.storage'] = milli(storage);
  }
  return usage;
}

/** The storage key a quota resource name counts (for the controller's recount), or undefined for compute names. */
export function keyOfResourceName(name: string): string | undefined {
  if (name.startsWith('count/')) {
    const [resource, ...group] = name.slice('count/'.length).split('.');
    return group.length > 0 ? `${resource}.${group.join('.')}` : resource;
  }
  if (Object.values(LEGACY_COUNTS).includes(name)) return name;
  if (name === 'services.loadbalancers' || name === 'services.nodeports') return 'services';
  if (name === 'requests.storage') return 'persistentvolumeclaims';
  return 'pods';
}

/** Whether a pod is in a quota's scopes (Terminating, NotTerminating, BestEffort, NotBestEffort, PriorityClass). */
export function inScope(quota: ResourceQuota, key: string, obj: KubeObject): boolean {
  const scopes = [
    ...(quota.spec?.scopes ?? []).map((s) => ({ scopeName: s, operator: 'Exists', values: [] as string[] })),
    ...(quota.spec?.scopeSelector?.matchExpressions ?? []),
  ];
  if (scopes.length === 0) return true;
  if (key !== 'pods') return false;
  const pod = obj as Pod;
  const bestEffort = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].every(
    (c) => Object.keys(c.resources?.requests ?? {}).length === 0 && Object.keys(c.resources?.limits ?? {}).length === 0,
  );
  return scopes.every((s) => {
    switch (s.scopeName) {
      case 'Terminating':
        return pod.spec?.activeDeadlineSeconds !== undefined;
      case 'NotTerminating':
        return pod.spec?.activeDeadlineSeconds === undefined;
      case 'BestEffort':
        return bestEffort;
      case 'NotBestEffort':
        return !bestEffort;
      case 'PriorityClass': {
        const name = pod.spec?.priorityClassName ?? '';
        if (s.operator === 'Exists') return name !== '';
        if (s.operator === 'DoesNotExist') return name === '';
        const listed = (s.values ?? []).includes(name);
        return s.operator === 'In' ? listed : !listed;
      }
      default:
        return false;
    }
  });
}
