import type { ClusterRole, ClusterRoleBinding, PolicyRule, Subject } from '../api/types';

/**
 * Upstream's bootstrap RBAC policy (plugin/pkg/auth/authorizer/rbac/bootstrappolicy, v1.33) for the
 * kinds Skiff serves, and one least-privilege ClusterRole per Skiff component user. Each object
 * carries upstream's bootstrapping label and the autoupdate annotation the reconciler honours.
 */
const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'update', 'patch', 'delete', 'deletecollection'];
const READ_WRITE = [...READ, ...WRITE];
const EVENT_WRITE = ['create', 'patch', 'update'];

const rule = (verbs: string[], apiGroups: string[], resources: string[]): PolicyRule => ({ verbs, apiGroups, resources });
const urls = (verbs: string[], nonResourceURLs: string[]): PolicyRule => ({ verbs, nonResourceURLs });

const BOOTSTRAP_META = (name: string, labels: Record<string, string> = {}) => ({
  name,
  labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults', ...labels },
  annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' },
});

const aggregateTo = (role: string) => ({ [`rbac.authorization.k8s.io/aggregate-to-${role}`]: 'true' });

const clusterRole = (name: string, rules: PolicyRule[], labels?: Record<string, string>): ClusterRole => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRole',
  metadata: BOOTSTRAP_META(name, labels),
  rules,
});

const aggregated = (name: string, to: string, labels?: Record<string, string>): ClusterRole => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRole',
  metadata: BOOTSTRAP_META(name, labels),
  aggregationRule: { clusterRoleSelectors: [{ matchLabels: aggregateTo(to) }] },
  rules: [],
});

const VIEW_RULES: PolicyRule[] = [
  rule(READ, [''], ['pods', 'replicationcontrollers', 'replicationcontrollers/scale', 'serviceaccounts', 'services', 'services/status', 'endpoints', 'persistentvolumeclaims', 'persistentvolumeclaims/status', 'configmaps']),
  rule(READ, [''], ['limitranges', 'resourcequotas', 'bindings', 'events', 'pods/status', 'resourcequotas/status', 'namespaces/status', 'replicationcontrollers/status', 'pods/log']),
  rule(READ, [''], ['namespaces']),
  rule(READ, ['discovery.k8s.io'], ['endpointslices']),
  rule(READ, ['apps'], ['controllerrevisions', 'statefulsets', 'statefulsets/status', 'statefulsets/scale', 'daemonsets', 'daemonsets/status', 'deployments', 'deployments/status', 'deployments/scale', 'replicasets', 'replicasets/status', 'replicasets/scale']),
  rule(READ, ['autoscaling'], ['horizontalpodautoscalers', 'horizontalpodautoscalers/status']),
  rule(READ, ['batch'], ['jobs', 'jobs/status', 'cronjobs', 'cronjobs/status']),
  rule(READ, ['extensions'], ['daemonsets', 'daemonsets/status', 'deployments', 'deployments/scale', 'deployments/status', 'ingresses', 'ingresses/status', 'replicasets', 'replicasets/scale', 'replicasets/status', 'networkpolicies']),
  rule(READ, ['policy'], ['poddisruptionbudgets', 'poddisruptionbudgets/status']),
  rule(READ, ['networking.k8s.io'], ['networkpolicies', 'ingresses', 'ingresses/status']),
];

const EDIT_RULES: PolicyRule[] = [
  rule(READ, [''], ['pods/attach', 'pods/proxy', 'pods/exec', 'pods/portforward', 'secrets', 'services/proxy']),
  rule(['impersonate'], [''], ['serviceaccounts']),
  rule(WRITE, [''], ['pods', 'pods/attach', 'pods/proxy', 'pods/exec', 'pods/portforward']),
  rule(['create'], [''], ['pods/eviction']),
  rule(WRITE, [''], ['replicationcontrollers', 'replicationcontrollers/scale', 'serviceaccounts', 'services', 'services/proxy', 'persistentvolumeclaims', 'configmaps', 'secrets', 'events']),
  rule(['create'], [''], ['serviceaccounts/token']),
  rule(WRITE, ['apps'], ['statefulsets', 'statefulsets/scale', 'daemonsets', 'deployments', 'deployments/scale', 'deployments/rollback', 'replicasets', 'replicasets/scale']),
  rule(WRITE, ['autoscaling'], ['horizontalpodautoscalers']),
  rule(WRITE, ['batch'], ['jobs', 'cronjobs']),
  rule(WRITE, ['extensions'], ['daemonsets', 'deployments', 'deployments/scale', 'deployments/rollback', 'ingresses', 'replicasets', 'replicasets/scale', 'replicationcontrollers/scale', 'networkpolicies']),
  rule(WRITE, ['policy'], ['poddisruptionbudgets']),
  rule(WRITE, ['networking.k8s.io'], ['networkpolicies', 'ingresses']),
  rule(READ_WRITE, ['coordination.k8s.io'], ['leases']),
];

