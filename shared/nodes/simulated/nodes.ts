import { projectedFiles, ProjectedFiles } from '../serviceaccount-token/projected';
import type { DynamoDBRecord } from 'aws-lambda';
import type { Pod, PodStatus } from '../../api/types';
import { get, list, R } from '../../controllers/client';
import { logger } from '../../logging';
import type { RestContext } from '../../registry/context';
import { keyOfRecord } from '../../runtime/work';
import { decodeBody } from '../../storage/codec';
import { syncPodOnNode } from '../pod-sync';
import { unboundClaims } from '../volumes-ready';
import type { NodeProvider } from '../provider';
import { KUBELET_BACKOFF } from './backoff';
import { forEachLimit } from '../../concurrency';
import { KeyedSerial, Limiter } from './concurrency';
import { NodeHeartbeats } from './node-heartbeat';
import { DEFAULT_CAPACITY, NodeCapacity } from './node-object';
import type { SimulatedLogs } from './logs';
import { PodRuntime, podKey } from './pod-runtime';
import type { RuntimeTiming } from './runtime';

/** How soon a pod waiting for its claims to be Bound is looked at again. */
const VOLUME_WAIT_MS = 500;

export interface SimulatedNodesOptions {
  ctx: RestContext;
  /** How many nodes: `<namePrefix>1` .. `<namePrefix><count>`. */
  count: number;
  namePrefix?: string;
  capacity?: Partial<NodeCapacity>;
  /** Lease duration written to each node's Lease (upstream's 40 s). */
  leaseDurationSeconds?: number;
  /** How often Leases are renewed (upstream: a quarter of the duration, 10 s). */
  renewIntervalSeconds?: number;
  /** How often a healthy node's status (Ready heartbeat) is rewritten (upstream 5 min; 60 s here). */
  statusUpdateSeconds?: number;
  /** Full pod sync interval: one list of all pods that catches anything the stream feed missed (upstream's --sync-frequency, 60 s). */
  podSyncSeconds?: number;
  /** Image pull time (containers wait in ContainerCreating); 0 writes Running straight away. */
  containerCreatingSeconds?: number;
  /** How long a container whose command exits (`true`, `sh -c 'exit 1'`) runs. */
  exitAfterSeconds?: number;
  /** CrashLoopBackOff: first delay and cap (upstream 10 s and 300 s). */
  backoff?: { initialSeconds: number; maxSeconds: number };
  /** The longest a graceful stop takes whatever the grace period, so deletes stay fast. */
  stopSeconds?: number;
  /** DynamoDB writes in flight at once per round. */
  concurrency?: number;
}

/**
 * Simulated kubelets, in the spirit of kwok: N Nodes with Leases and heartbeats, and for every pod
 * bound to them a simulated container runtime (IPs from the node's pod CIDR, init containers,
 * exits, CrashLoopBackOff, graceful stops). Learns about pods from `onRecord` (stream records), a
 * per-pod timer for its own next transition, and a periodic full sync.
 */
export class SimulatedNodes implements NodeProvider {
  readonly nodeNames: string[];
  readonly namePrefix: string;
  private readonly ctx: RestContext;
  private readonly heartbeats: NodeHeartbeats;
  private readonly runtime: PodRuntime;
  private readonly timers = new Map<string, { at: number; timer: NodeJS.Timeout }>();
  private readonly serial = new KeyedSerial();
  private readonly projected = new Map<string, ProjectedFiles & { uid: string }>();
  /** Pod syncs in flight at once, whatever feeds them (stream records, timers, full syncs). */
  private readonly limiter: Limiter;
  private readonly loops = new Set<NodeJS.Timeout>();
  private readonly inflight = new Set<Promise<void>>();
  private running = false;

