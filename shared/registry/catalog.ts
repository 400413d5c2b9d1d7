import * as t from '../api/types';
import { ALL_VERBS, ResourceDef } from './resource';
import { configMapStrategy, eventStrategy, namespaceStrategy, nodeStrategy, noStrategy, secretStrategy } from './kinds/simple';
import { podStrategy } from './kinds/pod';
import { podDisruptionBudgetStrategy } from './kinds/poddisruptionbudget';
import { serviceStrategy } from './kinds/service';
import { deploymentStrategy, replicaSetStrategy } from './kinds/workloads';
import { cronJobStrategy, jobStrategy } from './kinds/batch';
import { controllerRevisionStrategy, daemonSetStrategy } from './kinds/daemonset';
import { horizontalPodAutoscalerStrategy } from './kinds/hpa';

type Def = Omit<ResourceDef, 'verbs' | 'categories' | 'shortNames' | 'subresources' | 'hasGeneration' | 'nameRule' | 'strategy'> &
  Partial<ResourceDef>;

function def(d: Def): ResourceDef {
  return {
    verbs: ALL_VERBS,
    categories: [],
    shortNames: [],
    subresources: [],
    hasGeneration: false,
    nameRule: 'dns1123-subdomain',
    strategy: noStrategy,
    ...d,
  };
}

