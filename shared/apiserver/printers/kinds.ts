import { Printer } from './columns';
import { endpointSlicePrinter, endpointsPrinter } from './endpoints';
import { eventPrinter, eventsV1Printer } from './event';
import {
  configMapPrinter,
  leasePrinter,
  namespacePrinter,
  podDisruptionBudgetPrinter,
  secretPrinter,
  serviceAccountPrinter,
} from './misc';
import { nodePrinter } from './node';
import { podPrinter } from './pod';
import { servicePrinter } from './service';
import { deploymentPrinter, replicaSetPrinter } from './workloads';
import { cronJobPrinter, jobPrinter } from './batch';
import { controllerRevisionPrinter, daemonSetPrinter } from './daemonset';
import { horizontalPodAutoscalerPrinter } from './hpa';
import { nodeMetricsPrinter, podMetricsPrinter } from './metrics';
import { podTemplatePrinter, replicationControllerPrinter, statefulSetPrinter } from './statefulset';
import { persistentVolumeClaimPrinter, persistentVolumePrinter, storageClassPrinter } from './storage';
import { createdAtPrinter } from './custom';
import { roleBindingPrinter, rolePrinter } from './rbac';
import { ingressClassPrinter, ingressPrinter } from './ingress';
import {
  apiServicePrinter,
  componentStatusPrinter,
  csrPrinter,
  limitRangePrinter,
  networkPolicyPrinter,
  priorityClassPrinter,
  resourceQuotaPrinter,
  runtimeClassPrinter,
  webhookConfigurationPrinter,
} from './admission-kinds';
import { validatingAdmissionPolicyBindingPrinter, validatingAdmissionPolicyPrinter } from './admission-policy';

/**
 * Per-kind printers, keyed by group-qualified resource; kinds without one print Name and Age.
 * Each mirrors upstream's pkg/printers/internalversion for v1.33. Like kube-apiserver, which
 * renders tables with Wide set, every row carries all cells; kubectl hides priority-1 columns
 * unless asked for `-o wide`.
 */
export const PRINTERS: Record<string, Printer> = {
  pods: podPrinter,
  services: servicePrinter,
  'deployments.apps': deploymentPrinter,
  'replicasets.apps': replicaSetPrinter,
  'daemonsets.apps': daemonSetPrinter,
  'controllerrevisions.apps': controllerRevisionPrinter,
  'jobs.batch': jobPrinter,
  'cronjobs.batch': cronJobPrinter,
  nodes: nodePrinter,
  events: eventPrinter,
  namespaces: namespacePrinter,
  configmaps: configMapPrinter,
  secrets: secretPrinter,
  serviceaccounts: serviceAccountPrinter,
  endpoints: endpointsPrinter,
  'endpointslices.discovery.k8s.io': endpointSlicePrinter,
  'leases.coordination.k8s.io': leasePrinter,
  'poddisruptionbudgets.policy': podDisruptionBudgetPrinter,
  'horizontalpodautoscalers.autoscaling': horizontalPodAutoscalerPrinter,
  'pods.metrics.k8s.io': podMetricsPrinter,
  'nodes.metrics.k8s.io': nodeMetricsPrinter,
  'statefulsets.apps': statefulSetPrinter,
  replicationcontrollers: replicationControllerPrinter,
  podtemplates: podTemplatePrinter,
  persistentvolumeclaims: persistentVolumeClaimPrinter,
  persistentvolumes: persistentVolumePrinter,
  'storageclasses.storage.k8s.io': storageClassPrinter,
  'customresourcedefinitions.apiextensions.k8s.io': createdAtPrinter,
  'roles.rbac.authorization.k8s.io': rolePrinter,
  'clusterroles.rbac.authorization.k8s.io': rolePrinter,
  'rolebindings.rbac.authorization.k8s.io': roleBindingPrinter,
  'clusterrolebindings.rbac.authorization.k8s.io': roleBindingPrinter,
  'ingresses.networking.k8s.io': ingressPrinter,
  'ingressclasses.networking.k8s.io': ingressClassPrinter,
  resourcequotas: resourceQuotaPrinter,
  limitranges: limitRangePrinter,
  componentstatuses: componentStatusPrinter,
  'mutatingwebhookconfigurations.admissionregistration.k8s.io': webhookConfigurationPrinter,
  'validatingwebhookconfigurations.admissionregistration.k8s.io': webhookConfigurationPrinter,
  'validatingadmissionpolicies.admissionregistration.k8s.io': validatingAdmissionPolicyPrinter,
  'validatingadmissionpolicybindings.admissionregistration.k8s.io': validatingAdmissionPolicyBindingPrinter,
  'priorityclasses.scheduling.k8s.io': priorityClassPrinter,
  'networkpolicies.networking.k8s.io': networkPolicyPrinter,
  'runtimeclasses.node.k8s.io': runtimeClassPrinter,
  'apiservices.apiregistration.k8s.io': apiServicePrinter,
  'certificatesigningrequests.certificates.k8s.io': csrPrinter,
  'events.events.k8s.io': eventsV1Printer,
};