  constructor(private readonly o: SimulatedNodesOptions) {
    this.ctx = o.ctx;
    this.namePrefix = o.namePrefix ?? 'skiff-worker-';
    const names = Array.from({ length: o.count }, (_, i) => ({ name: `${this.namePrefix}${i + 1}`, index: i + 1 }));
    this.nodeNames = names.map((n) => n.name);
    this.limiter = new Limiter(this.concurrency);
    this.heartbeats = new NodeHeartbeats({
      ctx: o.ctx,
      names,
      capacity: { ...DEFAULT_CAPACITY, ...o.capacity },
      leaseDurationSeconds: o.leaseDurationSeconds ?? 40,
      statusUpdateSeconds: o.statusUpdateSeconds ?? 60,
      concurrency: this.concurrency,
    });
    const backoff = o.backoff ? { initialMs: o.backoff.initialSeconds * 1000, maxMs: o.backoff.maxSeconds * 1000 } : KUBELET_BACKOFF;
    const timing: RuntimeTiming = {
      containerCreatingMs: (o.containerCreatingSeconds ?? 0) * 1000,
      exitAfterMs: (o.exitAfterSeconds ?? 1) * 1000,
      backoff,
      stopMs: (o.stopSeconds ?? 0.2) * 1000,
    };
    this.runtime = new PodRuntime(this.heartbeats.states, timing, (k, at) => this.wakeAt(k, at));
  }

  private get concurrency(): number {
    return this.o.concurrency ?? 16;
  }

  async start(): Promise<void> {
    await this.registerNodes();
    this.running = true;
    await this.heartbeat();
    await this.syncAll();
    this.every((this.o.renewIntervalSeconds ?? 10) * 1000, () => this.heartbeat());
    this.every((this.o.podSyncSeconds ?? 60) * 1000, () => this.syncAll());
  }

