import { mergeKeysFor } from '../patch/patch-strategies';

/**
 * What server-side apply needs to know of a kind's schema beyond the JSON itself: how each list
 * merges (`x-kubernetes-list-type` and `-list-map-keys`), which structs are atomic
 * (`x-kubernetes-map-type: atomic`), and the kind's zero value (what Go's empty object
 * serializes to, which decides whether a created struct counts as "added").
 *
 * Paths are dotted from the object root with `[]` stepping into list items, as in
 * shared/api/patch/patch-strategies.ts: `spec.template.spec.containers[].ports`.
 */
export type ListType =
  | { type: 'map'; keys: readonly string[]; defaults?: Readonly<Record<string, unknown>> }
  | { type: 'set' }
  | { type: 'atomic' };

const ATOMIC: ListType = { type: 'atomic' };
const SET: ListType = { type: 'set' };

/** Lists whose list-map-keys differ from their patchMergeKey (upstream's OpenAPI, v1.33). */
const LIST_MAP_KEY_OVERRIDES: readonly [RegExp, ListType][] = [
  [/(^|\.)(containers|initContainers|ephemeralContainers)\[\]\.ports$/, { type: 'map', keys: ['containerPort', 'protocol'], defaults: { protocol: 'TCP' } }],
];

const KIND_OVERRIDES: Readonly<Record<string, Readonly<Record<string, ListType>>>> = {
  Service: { 'spec.ports': { type: 'map', keys: ['port', 'protocol'], defaults: { protocol: 'TCP' } } },
};

/** How the list at `path` merges under server-side apply. Lists upstream leaves untyped are atomic. */
export function listTypeAt(kind: string, path: string): ListType {
  const kindOverride = KIND_OVERRIDES[kind]?.[path];
  if (kindOverride) return kindOverride;
  for (const [pattern, type] of LIST_MAP_KEY_OVERRIDES) if (pattern.test(path)) return type;
  const strategy = mergeKeysFor(kind)[path];
  if (!strategy || strategy.strategy === 'replace') return ATOMIC;
  if (strategy.strategy === 'atomic-set') return SET;
  return strategy.mergeKey ? { type: 'map', keys: [strategy.mergeKey] } : SET;
}

/** Structs marked `+structType=atomic` upstream (a LabelSelector, an ObjectReference, a key selector). */
const ATOMIC_STRUCTS: readonly RegExp[] = [
  /(^|\.)(labelSelector|namespaceSelector|configMapKeyRef|secretKeyRef|fieldRef|resourceFieldRef|targetRef|preference)$/,
  /(^|\.)nodeAffinity\.requiredDuringSchedulingIgnoredDuringExecution$/,
  /(^|\.)(ownerReferences|imagePullSecrets)\[\]$/,
];

const ATOMIC_STRUCTS_BY_KIND: Readonly<Record<string, readonly string[]>> = {
  Deployment: ['spec.selector'],
  ReplicaSet: ['spec.selector'],
  PodDisruptionBudget: ['spec.selector'],
  ServiceAccount: ['secrets[]'],
  Event: ['involvedObject', 'related'],
};

export function isAtomicStruct(kind: string, path: string): boolean {
  return (ATOMIC_STRUCTS_BY_KIND[kind] ?? []).includes(path) || ATOMIC_STRUCTS.some((p) => p.test(path));
}

const POD_TEMPLATE = { metadata: {}, spec: { containers: null } };

/**
 * The kind's empty object as Go serializes it: non-pointer structs are present (`{}`), and
 * required lists and pointers are `null`. Only the shape of maps and lists matters here.
 */
const ZERO_VALUES: Readonly<Record<string, unknown>> = {
  Pod: { metadata: {}, spec: { containers: null }, status: {} },
  Deployment: { metadata: {}, spec: { selector: null, template: POD_TEMPLATE, strategy: {} }, status: {} },
  ReplicaSet: { metadata: {}, spec: { selector: null, template: POD_TEMPLATE }, status: {} },
  Service: { metadata: {}, spec: {}, status: { loadBalancer: {} } },
  Namespace: { metadata: {}, spec: {}, status: {} },
  Node: { metadata: {}, spec: {}, status: { daemonEndpoints: { kubeletEndpoint: {} }, nodeInfo: {} } },
  Event: { metadata: {}, involvedObject: {}, source: {}, eventTime: null },
  EndpointSlice: { metadata: {}, endpoints: null },
  Lease: { metadata: {}, spec: {} },
  PodDisruptionBudget: { metadata: {}, spec: {}, status: { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 } },
  Ingress: { metadata: {}, spec: {}, status: { loadBalancer: {} } },
  IngressClass: { metadata: {}, spec: {} },
};

/** A fresh copy of the kind's empty object (for a create, the "live" side of the comparison). */
export function zeroValue(kind: string): Record<string, unknown> {
  return structuredClone((ZERO_VALUES[kind] as Record<string, unknown> | undefined) ?? { metadata: {} });
}
