/** Deployments and ReplicaSets (upstream's printDeployment and printReplicaSet). */
import type { Deployment, ReplicaSet } from '../../api/types';
import { age } from './age';
import { ageColumn, col, nameColumn, Printer, view } from './columns';
import { WORKLOADS } from './docs';
import { formatLabelSelector, layoutContainerCells, selectorString } from './format';

/** Upstream defaults spec.replicas to 1 before anything is stored. */
const DEFAULT_REPLICAS = 1;

export const deploymentPrinter: Printer = {
  columns: [
    nameColumn,
    col('Ready', 'string', WORKLOADS.ready),
    col('Up-to-date', 'string', WORKLOADS.deploymentStatusUpdatedReplicas),
    col('Available', 'string', WORKLOADS.deploymentStatusAvailableReplicas),
    ageColumn,
    col('Containers', 'string', WORKLOADS.containers, 1),
    col('Images', 'string', WORKLOADS.images, 1),
    col('Selector', 'string', WORKLOADS.deploymentSpecSelector, 1),
  ],
  cells(obj, now) {
    const deployment = view<Deployment>(obj);
    const status = deployment.status ?? {};
    const desired = deployment.spec?.replicas ?? DEFAULT_REPLICAS;
    const [containers, images] = layoutContainerCells(deployment.spec?.template?.spec?.containers);
    return [
      deployment.metadata?.name ?? '',
      `${status.readyReplicas ?? 0}/${desired}`,
      status.updatedReplicas ?? 0,
      status.availableReplicas ?? 0,
      age(deployment.metadata?.creationTimestamp, now),
      containers,
      images,
      // Unlike the other workloads, upstream prints a deployment's selector without `<none>`.
      selectorString(deployment.spec?.selector) ?? '<invalid>',
    ];
  },
};

export const replicaSetPrinter: Printer = {
  columns: [
    nameColumn,
    col('Desired', 'integer', WORKLOADS.replicaSetSpecReplicas),
    col('Current', 'integer', WORKLOADS.replicaSetStatusReplicas),
    col('Ready', 'integer', WORKLOADS.replicaSetStatusReadyReplicas),
    ageColumn,
    col('Containers', 'string', WORKLOADS.containers, 1),
    col('Images', 'string', WORKLOADS.images, 1),
    col('Selector', 'string', WORKLOADS.replicaSetSpecSelector, 1),
  ],
  cells(obj, now) {
    const replicaSet = view<ReplicaSet>(obj);
    const [containers, images] = layoutContainerCells(replicaSet.spec?.template?.spec?.containers);
    return [
      replicaSet.metadata?.name ?? '',
      replicaSet.spec?.replicas ?? DEFAULT_REPLICAS,
      replicaSet.status?.replicas ?? 0,
      replicaSet.status?.readyReplicas ?? 0,
      age(replicaSet.metadata?.creationTimestamp, now),
      containers,
      images,
      formatLabelSelector(replicaSet.spec?.selector),
    ];
  },
};
