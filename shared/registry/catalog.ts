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
import { statefulSetStrategy } from './kinds/statefulset';
import { persistentVolumeClaimStrategy, persistentVolumeStrategy, storageClassStrategy } from './kinds/storage';
import { podTemplateStrategy, replicationControllerStrategy } from './kinds/replicationcontroller';
import { crdStrategy } from './kinds/crd';
import { clusterRoleBindingStrategy, clusterRoleStrategy, roleBindingStrategy, roleStrategy } from './kinds/rbac';
import { ingressStrategy } from './kinds/ingress';
import { ingressClassStrategy } from './kinds/ingressclass';
import { mutatingWebhookConfigurationStrategy, validatingWebhookConfigurationStrategy } from './kinds/webhookconfig';
import { priorityClassStrategy } from './kinds/scheduling';
import { validatingAdmissionPolicyBindingStrategy, validatingAdmissionPolicyStrategy } from './kinds/admissionpolicy';
import { limitRangeStrategy, resourceQuotaStrategy } from './kinds/quota';
import { apiServiceStrategy, csrStrategy, networkPolicyStrategy, runtimeClassStrategy } from './kinds/misc-kinds';

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
  def({ group: '', version: 'v1', resource: 'pods', kind: 'Pod', singular: 'pod', namespaced: true, shortNames: ['po'], categories: ['all'], subresources: ['status', 'binding', 'eviction', 'log', 'exec', 'attach', 'portforward', 'ephemeralcontainers', 'proxy'], schema: t.Pod, strategy: podStrategy }),
  def({ group: '', version: 'v1', resource: 'services', kind: 'Service', singular: 'service', namespaced: true, shortNames: ['svc'], categories: ['all'], subresources: ['status', 'proxy'], schema: t.Service, nameRule: 'dns1035-label', strategy: serviceStrategy, verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'] }),
  def({ group: '', version: 'v1', resource: 'configmaps', kind: 'ConfigMap', singular: 'configmap', namespaced: true, shortNames: ['cm'], schema: t.ConfigMap, strategy: configMapStrategy }),
  def({ group: '', version: 'v1', resource: 'secrets', kind: 'Secret', singular: 'secret', namespaced: true, schema: t.Secret, strategy: secretStrategy }),
  def({ group: '', version: 'v1', resource: 'nodes', kind: 'Node', singular: 'node', namespaced: false, shortNames: ['no'], subresources: ['status', 'proxy'], schema: t.Node, strategy: nodeStrategy }),
  def({ group: '', version: 'v1', resource: 'events', kind: 'Event', singular: 'event', namespaced: true, shortNames: ['ev'], schema: t.Event, strategy: eventStrategy, nameRule: 'path-segment' }),
  def({ group: '', version: 'v1', resource: 'endpoints', kind: 'Endpoints', singular: 'endpoints', namespaced: true, shortNames: ['ep'], schema: t.Endpoints }),
  def({ group: '', version: 'v1', resource: 'serviceaccounts', kind: 'ServiceAccount', singular: 'serviceaccount', namespaced: true, shortNames: ['sa'], schema: t.ServiceAccount }),
  def({ group: '', version: 'v1', resource: 'persistentvolumeclaims', kind: 'PersistentVolumeClaim', singular: 'persistentvolumeclaim', namespaced: true, shortNames: ['pvc'], subresources: ['status'], schema: t.PersistentVolumeClaim, strategy: persistentVolumeClaimStrategy }),
  def({ group: '', version: 'v1', resource: 'persistentvolumes', kind: 'PersistentVolume', singular: 'persistentvolume', namespaced: false, shortNames: ['pv'], subresources: ['status'], schema: t.PersistentVolume, strategy: persistentVolumeStrategy }),
  def({ group: '', version: 'v1', resource: 'replicationcontrollers', kind: 'ReplicationController', singular: 'replicationcontroller', namespaced: true, shortNames: ['rc'], categories: ['all'], subresources: ['status', 'scale'], schema: t.ReplicationController, hasGeneration: true, strategy: replicationControllerStrategy }),
  def({ group: '', version: 'v1', resource: 'podtemplates', kind: 'PodTemplate', singular: 'podtemplate', namespaced: true, schema: t.PodTemplate, strategy: podTemplateStrategy }),
  def({ group: '', version: 'v1', resource: 'serviceaccounts', kind: 'ServiceAccount', singular: 'serviceaccount', namespaced: true, shortNames: ['sa'], subresources: ['token'], schema: t.ServiceAccount }),
  def({ group: 'apps', version: 'v1', resource: 'deployments', kind: 'Deployment', singular: 'deployment', namespaced: true, shortNames: ['deploy'], categories: ['all'], subresources: ['status', 'scale'], schema: t.Deployment, hasGeneration: true, strategy: deploymentStrategy }),
  def({ group: 'apps', version: 'v1', resource: 'replicasets', kind: 'ReplicaSet', singular: 'replicaset', namespaced: true, shortNames: ['rs'], categories: ['all'], subresources: ['status', 'scale'], schema: t.ReplicaSet, hasGeneration: true, strategy: replicaSetStrategy }),
  def({ group: 'apps', version: 'v1', resource: 'daemonsets', kind: 'DaemonSet', singular: 'daemonset', namespaced: true, shortNames: ['ds'], categories: ['all'], subresources: ['status'], schema: t.DaemonSet, hasGeneration: true, strategy: daemonSetStrategy }),
  def({ group: 'apps', version: 'v1', resource: 'statefulsets', kind: 'StatefulSet', singular: 'statefulset', namespaced: true, shortNames: ['sts'], categories: ['all'], subresources: ['status', 'scale'], schema: t.StatefulSet, hasGeneration: true, strategy: statefulSetStrategy }),
  def({ group: 'apps', version: 'v1', resource: 'controllerrevisions', kind: 'ControllerRevision', singular: 'controllerrevision', namespaced: true, schema: t.ControllerRevision, strategy: controllerRevisionStrategy }),
  def({ group: 'batch', version: 'v1', resource: 'jobs', kind: 'Job', singular: 'job', namespaced: true, categories: ['all'], subresources: ['status'], schema: t.Job, hasGeneration: true, strategy: jobStrategy }),
  def({ group: 'batch', version: 'v1', resource: 'cronjobs', kind: 'CronJob', singular: 'cronjob', namespaced: true, shortNames: ['cj'], categories: ['all'], subresources: ['status'], schema: t.CronJob, nameRule: 'dns1123-subdomain', hasGeneration: true, strategy: cronJobStrategy }),
  def({ group: 'coordination.k8s.io', version: 'v1', resource: 'leases', kind: 'Lease', singular: 'lease', namespaced: true, schema: t.Lease }),
  def({ group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices', kind: 'EndpointSlice', singular: 'endpointslice', namespaced: true, schema: t.EndpointSlice }),
  def({ group: 'storage.k8s.io', version: 'v1', resource: 'storageclasses', kind: 'StorageClass', singular: 'storageclass', namespaced: false, shortNames: ['sc'], schema: t.StorageClass, strategy: storageClassStrategy }),
  def({ group: 'apiextensions.k8s.io', version: 'v1', resource: 'customresourcedefinitions', kind: 'CustomResourceDefinition', singular: 'customresourcedefinition', namespaced: false, shortNames: ['crd', 'crds'], categories: ['api-extensions'], subresources: ['status'], schema: t.CustomResourceDefinition, hasGeneration: true, strategy: crdStrategy }),
  def({ group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'roles', kind: 'Role', singular: 'role', namespaced: true, schema: t.Role, nameRule: 'path-segment', strategy: roleStrategy }),
  def({ group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'clusterroles', kind: 'ClusterRole', singular: 'clusterrole', namespaced: false, schema: t.ClusterRole, nameRule: 'path-segment', strategy: clusterRoleStrategy }),
  def({ group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'rolebindings', kind: 'RoleBinding', singular: 'rolebinding', namespaced: true, schema: t.RoleBinding, nameRule: 'path-segment', strategy: roleBindingStrategy }),
  def({ group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'clusterrolebindings', kind: 'ClusterRoleBinding', singular: 'clusterrolebinding', namespaced: false, schema: t.ClusterRoleBinding, nameRule: 'path-segment', strategy: clusterRoleBindingStrategy }),
  def({ group: 'authorization.k8s.io', version: 'v1', resource: 'localsubjectaccessreviews', kind: 'LocalSubjectAccessReview', singular: 'localsubjectaccessreview', namespaced: true, schema: t.LocalSubjectAccessReview, verbs: ['create'] }),
  def({ group: 'authorization.k8s.io', version: 'v1', resource: 'selfsubjectaccessreviews', kind: 'SelfSubjectAccessReview', singular: 'selfsubjectaccessreview', namespaced: false, schema: t.SelfSubjectAccessReview, verbs: ['create'] }),
  def({ group: 'authorization.k8s.io', version: 'v1', resource: 'selfsubjectrulesreviews', kind: 'SelfSubjectRulesReview', singular: 'selfsubjectrulesreview', namespaced: false, schema: t.SelfSubjectRulesReview, verbs: ['create'] }),
  def({ group: 'authorization.k8s.io', version: 'v1', resource: 'subjectaccessreviews', kind: 'SubjectAccessReview', singular: 'subjectaccessreview', namespaced: false, schema: t.SubjectAccessReview, verbs: ['create'] }),
  def({ group: '', version: 'v1', resource: 'resourcequotas', kind: 'ResourceQuota', singular: 'resourcequota', namespaced: true, shortNames: ['quota'], subresources: ['status'], schema: t.ResourceQuota, strategy: resourceQuotaStrategy }),
  def({ group: '', version: 'v1', resource: 'limitranges', kind: 'LimitRange', singular: 'limitrange', namespaced: true, shortNames: ['limits'], schema: t.LimitRange, strategy: limitRangeStrategy }),
  def({ group: '', version: 'v1', resource: 'componentstatuses', kind: 'ComponentStatus', singular: 'componentstatus', namespaced: false, shortNames: ['cs'], schema: t.ComponentStatus, verbs: ['get', 'list'] }),
  // Create-only: binds the pod the Binding is named after, as pods/binding does (shared/apiserver/subresources/binding.ts).
  def({ group: '', version: 'v1', resource: 'bindings', kind: 'Binding', singular: 'binding', namespaced: true, schema: t.Binding, verbs: ['create'] }),
  def({ group: 'admissionregistration.k8s.io', version: 'v1', resource: 'mutatingwebhookconfigurations', kind: 'MutatingWebhookConfiguration', singular: 'mutatingwebhookconfiguration', namespaced: false, categories: ['api-extensions'], schema: t.MutatingWebhookConfiguration, strategy: mutatingWebhookConfigurationStrategy }),
  def({ group: 'admissionregistration.k8s.io', version: 'v1', resource: 'validatingwebhookconfigurations', kind: 'ValidatingWebhookConfiguration', singular: 'validatingwebhookconfiguration', namespaced: false, categories: ['api-extensions'], schema: t.ValidatingWebhookConfiguration, strategy: validatingWebhookConfigurationStrategy }),
  def({ group: 'admissionregistration.k8s.io', version: 'v1', resource: 'validatingadmissionpolicies', kind: 'ValidatingAdmissionPolicy', singular: 'validatingadmissionpolicy', namespaced: false, categories: ['api-extensions'], subresources: ['status'], hasGeneration: true, schema: t.ValidatingAdmissionPolicy, strategy: validatingAdmissionPolicyStrategy }),
  def({ group: 'admissionregistration.k8s.io', version: 'v1', resource: 'validatingadmissionpolicybindings', kind: 'ValidatingAdmissionPolicyBinding', singular: 'validatingadmissionpolicybinding', namespaced: false, categories: ['api-extensions'], hasGeneration: true, schema: t.ValidatingAdmissionPolicyBinding, strategy: validatingAdmissionPolicyBindingStrategy }),
  def({ group: 'scheduling.k8s.io', version: 'v1', resource: 'priorityclasses', kind: 'PriorityClass', singular: 'priorityclass', namespaced: false, shortNames: ['pc'], schema: t.PriorityClass, strategy: priorityClassStrategy }),
  def({ group: 'networking.k8s.io', version: 'v1', resource: 'networkpolicies', kind: 'NetworkPolicy', singular: 'networkpolicy', namespaced: true, shortNames: ['netpol'], schema: t.NetworkPolicy, hasGeneration: true, strategy: networkPolicyStrategy }),
  def({ group: 'node.k8s.io', version: 'v1', resource: 'runtimeclasses', kind: 'RuntimeClass', singular: 'runtimeclass', namespaced: false, schema: t.RuntimeClass, nameRule: 'dns1123-subdomain', strategy: runtimeClassStrategy }),
  def({ group: 'apiregistration.k8s.io', version: 'v1', resource: 'apiservices', kind: 'APIService', singular: 'apiservice', namespaced: false, categories: ['api-extensions'], subresources: ['status'], schema: t.APIService, nameRule: 'path-segment', strategy: apiServiceStrategy }),
  def({ group: 'certificates.k8s.io', version: 'v1', resource: 'certificatesigningrequests', kind: 'CertificateSigningRequest', singular: 'certificatesigningrequest', namespaced: false, shortNames: ['csr'], subresources: ['status', 'approval'], schema: t.CertificateSigningRequest, strategy: csrStrategy }),
  def({ group: 'authentication.k8s.io', version: 'v1', resource: 'tokenreviews', kind: 'TokenReview', singular: 'tokenreview', namespaced: false, schema: t.TokenReview, verbs: ['create'] }),
  def({ group: 'authentication.k8s.io', version: 'v1', resource: 'selfsubjectreviews', kind: 'SelfSubjectReview', singular: 'selfsubjectreview', namespaced: false, schema: t.SelfSubjectReview, verbs: ['create'] }),
  def({ group: 'policy', version: 'v1', resource: 'poddisruptionbudgets', kind: 'PodDisruptionBudget', singular: 'poddisruptionbudget', namespaced: true, shortNames: ['pdb'], subresources: ['status'], schema: t.PodDisruptionBudget, hasGeneration: true, strategy: podDisruptionBudgetStrategy }),
  def({ group: 'autoscaling', version: 'v2', resource: 'horizontalpodautoscalers', kind: 'HorizontalPodAutoscaler', singular: 'horizontalpodautoscaler', namespaced: true, shortNames: ['hpa'], categories: ['all'], subresources: ['status'], schema: t.HorizontalPodAutoscaler, hasGeneration: true, strategy: horizontalPodAutoscalerStrategy }),
  // A view of the autoscaling/v2 objects (shared/apiserver/versions/converted.ts): same storage, v2 the preferred version.
  def({ group: 'autoscaling', version: 'v1', resource: 'horizontalpodautoscalers', kind: 'HorizontalPodAutoscaler', singular: 'horizontalpodautoscaler', namespaced: true, shortNames: ['hpa'], categories: ['all'], subresources: ['status'], schema: t.HorizontalPodAutoscalerV1, hasGeneration: true, strategy: horizontalPodAutoscalerStrategy }),
  // Served by Skiff itself from the node providers' usage (shared/metrics/), never stored: read-only.
  def({ group: 'metrics.k8s.io', version: 'v1beta1', resource: 'pods', kind: 'PodMetrics', singular: '', namespaced: true, schema: t.PodMetrics, verbs: ['get', 'list'] }),
  def({ group: 'metrics.k8s.io', version: 'v1beta1', resource: 'nodes', kind: 'NodeMetrics', singular: '', namespaced: false, schema: t.NodeMetrics, verbs: ['get', 'list'] }),
  def({ group: 'networking.k8s.io', version: 'v1', resource: 'ingresses', kind: 'Ingress', singular: 'ingress', namespaced: true, shortNames: ['ing'], subresources: ['status'], schema: t.Ingress, hasGeneration: true, strategy: ingressStrategy }),
  def({ group: 'networking.k8s.io', version: 'v1', resource: 'ingressclasses', kind: 'IngressClass', singular: 'ingressclass', namespaced: false, schema: t.IngressClass, strategy: ingressClassStrategy }),
  // A view of the core/v1 events (shared/apiserver/versions/converted.ts): same storage, its own field names and stricter validation.
  def({ group: 'events.k8s.io', version: 'v1', resource: 'events', kind: 'Event', singular: 'event', namespaced: true, shortNames: ['ev'], schema: t.EventsV1Event, strategy: eventStrategy, nameRule: 'path-segment' }),
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
