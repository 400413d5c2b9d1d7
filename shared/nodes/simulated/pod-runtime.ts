import type { Pod, PodStatus } from '../../api/types';
import { logger } from '../../logging';
import type { NodeState } from './node-heartbeat';
import { sandboxStatus } from './pod-status';
import { EphemeralRuns } from './ephemeral';
import { SimulatedLogs } from './logs';
import { RuntimeTiming, Sandbox } from './runtime';

export const podKey = (namespace: string, name: string): string => `${namespace}/${name}`;
const keyOf = (pod: Pod): string => podKey(String(pod.metadata?.namespace), String(pod.metadata?.name));

/**
 * The simulated container runtime of all the simulated nodes: one sandbox per pod, keyed by
 * namespace/name and pinned to the pod's uid, with an address from its node's pod CIDR. `wake`
 * is told when a sandbox's next transition is due, so the pod is synced again right then.
 */
export class PodRuntime {
  private readonly sandboxes = new Map<string, Sandbox>();
  private readonly ephemeral = new Map<string, EphemeralRuns>();
  private readonly ips = new Map<string, { uid: string; nodeName: string; ip: string }>();

  constructor(
    private readonly nodes: ReadonlyMap<string, NodeState>,
    private readonly timing: RuntimeTiming,
    private readonly wake: (key: string, at: number) => void,
    readonly logs: SimulatedLogs = new SimulatedLogs(),
  ) {}

  /** Starts the pod's sandbox unless it runs already or has finished (a finished pod never reruns). */
  run(pod: Pod): void {
    const meta = pod.metadata ?? {};
    const k = keyOf(pod);
    const existing = this.sandboxes.get(k);
    if (existing?.pod.uid === meta.uid) return;
    if (existing) this.forget(k);
    const phase = pod.status?.phase;
    const node = this.nodeOf(pod);
    if (!node || phase === 'Succeeded' || phase === 'Failed') return;
    const ip = this.claimIp(pod, node, pod.status?.podIP);
    if (!ip) {
      logger.warn('simulated node has no pod IP left', { node: node.name, pod: k });
      return;
    }
    const spec = pod.spec ?? { containers: [] };
    const sandboxPod = {
      uid: String(meta.uid),
      namespace: String(meta.namespace),
      name: String(meta.name),
      restartPolicy: spec.restartPolicy ?? 'Always',
      initContainers: spec.initContainers ?? [],
      containers: spec.containers ?? [],
    };
    // A pod that already has a start time ran before a restart of the runner: carry on from it.
    const previous: PodStatus | undefined = pod.status?.startTime ? pod.status : undefined;
    const log = (containerID: string, at: number, text: string) => this.logs.record(k, containerID, at, text);
    this.sandboxes.set(k, new Sandbox(sandboxPod, ip, Date.now(), this.timing, previous, log));
    this.ephemeral.set(k, new EphemeralRuns(sandboxPod.uid, log, previous?.ephemeralContainerStatuses));
  }

  /** Whether this pod (this uid) has a sandbox here. */
  has(pod: Pod): boolean {
    return this.sandboxes.get(keyOf(pod))?.pod.uid === pod.metadata?.uid;
  }

  /** The pod's status now, or undefined if no sandbox of this pod runs here. */
  status(pod: Pod): PodStatus | undefined {
    const k = keyOf(pod);
    const sb = this.sandboxOf(pod);
    const node = this.nodeOf(pod);
    if (!sb || !node) return undefined;
    const now = Date.now();
    const next = sb.advance(now);
    const status = sandboxStatus(sb, node.hostIP, now);
    const ephemeral = this.ephemeral.get(k)?.statuses(pod.spec?.ephemeralContainers ?? [], sb.done, now);
    if (ephemeral) status.ephemeralContainerStatuses = ephemeral;
    // A finished pod's sandbox is torn down: its address is free again (the status keeps it).
    if (sb.done) this.releaseIp(k);
    if (next !== undefined) this.wake(k, next);
    return status;
  }

  /** Stops the pod's containers within min(grace, stop time); true once they are stopped. */
  stop(pod: Pod): boolean {
    const sb = this.sandboxOf(pod);
    if (!sb || sb.done) return true;
    const now = Date.now();
    const grace = Number(pod.metadata?.deletionGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30);
    sb.stop(now + Math.min(grace * 1000, this.timing.stopMs));
    const next = sb.advance(now);
    if (sb.isStopped) return true;
    if (next !== undefined) this.wake(keyOf(pod), next);
    return false;
  }

  forget(k: string): void {
    this.sandboxes.delete(k);
    this.ephemeral.delete(k);
    this.logs.forget(k);
    this.releaseIp(k);
  }

  /**
   * After a full list of pods: addresses pods already hold (from before a restart, or on a stopped
   * node) stay taken, and pods no longer listed are forgotten (unless started after the list began).
   */
  reconcileListed(pods: Pod[], listedAt: number): string[] {
    const seen = new Set<string>();
    for (const pod of pods) {
      const node = this.nodeOf(pod);
      if (!node) continue;
      seen.add(keyOf(pod));
      const phase = pod.status?.phase;
      if (pod.status?.podIP && phase !== 'Succeeded' && phase !== 'Failed') this.claimIp(pod, node, pod.status.podIP);
    }
    const gone = [...this.sandboxes].filter(([k, sb]) => !seen.has(k) && sb.createdAt < listedAt).map(([k]) => k);
    gone.push(...[...this.ips.keys()].filter((k) => !seen.has(k) && !this.sandboxes.has(k)));
    for (const k of gone) this.forget(k);
    return gone;
  }

  private sandboxOf(pod: Pod): Sandbox | undefined {
    const sb = this.sandboxes.get(keyOf(pod));
    return sb && sb.pod.uid === pod.metadata?.uid ? sb : undefined;
  }

  private nodeOf(pod: Pod): NodeState | undefined {
    const name = pod.spec?.nodeName;
    return name ? this.nodes.get(name) : undefined;
  }

  /** The pod's address: the one it holds, else `preferred` if free (adoption), else the next free one. */
  private claimIp(pod: Pod, node: NodeState, preferred: string | undefined): string | undefined {
    const k = keyOf(pod);
    const uid = String(pod.metadata?.uid);
    const owned = this.ips.get(k);
    if (owned?.uid === uid) return owned.ip;
    if (owned) this.releaseIp(k);
    const ip = preferred && node.pool.reserve(preferred) ? preferred : node.pool.allocate();
    if (ip) this.ips.set(k, { uid, nodeName: node.name, ip });
    return ip;
  }

  private releaseIp(k: string): void {
    const owned = this.ips.get(k);
    if (!owned) return;
    this.nodes.get(owned.nodeName)?.pool.release(owned.ip);
    this.ips.delete(k);
  }
}