  async stop(): Promise<void> {
    this.running = false;
    for (const t of this.loops) clearTimeout(t);
    this.loops.clear();
    for (const { timer } of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await Promise.allSettled([...this.inflight]);
  }

  registerNodes(): Promise<void> {
    return this.heartbeats.register();
  }

  heartbeat(): Promise<void> {
    return this.heartbeats.beatAll();
  }

  /**
   * A stream record of a pod or node (see `simulatedNodesConsumer` for the filters). A pod record's
   * new image is the pod as written, so it is synced without a read; a removal forgets it.
   */
  onRecord(record: DynamoDBRecord): Promise<void> {
    const k = keyOfRecord(record);
    if (k?.resource === 'nodes') return this.syncNode(k.name);
    if (k?.resource !== 'pods' || !k.namespace) return Promise.resolve();
    const body = record.dynamodb?.NewImage?.b?.B;
    if (!body) return this.syncPod(k.namespace, k.name);
    return this.syncSerially(k.namespace, k.name, decodeBody<Pod>(Buffer.from(body, 'base64')));
  }

  /** Re-reads a node: picks up the heartbeat annotation and brings a recovered node back to Ready. */
  syncNode(name: string): Promise<void> {
    return this.track(this.heartbeats.beatOne(name));
  }

  /** Re-reads one pod and syncs it (a pod gone from the API is forgotten). */
  syncPod(namespace: string, name: string): Promise<void> {
    return this.syncSerially(namespace, name);
  }

  /** One list of every pod; syncs those on these nodes and forgets pods that are gone. */
  async syncAll(): Promise<void> {
    const listedAt = Date.now();
    const pods = ((await list(this.ctx, R.pods)) as Pod[]).filter((p) => p.spec?.nodeName && this.heartbeats.states.has(p.spec.nodeName));
    for (const k of this.runtime.reconcileListed(pods, listedAt)) this.clearWake(k);
    await forEachLimit(pods, this.concurrency, (pod) => this.syncSerially(String(pod.metadata?.namespace), String(pod.metadata?.name), pod));
  }

  serves(nodeName: string): boolean {
    const state = this.heartbeats.states.get(nodeName);
    return !!state && state.present && !state.stopped;
  }

  async runPod(pod: Pod): Promise<void> {
    // Volumes are mounted before anything starts: a claim not Bound yet holds the pod, looked at again shortly.
    if (!this.runtime.has(pod) && (await unboundClaims(this.ctx, pod)).length > 0) {
      this.wakeAt(podKey(String(pod.metadata?.namespace), String(pod.metadata?.name)), Date.now() + VOLUME_WAIT_MS);
      return;
    }
    this.runtime.run(pod);
  }

  /**
   * The files a container of the pod reads from its projected volumes (the service account token
   * at /var/run/secrets/kubernetes.io/serviceaccount/token, ca.crt, namespace): what the simulated
   * kubelet wrote, renewed once 80% of the token's life has passed. Undefined for a pod not running here.
   */
  async containerFiles(namespace: string, name: string, container: string): Promise<Map<string, string> | undefined> {
    const pod = (await get(this.ctx, R.pods, namespace, name)) as Pod | undefined;
    if (!pod?.spec?.nodeName || !this.serves(pod.spec.nodeName)) return undefined;
    const k = podKey(namespace, name);
    let held = this.projected.get(k);
    if (!held || held.uid !== pod.metadata?.uid || (held.refreshAt !== undefined && held.refreshAt <= Date.now())) {
      held = { uid: String(pod.metadata?.uid), ...(await projectedFiles(this.ctx, pod)) };
      this.projected.set(k, held);
    }
    return held.files.get(container);
  }

  async podStatus(pod: Pod): Promise<PodStatus | undefined> {
    return this.runtime.status(pod);
  }

  async stopPod(pod: Pod): Promise<boolean> {
    return this.runtime.stop(pod);
  }

  forgetPod(namespace: string, name: string): void {
    const k = podKey(namespace, name);
    this.runtime.forget(k);
    this.projected.delete(k);
    this.clearWake(k);
  }

  /** What the simulated runtime did to each container run: the log source of `skiff-sim://` containers. */
  get logs(): SimulatedLogs {
    return this.runtime.logs;
  }

  /** Pod IPs in use on a node (for tests and diagnostics). */
  podIpsInUse(nodeName: string): number {
    return this.heartbeats.states.get(nodeName)?.pool.inUse ?? 0;
  }

  /**
   * One pod's sync, never two at once for the same pod: `pod` as already read (a list, a stream
   * image), else re-read; a request while one runs becomes one re-run that re-reads.
   */
  private syncSerially(namespace: string, name: string, pod?: Pod): Promise<void> {
    const fresh = () => this.limiter.run(() => this.syncFresh(namespace, name));
    const first = pod ? () => this.limiter.run(() => syncPodOnNode(this.ctx, this, pod)) : fresh;
    return this.track(this.serial.run(podKey(namespace, name), first, fresh));
  }

  private async syncFresh(namespace: string, name: string): Promise<void> {
    const pod = (await get(this.ctx, R.pods, namespace, name)) as Pod | undefined;
    if (!pod) this.forgetPod(namespace, name);
    else await syncPodOnNode(this.ctx, this, pod);
  }

  private clearWake(k: string): void {
    const t = this.timers.get(k);
    if (t) clearTimeout(t.timer);
    this.timers.delete(k);
  }

  /** Re-syncs a pod when its next transition is due; an earlier wake-up already set covers it. */
  private wakeAt(k: string, at: number): void {
    if (!this.running) return;
    const existing = this.timers.get(k);
    if (existing && existing.at <= at) return;
    if (existing) clearTimeout(existing.timer);
    const timer = setTimeout(() => {
      this.timers.delete(k);
      const slash = k.indexOf('/');
      if (this.running) void this.syncPod(k.slice(0, slash), k.slice(slash + 1));
    }, Math.max(0, at - Date.now()) + 1);
    this.timers.set(k, { at, timer });
  }

  private every(ms: number, fn: () => Promise<void>): void {
    const tick = () => {
      this.loops.delete(timer);
      if (!this.running) return;
      void this.track(fn()).finally(() => {
        if (this.running) {
          timer = setTimeout(tick, ms);
          this.loops.add(timer);
        }
      });
    };
    let timer = setTimeout(tick, ms);
    this.loops.add(timer);
  }

  /** Runs a sync in the background bookkeeping: awaited by `stop`, failures logged (the next pass retries). */
  private track(p: Promise<void>): Promise<void> {
    const guarded = p.catch((err) => logger.warn('simulated node sync failed', { error: (err as Error).stack ?? String(err) }));
    this.inflight.add(guarded);
    void guarded.finally(() => this.inflight.delete(guarded));
    return guarded;
  }
}
