/** StatefulSets, ReplicationControllers and PodTemplates (upstream's printStatefulSet, printReplicationController, printPodTemplate). */
import type { PodTemplate, ReplicationController, StatefulSet } from '../../api/types';
import { age } from './age';
import { ageColumn, col, nameColumn, Printer, view } from './columns';
import { WORKLOADS } from './docs';
import { formatLabels, layoutContainerCells } from './format';

export const statefulSetPrinter: Printer = {
  columns: [
    nameColumn,
    col('Ready', 'string', 'Number of the pod with ready state'),
    ageColumn,
    col('Containers', 'string', WORKLOADS.containers, 1),
    col('Images', 'string', WORKLOADS.images, 1),
  ],
  cells(obj, now) {
    const sts = view<StatefulSet>(obj);
    const [containers, images] = layoutContainerCells(sts.spec?.template?.spec?.containers);
    return [sts.metadata?.name ?? '', `${sts.status?.readyReplicas ?? 0}/${sts.spec?.replicas ?? 1}`, age(sts.metadata?.creationTimestamp, now), containers, images];
  },
};

export const replicationControllerPrinter: Printer = {
  columns: [
    nameColumn,
    col('Desired', 'integer', 'Replicas is the number of desired replicas. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller#what-is-a-replicationcontroller'),
    col('Current', 'integer', 'Replicas is the most recently observed number of replicas. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller#what-is-a-replicationcontroller'),
    col('Ready', 'integer', 'The number of ready replicas for this replication controller.'),
    ageColumn,
    col('Containers', 'string', WORKLOADS.containers, 1),
    col('Images', 'string', WORKLOADS.images, 1),
    col('Selector', 'string', 'Selector is a label query over pods that should match the Replicas count. If Selector is empty, it is defaulted to the labels present on the Pod template. Label keys and values that must match in order to be controlled by this replication controller, if empty defaulted to labels on Pod template. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors', 1),
  ],
  cells(obj, now) {
    const rc = view<ReplicationController>(obj);
    const [containers, images] = layoutContainerCells(rc.spec?.template?.spec?.containers);
    return [rc.metadata?.name ?? '', rc.spec?.replicas ?? 1, rc.status?.replicas ?? 0, rc.status?.readyReplicas ?? 0, age(rc.metadata?.creationTimestamp, now), containers, images, formatLabels(rc.spec?.selector)];
  },
};

export const podTemplatePrinter: Printer = {
  columns: [
    { ...nameColumn, name: 'Template' },
    col('Containers', 'string', 'Names of each container in the template.'),
    col('Images', 'string', 'Images referenced by each container in the template.'),
    col('Pod Labels', 'string', 'The labels for the pod template.'),
  ],
  cells(obj) {
    const pt = view<PodTemplate>(obj);
    const [containers, images] = layoutContainerCells(pt.template?.spec?.containers);
    return [pt.metadata?.name ?? '', containers, images, formatLabels(pt.template?.metadata?.labels)];
  },
};