/** Every kind Skiff serves, with upstream's names, scope, short names, categories and subresources. */
export const RESOURCES: ResourceDef[] = [
  def({ group: '', version: 'v1', resource: 'namespaces', kind: 'Namespace', singular: 'namespace', namespaced: false, shortNames: ['ns'], subresources: ['status', 'finalize'], schema: t.Namespace, nameRule: 'dns1123-label', strategy: namespaceStrategy, verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] }),
  def({ group: '', version: 'v1', resource: 'pods', kind: 'Pod', singular: 'pod', namespaced: true, shortNames: ['po'], categories: ['all'], subresources: ['status', 'binding', 'eviction', 'log', 'exec', 'attach', 'portforward'], schema: t.Pod, strategy: podStrategy }),
  def({ group: '', version: 'v1', resource: 'services', kind: 'Service', singular: 'service', namespaced: true, shortNames: ['svc'], categories: ['all'], subresources: ['status'], schema: t.Service, nameRule: 'dns1035-label', strategy: serviceStrategy, verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'] }),
  def({ group: '', version: 'v1', resource: 'configmaps', kind: 'ConfigMap', singular: 'configmap', namespaced: true, shortNames: ['cm'], schema: t.ConfigMap, strategy: configMapStrategy }),
  def({ group: '', version: 'v1', resource: 'secrets', kind: 'Secret', singular: 'secret', namespaced: true, schema: t.Secret, strategy: secretStrategy }),
  def({ group: '', version: 'v1', resource: 'nodes', kind: 'Node', singular: 'node', namespaced: false, shortNames: ['no'], subresources: ['status'], schema: t.Node, strategy: nodeStrategy }),
  def({ group: '', version: 'v1', resource: 'events', kind: 'Event', singular: 'event', namespaced: true, shortNames: ['ev'], schema: t.Event, strategy: eventStrategy, nameRule: 'path-segment' }),
  def({ group: '', version: 'v1', resource: 'endpoints', kind: 'Endpoints', singular: 'endpoints', namespaced: true, shortNames: ['ep'], schema: t.Endpoints }),
  def({ group: '', version: 'v1', resource: 'serviceaccounts', kind: 'ServiceAccount', singular: 'serviceaccount', namespaced: true, shortNames: ['sa'], schema: t.ServiceAccount }),
  def({ group: 'apps', version: 'v1', resource: 'deployments', kind: 'Deployment', singular: 'deployment', namespaced: true, shortNames: ['deploy'], categories: ['all'], subresources: ['status', 'scale'], schema: t.Deployment, hasGeneration: true, strategy: deploymentStrategy }),
  def({ group: 'apps', version: 'v1', resource: 'replicasets', kind: 'ReplicaSet', singular: 'replicaset', namespaced: true, shortNames: ['rs'], categories: ['all'], subresources: ['status', 'scale'], schema: t.ReplicaSet, hasGeneration: true, strategy: replicaSetStrategy }),
  def({ group: 'apps', version: 'v1', resource: 'daemonsets', kind: 'DaemonSet', singular: 'daemonset', namespaced: true, shortNames: ['ds'], categories: ['all'], subresources: ['status'], schema: t.DaemonSet, hasGeneration: true, strategy: daemonSetStrategy }),
  def({ group: 'apps', version: 'v1', resource: 'controllerrevisions', kind: 'ControllerRevision', singular: 'controllerrevision', namespaced: true, schema: t.ControllerRevision, strategy: controllerRevisionStrategy }),
  def({ group: 'batch', version: 'v1', resource: 'jobs', kind: 'Job', singular: 'job', namespaced: true, categories: ['all'], subresources: ['status'], schema: t.Job, hasGeneration: true, strategy: jobStrategy }),
  def({ group: 'batch', version: 'v1', resource: 'cronjobs', kind: 'CronJob', singular: 'cronjob', namespaced: true, shortNames: ['cj'], categories: ['all'], subresources: ['status'], schema: t.CronJob, nameRule: 'dns1123-subdomain', hasGeneration: true, strategy: cronJobStrategy }),
  def({ group: 'coordination.k8s.io', version: 'v1', resource: 'leases', kind: 'Lease', singular: 'lease', namespaced: true, schema: t.Lease }),
  def({ group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices', kind: 'EndpointSlice', singular: 'endpointslice', namespaced: true, schema: t.EndpointSlice }),
  def({ group: 'policy', version: 'v1', resource: 'poddisruptionbudgets', kind: 'PodDisruptionBudget', singular: 'poddisruptionbudget', namespaced: true, shortNames: ['pdb'], subresources: ['status'], schema: t.PodDisruptionBudget, hasGeneration: true, strategy: podDisruptionBudgetStrategy }),
  def({ group: 'autoscaling', version: 'v2', resource: 'horizontalpodautoscalers', kind: 'HorizontalPodAutoscaler', singular: 'horizontalpodautoscaler', namespaced: true, shortNames: ['hpa'], categories: ['all'], subresources: ['status'], schema: t.HorizontalPodAutoscaler, hasGeneration: true, strategy: horizontalPodAutoscalerStrategy }),
  // A view of the autoscaling/v2 objects (shared/apiserver/versions/converted.ts): same storage, v2 the preferred version.
  def({ group: 'autoscaling', version: 'v1', resource: 'horizontalpodautoscalers', kind: 'HorizontalPodAutoscaler', singular: 'horizontalpodautoscaler', namespaced: true, shortNames: ['hpa'], categories: ['all'], subresources: ['status'], schema: t.HorizontalPodAutoscalerV1, hasGeneration: true, strategy: horizontalPodAutoscalerStrategy }),
  // Served by Skiff itself from the node providers' usage (shared/metrics/), never stored: read-only.
  def({ group: 'metrics.k8s.io', version: 'v1beta1', resource: 'pods', kind: 'PodMetrics', singular: '', namespaced: true, schema: t.PodMetrics, verbs: ['get', 'list'] }),
  def({ group: 'metrics.k8s.io', version: 'v1beta1', resource: 'nodes', kind: 'NodeMetrics', singular: '', namespaced: false, schema: t.NodeMetrics, verbs: ['get', 'list'] }),
];

const byPath = new Map(RESOURCES.map((r) => [`${r.group}/${r.version}/${r.resource}`, r]));

export function findResource(group: string, version: string, resource: string): ResourceDef | undefined {
  return byPath.get(`${group}/${version}/${resource}`);
}

export function resourceByKind(group: string, kind: string): ResourceDef | undefined {
  return RESOURCES.find((r) => r.group === group && r.kind === kind);
}

/** Group versions in the order discovery lists them (core first, as upstream). */
export function groupVersions(): { group: string; version: string }[] {
  const seen = new Map<string, { group: string; version: string }>();
  for (const r of RESOURCES) seen.set(`${r.group}/${r.version}`, { group: r.group, version: r.version });
  return [...seen.values()];
}
