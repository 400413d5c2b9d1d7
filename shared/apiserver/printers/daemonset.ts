/** DaemonSets and ControllerRevisions (upstream's printDaemonSet and printControllerRevision). */
import type { ControllerRevision, DaemonSet } from '../../api/types';
import { age } from './age';
import { ageColumn, col, nameColumn, Printer, view } from './columns';
import { WORKLOADS } from './docs';
import { formatLabels, formatLabelSelector, layoutContainerCells } from './format';

export const daemonSetPrinter: Printer = {
  columns: [
    nameColumn,
    col('Desired', 'integer', 'The total number of nodes that should be running the daemon pod.'),
    col('Current', 'integer', 'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.'),
    col('Ready', 'integer', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready.'),
    col('Up-to-date', 'integer', 'The total number of nodes that are running updated daemon pod.'),
    col('Available', 'integer', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available.'),
    col('Node Selector', 'string', 'NodeSelector is a selector which must be true for the pod to fit on a node.'),
    ageColumn,
    col('Containers', 'string', WORKLOADS.containers, 1),
    col('Images', 'string', WORKLOADS.images, 1),
    col('Selector', 'string', 'A label query over pods that are managed by the daemon set.', 1),
  ],
  cells(obj, now) {
    const ds = view<DaemonSet>(obj);
    const s = ds.status;
    const [containers, images] = layoutContainerCells(ds.spec?.template?.spec?.containers);
    return [
      ds.metadata?.name ?? '',
      s?.desiredNumberScheduled ?? 0,
      s?.currentNumberScheduled ?? 0,
      s?.numberReady ?? 0,
      s?.updatedNumberScheduled ?? 0,
      s?.numberAvailable ?? 0,
      formatLabels(ds.spec?.template?.spec?.nodeSelector),
      age(ds.metadata?.creationTimestamp, now),
      containers,
      images,
      formatLabelSelector(ds.spec?.selector),
    ];
  },
};

export const controllerRevisionPrinter: Printer = {
  columns: [nameColumn, col('Controller', 'string', 'Controller of the object.'), col('Revision', 'integer', 'Revision number, increasing per owner.'), ageColumn],
  cells(obj, now) {
    const rev = view<ControllerRevision>(obj);
    const ref = rev.metadata?.ownerReferences?.find((r) => r.controller);
    const group = ref?.apiVersion.includes('/') ? `.${ref.apiVersion.split('/')[0]}` : '';
    const controller = ref ? `${ref.kind.toLowerCase()}${group}/${ref.name}` : '<none>';
    return [rev.metadata?.name ?? '', controller, rev.revision, age(rev.metadata?.creationTimestamp, now)];
  },
};
