import type { Pod, PodStatus } from '../api/types';

/**
 * What stands in for the kubelet and container runtime of a set of nodes: `simulated` (local runs and
 * tests) and `ecs` (pods as ECS tasks). A provider owns the Node objects it registers and their
 * Leases in `kube-node-lease`; the pods bound to those nodes are its to run, report and stop.
 * The pod lifecycle around these calls (when to run, when to write status, the final delete) is
 * shared by every provider: see `syncPodOnNode` in `pod-sync.ts`.
 */
export interface NodeProvider {
  /** Starts heartbeats and pod syncing (timers, event subscriptions). */
  start(): Promise<void>;
  /** Stops everything `start` began; writes in flight finish first. */
  stop(): Promise<void>;
  /** Creates the provider's Node objects and Leases; existing ones are kept. */
  registerNodes(): Promise<void>;
  /** Renews every live node's Lease and, when due, its status (the Ready condition's heartbeat). */
  heartbeat(): Promise<void>;
  /** Whether `nodeName` is one of this provider's nodes and its kubelet is alive to act on pods. */
  serves(nodeName: string): boolean;
  /** Starts the pod's containers (idempotent: a pod already running is left alone). */
  runPod(pod: Pod): Promise<void>;
  /** The pod's status as the runtime sees it now; undefined for a pod this provider does not run. */
  podStatus(pod: Pod): Promise<PodStatus | undefined>;
  /**
   * Stops the pod's containers within its deletion grace period. Resolves true once they are
   * stopped (the pod may then be deleted for good), false while they are still stopping.
   */
  stopPod(pod: Pod): Promise<boolean>;
  /** Forgets a pod that is gone from the API (releases its IP and runtime state). */
  forgetPod(namespace: string, name: string): void;
}