const ADMIN_RULES: PolicyRule[] = [
  rule(READ_WRITE, ['rbac.authorization.k8s.io'], ['roles', 'rolebindings']),
  rule(['create'], ['authorization.k8s.io'], ['localsubjectaccessreviews']),
];

const HEALTH = ['/livez', '/readyz', '/healthz', '/version', '/version/'];

/** The users Skiff's own components run as, each bound to its role below. */
export const COMPONENT_USERS = {
  scheduler: 'system:kube-scheduler',
  controllerManager: 'system:kube-controller-manager',
  cloudControllerManager: 'system:cloud-controller-manager',
  /** Node providers' nodes are `system:node:<name>` in this group, as kubelets are. */
  nodesGroup: 'system:nodes',
};

const EVENTS = [rule(EVENT_WRITE, ['', 'events.k8s.io'], ['events'])];
const LEASES = rule(['create', 'get', 'update'], ['coordination.k8s.io'], ['leases']);

const SCHEDULER_RULES: PolicyRule[] = [
  ...EVENTS,
  LEASES,
  rule(READ, [''], ['pods', 'nodes', 'namespaces']),
  rule(['create'], [''], ['bindings', 'pods/binding']),
  rule(['patch', 'update'], [''], ['pods/status']),
  rule(READ, ['policy'], ['poddisruptionbudgets']),
];

const CONTROLLER_MANAGER_RULES: PolicyRule[] = [
  ...EVENTS,
  LEASES,
  rule(READ_WRITE, [''], ['pods', 'endpoints', 'serviceaccounts']),
  rule(['update', 'patch'], [''], ['pods/status']),
  rule(['create'], [''], ['pods/eviction']),
  rule(['get', 'list', 'watch', 'delete', 'update'], [''], ['namespaces']),
  rule(['update'], [''], ['namespaces/status', 'namespaces/finalize']),
  rule(['get', 'list', 'watch', 'update', 'patch'], [''], ['nodes', 'nodes/status']),
  rule(['get', 'list', 'watch'], [''], ['services', 'configmaps', 'secrets']),
  rule(READ_WRITE, ['apps'], ['deployments', 'replicasets', 'daemonsets', 'controllerrevisions']),
  rule(['update', 'patch'], ['apps'], ['deployments/status', 'replicasets/status', 'daemonsets/status']),
  rule(READ_WRITE, ['batch'], ['jobs', 'cronjobs']),
  rule(['update', 'patch'], ['batch'], ['jobs/status', 'cronjobs/status']),
  rule(READ_WRITE, ['discovery.k8s.io'], ['endpointslices']),
  rule(['get', 'list', 'watch'], ['policy'], ['poddisruptionbudgets']),
  rule(['update', 'patch'], ['policy'], ['poddisruptionbudgets/status']),
  rule(['get', 'list', 'watch', 'update'], ['rbac.authorization.k8s.io'], ['clusterroles']),
  // The garbage collector and namespace controller act on every kind.
  rule(['get', 'list', 'watch', 'delete', 'deletecollection', 'patch'], ['*'], ['*']),
];

const NODE_RULES: PolicyRule[] = [
  ...EVENTS,
  rule(['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'], [''], ['nodes']),
  rule(['patch', 'update'], [''], ['nodes/status']),
  rule(['get', 'list', 'watch', 'delete'], [''], ['pods']),
  rule(['patch', 'update'], [''], ['pods/status']),
  rule(['create'], [''], ['pods/eviction']),
  rule(READ, [''], ['services', 'endpoints', 'configmaps', 'secrets']),
  rule(['create'], [''], ['serviceaccounts/token']),
  rule(['get', 'create', 'update', 'patch', 'delete'], ['coordination.k8s.io'], ['leases']),
];

