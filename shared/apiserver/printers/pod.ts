/** Pods as `kubectl get pods` shows them (upstream's printPod). */
import type { Container, ContainerStatus, Pod, PodCondition } from '../../api/types';
import { age, humanDuration } from './age';
import { ageColumn, col, nameColumn, Printer, view } from './columns';
import { POD } from './docs';

/** The node controller's reason for pods on a node that stopped reporting (util/node.NodeUnreachablePodReason). */
const NODE_UNREACHABLE_POD_REASON = 'NodeLost';

const isRestartable = (container: Container | undefined): boolean => container?.restartPolicy === 'Always';

const hasCondition = (conditions: PodCondition[] | undefined, type: string): boolean =>
  (conditions ?? []).some((c) => c.type === type && c.status === 'True');

/** isPodInitializedConditionTrue: only the first Initialized condition counts. */
const initializedConditionTrue = (conditions: PodCondition[] | undefined): boolean =>
  (conditions ?? []).find((c) => c.type === 'Initialized')?.status === 'True';

/** Milliseconds of lastState.terminated.finishedAt, 0 when there is none (Go's zero time). */
const lastTerminated = (status: ContainerStatus): number => {
  const finished = Date.parse(status.lastState?.terminated?.finishedAt ?? '');
  return Number.isNaN(finished) ? 0 : finished;
};

const terminatedReason = (prefix: string, terminated: { reason?: string; signal?: number; exitCode: number }): string => {
  if (terminated.reason) return prefix + terminated.reason;
  return terminated.signal ? `${prefix}Signal:${terminated.signal}` : `${prefix}ExitCode:${terminated.exitCode}`;
};

export interface PodSummary {
  ready: string;
  status: string;
  restarts: string;
}

/** Ready, Status and Restarts, derived exactly as upstream's printPod derives them. */
export function summarizePod(pod: Pod, now: number): PodSummary {
  const spec = pod.spec;
  const status = pod.status ?? {};
  const initContainers = spec?.initContainers ?? [];
  const initSpecs = new Map(initContainers.map((c) => [c.name, c]));
  const total = (spec?.containers ?? []).length + initContainers.filter(isRestartable).length;
  let ready = 0;
  let restarts = 0;
  let lastRestart = 0;
  let restartableInitRestarts = 0;
  let lastRestartableInitRestart = 0;

  let reason = status.reason || status.phase || '';
  if ((status.conditions ?? []).some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')) {
    reason = 'SchedulingGated';
  }

  let initializing = false;
  const initStatuses = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const container = initStatuses[i];
    const restartable = isRestartable(initSpecs.get(container.name));
    restarts += container.restartCount;
    lastRestart = Math.max(lastRestart, lastTerminated(container));
    if (restartable) {
      restartableInitRestarts += container.restartCount;
      lastRestartableInitRestart = Math.max(lastRestartableInitRestart, lastTerminated(container));
    }
    const state = container.state ?? {};
    if (state.terminated && state.terminated.exitCode === 0) continue;
    if (restartable && container.started) {
      if (container.ready) ready++;
      continue;
    }
    initializing = true;
    if (state.terminated) reason = terminatedReason('Init:', state.terminated);
    else if (state.waiting?.reason && state.waiting.reason !== 'PodInitializing') reason = `Init:${state.waiting.reason}`;
    else reason = `Init:${i}/${initContainers.length}`;
    break;
  }

  if (!initializing || initializedConditionTrue(status.conditions)) {
    restarts = restartableInitRestarts;
    lastRestart = lastRestartableInitRestart;
    let hasRunning = false;
    const statuses = status.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const container = statuses[i];
      const state = container.state ?? {};
      restarts += container.restartCount;
      lastRestart = Math.max(lastRestart, lastTerminated(container));
      if (state.waiting?.reason) reason = state.waiting.reason;
      else if (state.terminated) reason = terminatedReason('', state.terminated);
      else if (container.ready && state.running) {
        hasRunning = true;
        ready++;
      }
    }
    // A pod whose last container completed still runs while another container reports running.
    if (reason === 'Completed' && hasRunning) {
      reason = hasCondition(status.conditions, 'Ready') ? 'Running' : 'NotReady';
    }
  }

  if (pod.metadata?.deletionTimestamp) {
    if (status.reason === NODE_UNREACHABLE_POD_REASON) reason = 'Unknown';
    else if (status.phase !== 'Succeeded' && status.phase !== 'Failed') reason = 'Terminating';
  }

  const restartsText =
    restarts !== 0 && lastRestart !== 0 ? `${restarts} (${humanDuration(now - lastRestart)} ago)` : String(restarts);
  return { ready: `${ready}/${total}`, status: reason, restarts: restartsText };
}

/** `<none>` or `true/total` over the pod's readiness gates. */
export function readinessGates(pod: Pod): string {
  const gates = pod.spec?.readinessGates ?? [];
  if (gates.length === 0) return '<none>';
  const conditions = pod.status?.conditions ?? [];
  const met = gates.filter((g) => conditions.find((c) => c.type === g.conditionType)?.status === 'True').length;
  return `${met}/${gates.length}`;
}

export const podPrinter: Printer = {
  columns: [
    nameColumn,
    col('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
    col('Status', 'string', 'The aggregate status of the containers in this pod.'),
    col(
      'Restarts',
      'string',
      'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
    ),
    ageColumn,
    col('IP', 'string', POD.podIP, 1),
    col('Node', 'string', POD.nodeName, 1),
    col('Nominated Node', 'string', POD.nominatedNodeName, 1),
    col('Readiness Gates', 'string', POD.readinessGates, 1),
  ],
  cells(obj, now) {
    const pod = view<Pod>(obj);
    const summary = summarizePod(pod, now);
    // podIP is authoritative over podIPs, as upstream's v1-to-internal conversion makes it.
    const ip = pod.status?.podIP || pod.status?.podIPs?.[0]?.ip || '<none>';
    return [
      pod.metadata?.name ?? '',
      summary.ready,
      summary.status,
      summary.restarts,
      age(pod.metadata?.creationTimestamp, now),
      ip,
      pod.spec?.nodeName || '<none>',
      pod.status?.nominatedNodeName || '<none>',
      readinessGates(pod),
    ];
  },
};
