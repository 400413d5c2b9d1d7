/**
 * Per-kind list merge semantics: the `patchStrategy` / `patchMergeKey` struct tags of k8s.io/api
 * v1.33, as plain data. Strategic merge patch reads it here; server-side apply's list merging
 * may read the same table. Paths are dotted from the object root, `[]` stepping into list items:
 * `spec.containers[].ports`. A path absent from a table has the default semantics:
 * maps merge key by key, lists are replaced whole (atomic).
 */

/**
 * - `merge`: lists merge element-wise, by `mergeKey` for lists of objects or by value (as a set)
 *   for lists of scalars; maps merge key by key (the default for maps).
 * - `replace`: the patch value replaces the field whole (atomic lists, `patchStrategy:"replace"` maps).
 * - `atomic-set`: a scalar list marked `+listType=set` with no patch strategy. Strategic merge
 *   patch replaces it like `replace`; server-side apply may treat it as a set.
 */
export type ListStrategy = 'merge' | 'replace' | 'atomic-set';

export interface FieldPatchStrategy {
  readonly mergeKey?: string;
  readonly strategy: ListStrategy;
  /** `patchStrategy:"...,retainKeys"`: clients may send `$retainKeys` to clear unlisted fields. */
  readonly retainKeys?: boolean;
}

export type PatchStrategy = Readonly<Record<string, FieldPatchStrategy>>;

const byName: FieldPatchStrategy = { mergeKey: 'name', strategy: 'merge' };
const byType: FieldPatchStrategy = { mergeKey: 'type', strategy: 'merge' };
const byIP: FieldPatchStrategy = { mergeKey: 'ip', strategy: 'merge' };
const atomic: FieldPatchStrategy = { strategy: 'replace' };

function prefixed(prefix: string, table: PatchStrategy): PatchStrategy {
  return Object.fromEntries(Object.entries(table).map(([path, s]) => [`${prefix}${path}`, s]));
}

/** Tables are handed out to callers; freezing keeps one caller from changing another's semantics. */
function frozen(table: PatchStrategy): PatchStrategy {
  Object.values(table).forEach((entry) => Object.freeze(entry));
  return Object.freeze({ ...table });
}

const objectMeta: PatchStrategy = {
  finalizers: { strategy: 'merge' },
  ownerReferences: { mergeKey: 'uid', strategy: 'merge' },
};

const container: PatchStrategy = {
  ports: { mergeKey: 'containerPort', strategy: 'merge' },
  env: byName,
  volumeMounts: { mergeKey: 'mountPath', strategy: 'merge' },
  volumeDevices: { mergeKey: 'devicePath', strategy: 'merge' },
};

const podSpec: PatchStrategy = {
  containers: byName,
  ...prefixed('containers[].', container),
  initContainers: byName,
  ...prefixed('initContainers[].', container),
  ephemeralContainers: byName,
  ...prefixed('ephemeralContainers[].', container),
  volumes: { mergeKey: 'name', strategy: 'merge', retainKeys: true },
  imagePullSecrets: byName,
  hostAliases: byIP,
  topologySpreadConstraints: { mergeKey: 'topologyKey', strategy: 'merge' },
  schedulingGates: byName,
  resourceClaims: { mergeKey: 'name', strategy: 'merge', retainKeys: true },
  tolerations: atomic,
};

const podStatus: PatchStrategy = {
  conditions: byType,
  podIPs: byIP,
  hostIPs: byIP,
  resourceClaimStatuses: { mergeKey: 'name', strategy: 'merge', retainKeys: true },
};

const metadata = prefixed('metadata.', objectMeta);

/** A PodTemplateSpec under `spec.template` (Deployment, ReplicaSet, ...). */
const podTemplate: PatchStrategy = {
  ...prefixed('spec.template.metadata.', objectMeta),
  ...prefixed('spec.template.spec.', podSpec),
};

const conditionsStatus: PatchStrategy = { 'status.conditions': byType };

const KINDS: Readonly<Record<string, PatchStrategy>> = {
  Pod: { ...metadata, ...prefixed('spec.', podSpec), ...prefixed('status.', podStatus) },
  Service: { ...metadata, 'spec.ports': { mergeKey: 'port', strategy: 'merge' }, ...conditionsStatus },
  Deployment: {
    ...metadata,
    ...podTemplate,
    'spec.strategy': { strategy: 'merge', retainKeys: true },
    ...conditionsStatus,
  },
  ReplicaSet: { ...metadata, ...podTemplate, ...conditionsStatus },
  DaemonSet: { ...metadata, ...podTemplate, ...conditionsStatus },
  ControllerRevision: metadata,
  Job: { ...metadata, ...podTemplate, ...conditionsStatus },
  CronJob: { ...metadata, ...prefixed('spec.jobTemplate.metadata.', objectMeta), ...prefixed('spec.jobTemplate.', podTemplate) },
  Node: {
    ...metadata,
    'spec.podCIDRs': { strategy: 'merge' },
    'spec.taints': atomic,
    'status.conditions': byType,
    'status.addresses': byType,
  },
  Namespace: { ...metadata, ...conditionsStatus },
  ConfigMap: metadata,
  Secret: metadata,
  Endpoints: { ...metadata, subsets: atomic },
  EndpointSlice: { ...metadata, endpoints: atomic, ports: atomic },
  ServiceAccount: { ...metadata, secrets: byName },
  Event: metadata,
  Lease: metadata,
  PodDisruptionBudget: { ...metadata, 'spec.selector': atomic, ...conditionsStatus },
  HorizontalPodAutoscaler: { ...metadata, 'spec.metrics': atomic, 'status.currentMetrics': atomic, ...conditionsStatus },
  StatefulSet: { ...metadata, ...podTemplate, ...conditionsStatus },
  PersistentVolumeClaim: { ...metadata, ...conditionsStatus },
  PersistentVolume: metadata,
  StorageClass: metadata,
  ReplicationController: { ...metadata, ...podTemplate, ...conditionsStatus },
  PodTemplate: { ...metadata, ...prefixed('template.metadata.', objectMeta), ...prefixed('template.spec.', podSpec) },
  Role: { ...metadata, rules: atomic },
  ClusterRole: { ...metadata, rules: atomic, 'aggregationRule.clusterRoleSelectors': atomic },
  RoleBinding: { ...metadata, subjects: atomic },
  ClusterRoleBinding: { ...metadata, subjects: atomic },
  Ingress: { ...metadata, 'spec.rules': atomic, 'spec.tls': atomic, 'spec.rules[].http.paths': atomic, 'spec.tls[].hosts': atomic, 'status.loadBalancer.ingress': atomic },
  IngressClass: metadata,
};

const FROZEN: Readonly<Record<string, PatchStrategy>> = Object.fromEntries(
  Object.entries(KINDS).map(([kind, table]) => [kind, frozen(table)]),
);
const METADATA_ONLY = frozen(metadata);

/** Whether strategic merge patch has a table for this kind (upstream rejects it for CRDs: 415). */
export function isStrategicMergeKind(kind: string): boolean {
  return Object.prototype.hasOwnProperty.call(FROZEN, kind);
}

/**
 * The merge table for a kind, e.g. `mergeKeysFor('Pod')['spec.containers']` is
 * `{ mergeKey: 'name', strategy: 'merge' }`. An unknown kind gets only the ObjectMeta entries
 * every object shares; use isStrategicMergeKind to tell the two apart.
 */
export function mergeKeysFor(kind: string): PatchStrategy {
  return isStrategicMergeKind(kind) ? FROZEN[kind] : METADATA_ONLY;
}
