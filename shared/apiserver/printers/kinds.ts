import { Printer } from './columns';
import { endpointSlicePrinter, endpointsPrinter } from './endpoints';
import { eventPrinter } from './event';
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
};
