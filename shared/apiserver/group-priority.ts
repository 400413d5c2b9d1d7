/**
 * Where each group sits in discovery, as kube-apiserver v1.33 registers its own APIServices
 * (groupPriorityMinimum, higher first; ties by name): the aggregator's table. A group it does not
 * list is a CustomResourceDefinition's (upstream's CRD registration gives them 1000) or
 * metrics.k8s.io, which upstream serves through metrics-server's APIService (100).
 */
const GROUP_PRIORITY: Record<string, number> = {
  '': 18000,
  'apiregistration.k8s.io': 18000,
  apps: 17800,
  'events.k8s.io': 17750,
  'authentication.k8s.io': 17700,
  'authorization.k8s.io': 17600,
  autoscaling: 17500,
  batch: 17400,
  'certificates.k8s.io': 17300,
  'networking.k8s.io': 17200,
  policy: 17100,
  'rbac.authorization.k8s.io': 17000,
  'storage.k8s.io': 16800,
  'admissionregistration.k8s.io': 16700,
  'apiextensions.k8s.io': 16700,
  'scheduling.k8s.io': 16600,
  'coordination.k8s.io': 16500,
  'node.k8s.io': 16300,
  'discovery.k8s.io': 16200,
  'flowcontrol.apiserver.k8s.io': 16100,
  'resource.k8s.io': 15900,
  'metrics.k8s.io': 100,
};

/** Version priorities that differ from the usual 15 (core's v1 is 1; autoscaling/v2 outranks v1). */
const VERSION_PRIORITY: Record<string, number> = { '/v1': 1, 'autoscaling/v2': 30, 'flowcontrol.apiserver.k8s.io/v1': 21, 'metrics.k8s.io/v1beta1': 100 };

export function groupPriorityMinimum(group: string): number {
  return GROUP_PRIORITY[group] ?? 1000;
}

export function versionPriority(group: string, version: string): number {
  return VERSION_PRIORITY[`${group}/${version}`] ?? (group in GROUP_PRIORITY ? 15 : 100);
}

/** Discovery's group order: by priority, then by name. */
export function compareGroups(a: string, b: string): number {
  return groupPriorityMinimum(b) - groupPriorityMinimum(a) || (a < b ? -1 : a > b ? 1 : 0);
}