const CLOUD_CONTROLLER_MANAGER_RULES: PolicyRule[] = [
  ...EVENTS,
  LEASES,
  rule(['*'], [''], ['nodes']),
  rule(['patch', 'update'], [''], ['nodes/status']),
  rule(['list', 'watch', 'patch', 'update'], [''], ['services']),
  rule(['patch', 'update'], [''], ['services/status']),
  rule(READ, [''], ['pods', 'endpoints']),
  rule(READ, ['discovery.k8s.io'], ['endpointslices']),
  rule(READ, ['networking.k8s.io'], ['ingresses', 'ingressclasses']),
  rule(['patch', 'update'], ['networking.k8s.io'], ['ingresses/status']),
];

export const BOOTSTRAP_CLUSTER_ROLES: ClusterRole[] = [
  clusterRole('cluster-admin', [rule(['*'], ['*'], ['*']), urls(['*'], ['*'])]),
  aggregated('admin', 'admin'),
  aggregated('edit', 'edit', aggregateTo('admin')),
  aggregated('view', 'view', aggregateTo('edit')),
  clusterRole('system:aggregate-to-admin', ADMIN_RULES, aggregateTo('admin')),
  clusterRole('system:aggregate-to-edit', EDIT_RULES, aggregateTo('edit')),
  clusterRole('system:aggregate-to-view', VIEW_RULES, aggregateTo('view')),
  clusterRole('system:basic-user', [
    rule(['create'], ['authorization.k8s.io'], ['selfsubjectaccessreviews', 'selfsubjectrulesreviews']),
    rule(['create'], ['authentication.k8s.io'], ['selfsubjectreviews']),
  ]),
  clusterRole('system:discovery', [urls(['get'], ['/livez', '/readyz', '/healthz', '/version', '/version/', '/api', '/api/*', '/apis', '/apis/*', '/openapi', '/openapi/*'])]),
  clusterRole('system:public-info-viewer', [urls(['get'], HEALTH)]),
  clusterRole('system:monitoring', [urls(['get'], ['/metrics', '/metrics/slis', '/livez', '/readyz', '/healthz', '/livez/*', '/readyz/*', '/healthz/*'])]),
  clusterRole('system:auth-delegator', [
    rule(['create'], ['authentication.k8s.io'], ['tokenreviews']),
    rule(['create'], ['authorization.k8s.io'], ['subjectaccessreviews']),
  ]),
  clusterRole('system:kube-scheduler', SCHEDULER_RULES),
  clusterRole('system:kube-controller-manager', CONTROLLER_MANAGER_RULES),
  clusterRole('system:node', NODE_RULES),
  clusterRole('system:cloud-controller-manager', CLOUD_CONTROLLER_MANAGER_RULES),
];

const user = (name: string): Subject => ({ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name });
const group = (name: string): Subject => ({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name });

const binding = (name: string, role: string, subjects: Subject[]): ClusterRoleBinding => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRoleBinding',
  metadata: BOOTSTRAP_META(name),
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
  subjects,
});

export const BOOTSTRAP_CLUSTER_ROLE_BINDINGS: ClusterRoleBinding[] = [
  binding('cluster-admin', 'cluster-admin', [group('system:masters')]),
  binding('system:basic-user', 'system:basic-user', [group('system:authenticated')]),
  binding('system:discovery', 'system:discovery', [group('system:authenticated')]),
  binding('system:public-info-viewer', 'system:public-info-viewer', [group('system:authenticated'), group('system:unauthenticated')]),
  binding('system:monitoring', 'system:monitoring', [group('system:monitoring')]),
  binding('system:kube-scheduler', 'system:kube-scheduler', [user(COMPONENT_USERS.scheduler)]),
  binding('system:kube-controller-manager', 'system:kube-controller-manager', [user(COMPONENT_USERS.controllerManager)]),
  binding('system:node', 'system:node', [group(COMPONENT_USERS.nodesGroup)]),
  binding('system:cloud-controller-manager', 'system:cloud-controller-manager', [user(COMPONENT_USERS.cloudControllerManager)]),
];
