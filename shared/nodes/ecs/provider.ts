import { StopTaskCommand, Task } from '@aws-sdk/client-ecs';
import type { DynamoDBRecord } from 'aws-lambda';
import { ConflictError } from '../../api/errors';
import type { Pod, PodStatus } from '../../api/types';
import type { AwsSettings } from '../../cloud/aws';
import { get, R } from '../../controllers/client';
import { recordEvent } from '../../controllers/events';
import { logger } from '../../logging';
import type { RestContext } from '../../registry/context';
import type { KubeObject } from '../../registry/resource';
import { keyOfRecord, Requeuer } from '../../runtime/work';
import { decodeBody } from '../../storage/codec';
import { syncPodOnNode } from '../pod-sync';
import type { NodeProvider } from '../provider';
import { Backoff, KUBELET_BACKOFF } from '../simulated/backoff';
import { KeyedSerial, Limiter } from '../simulated/concurrency';
import { discoverCapacity, EcsNodeSpec } from './capacity';
import type { EcsClients } from './clients';
import type { PodTokenDelivery } from './inputs';
import { EcsHeartbeats } from './heartbeats';
import { computeTypeOf, DEFAULT_FARGATE_CAPACITY, FargateCapacity } from './node-objects';
import { PodTasks } from './pod-tasks';
import { retryable, retryDelayMs, StartBlock } from './run-errors';
import { SecretsMirror } from './secrets-mirror';
import { StartBatcher } from './batcher';
import { prepareStart } from './starter';
import { endingOf, nextStartAt } from './task-state';
import { TaskDefinitions } from './task-definitions';
import { podStatusOf } from './task-status';
import { Problem, validateForEcs } from './validate';
import { Ticker } from './ticker';
import { resync } from './resync';

export const UNSUPPORTED_CONDITION = 'ecs.skiff.dev/Runnable';
export const DEFAULT_VOLUME_WRITER_IMAGE = 'public.ecr.aws/docker/library/busybox:stable';

export interface EcsNodesOptions {
  ctx: RestContext;
  clients: EcsClients;
  settings: AwsSettings;
  /** Task execution role (image pulls from ECR, `secrets`, awslogs on Fargate). */
  executionRoleArn?: string;
  volumeWriterImage?: string;
  /** The task role of pods whose service account names none (SKIFF_TASK_ROLE_ARN; the stack's PodTaskRole). */
  defaultTaskRoleArn?: string;
  /** How pods' `skiff-token` sidecars reach the API (the object may get its url later); unset: no sidecar. */
  podToken?: PodTokenDelivery;
  /** Give Fargate tasks a public IP (subnets without a NAT gateway, such as the default VPC's). */
  assignPublicIp?: boolean;
  fargate?: Partial<FargateCapacity>;
  leaseDurationSeconds?: number;
  renewIntervalSeconds?: number;
  statusUpdateSeconds?: number;
  /** ListTasks/DescribeTasks resync: lost events repaired, orphan tasks stopped, unused Secret entries removed. */
  resyncSeconds?: number;
  backoff?: Backoff;
  concurrency?: number;
  /** Starts sharing a task definition and placement go out up to this many a call (10; 1: one call a pod). */
  maxBatch?: number;
  /** How long a start waits for others to share its call (ms, default 20). */
  batchWindowMs?: number;
  /** Where wake-ups go when the provider's own timers do not run (on Lambda). */
  requeuer?: Requeuer;
}

const CONFIG_RETRY_MS = 10_000;

/**
 * The kubelet for ECS: Fargate zones and EC2 container instances as Nodes, and every pod bound to
 * them run as one ECS task at a time (a new task per restart, with upstream's backoff). Learns of
 * pods from stream records and of tasks from task state change events; a periodic resync repairs
 * what either lost. The pod lifecycle rules are `syncPodOnNode`'s, shared with every provider.
 */
export class EcsNodes implements NodeProvider {
  readonly tasks: PodTasks;
  private specs = new Map<string, EcsNodeSpec>();
  private discoveredAt = 0;
  private readonly definitions: TaskDefinitions;
  private readonly mirror: SecretsMirror;
  private readonly heartbeats: EcsHeartbeats;
  private readonly blocks = new Map<string, StartBlock>();
  private readonly uidOf = new Map<string, string>();
  private readonly serial = new KeyedSerial();
  private readonly limiter: Limiter;
  private readonly ticker: Ticker;
  private readonly backoff: Backoff;
  private readonly batcher: StartBatcher;

  constructor(private readonly o: EcsNodesOptions) {
    this.tasks = new PodTasks(o.clients.ecs, o.settings.cluster);
    this.definitions = new TaskDefinitions(o.clients.ecs);
    this.mirror = new SecretsMirror(o.clients.secrets, o.settings.cluster);
    this.heartbeats = new EcsHeartbeats(o.ctx, { leaseDurationSeconds: o.leaseDurationSeconds ?? 40, statusUpdateSeconds: o.statusUpdateSeconds ?? 60 });
    this.limiter = new Limiter(o.concurrency ?? 16);
    this.backoff = o.backoff ?? KUBELET_BACKOFF;
    this.batcher = new StartBatcher({ ecs: o.clients.ecs, cluster: o.settings.cluster, securityGroups: o.settings.securityGroups, assignPublicIp: !!o.assignPublicIp, windowMs: o.batchWindowMs, max: o.maxBatch });
    // Without running timers (a Lambda), a wake-up is a requeue on the provider's queue.
    const later = o.requeuer;
    this.ticker = new Ticker((key) => this.syncKey(key), later ? (key, seconds) => requeue(later, key, seconds) : undefined);
  }

  get nodeNames(): string[] {
    return [...this.specs.keys()];
  }

  async start(): Promise<void> {
    await this.registerNodes();
    this.ticker.start();
    this.ticker.every((this.o.renewIntervalSeconds ?? 10) * 1000, () => this.heartbeat());
    this.ticker.every((this.o.resyncSeconds ?? 30) * 1000, () => this.resync());
  }

  stop(): Promise<void> {
    return this.ticker.stop();
  }

  async registerNodes(): Promise<void> {
    await this.heartbeat();
  }

  /** Re-reads the cluster's capacity (3-4 ECS/EC2 calls), then renews every usable node's Lease. */
  async heartbeat(): Promise<void> {
    await this.heartbeats.beat(await this.discover());
  }

  /** Re-reads capacity when what is known is older than `maxAgeMs` (a Lambda's first event, say). */
  async ensureCapacity(maxAgeMs = 60_000): Promise<void> {
    if (Date.now() - this.discoveredAt > maxAgeMs) await this.discover();
  }

  private async discover(): Promise<EcsNodeSpec[]> {
    const s = this.o.settings;
    const specs = await discoverCapacity(this.o.clients.ecs, this.o.clients.ec2, { cluster: s.cluster, region: s.region, subnets: s.subnets, fargate: { ...DEFAULT_FARGATE_CAPACITY, ...this.o.fargate } }, new Date());
    this.specs = new Map(specs.map((x) => [String(x.node.metadata?.name), x]));
    this.discoveredAt = Date.now();
    return specs;
  }

  serves(nodeName: string): boolean {
    return !!this.specs.get(nodeName)?.usable;
  }

  async runPod(pod: Pod): Promise<void> {
    const uid = String(pod.metadata?.uid);
    const node = this.specs.get(String(pod.spec?.nodeName));
    if (!node) return;
    this.uidOf.set(keyOf(pod), uid);
    const problems = validateForEcs(pod, computeTypeOf(String(pod.spec?.nodeName)));
    if (problems.length) return this.reportUnsupported(pod, problems);
    const tasks = await this.tasks.of(pod);
    const latest = tasks.at(-1);
    const now = Date.now();
    if (latest && latest.lastStatus !== 'STOPPED') return;
    if (latest) {
      const due = nextStartAt(pod, latest, this.backoff, startFailures(pod, tasks));
      if (due === undefined) return;
      if (now < due) return this.ticker.wakeAt(keyOf(pod), due);
    }
    const block = this.blocks.get(uid);
    if (block && now < block.retryAt) return this.ticker.wakeAt(keyOf(pod), block.retryAt);
    await this.start1(pod, node, tasks.length, block);
  }

  private async start1(pod: Pod, node: EcsNodeSpec, attempt: number, block: StartBlock | undefined): Promise<void> {
    const uid = String(pod.metadata?.uid);
    const attempts = (block?.attempts ?? 0) + 1;
    const blocked = async (reason: string, message: string, delayMs: number, event?: [string, string]) => {
      const retryAt = Date.now() + delayMs;
      this.blocks.set(uid, { reason, message, retryAt, attempts });
      if (event && attempts === 1) await recordEvent(this.o.ctx, pod as KubeObject, 'Warning', event[0], event[1], 'kubelet');
      this.ticker.wakeAt(keyOf(pod), retryAt);
    };
    try {
      const prepared = await prepareStart(this.deps(), pod, node, attempt);
      if ('config' in prepared) {
        const volume = prepared.config.kind === 'volume';
        const message = prepared.config.message;
        return await blocked(volume ? 'ContainerCreating' : 'CreateContainerConfigError', message, CONFIG_RETRY_MS, volume ? ['FailedMount', `MountVolume.SetUp failed: ${message}`] : ['Failed', `Error: ${message}`]);
      }
      const r = await this.batcher.submit(prepared.request);
      if ('task' in r) {
        this.blocks.delete(uid);
        this.tasks.observe(r.task);
        if (prepared.unknownFields.length) await recordEvent(this.o.ctx, pod as KubeObject, 'Warning', 'UnknownFieldRef', `not known when an ECS task starts, left unset: ${prepared.unknownFields.join(', ')}`, 'kubelet');
      } else {
        await blocked('ContainerCreating', `ECS could not place the task, retrying: ${r.failed}`, retryDelayMs(attempts), ['FailedCreatePodSandBox', `ECS could not place the task: ${r.failed}`]);
      }
    } catch (err) {
      const e = err as Error;
      const message = `${e.name}: ${e.message}`;
      if (retryable(err)) await blocked('ContainerCreating', `ECS throttled or failed the start, retrying: ${message}`, retryDelayMs(attempts), ['FailedCreatePodSandBox', `Failed to start the ECS task: ${message}`]);
      else await blocked('CreateContainerError', message, retryDelayMs(attempts + 4), ['Failed', `Error: ${message}`]);
    }
  }

  private deps() {
    const s = this.o.settings;
    return {
      ctx: this.o.ctx,
      ecs: this.o.clients.ecs,
      cluster: s.cluster,
      settings: { cluster: s.cluster, region: s.region, logGroup: s.logGroup, executionRoleArn: this.o.executionRoleArn, volumeWriterImage: this.o.volumeWriterImage ?? DEFAULT_VOLUME_WRITER_IMAGE, defaultTaskRoleArn: this.o.defaultTaskRoleArn, podToken: this.o.podToken },
      mirror: this.mirror,
      definitions: this.definitions,
    };
  }

  /** A pod ECS cannot run: a Warning event and a condition naming the fields, once; it is never started. */
  private async reportUnsupported(pod: Pod, problems: Problem[]): Promise<void> {
    if (pod.status?.conditions?.some((c) => c.type === UNSUPPORTED_CONDITION)) return;
    this.blocks.set(String(pod.metadata?.uid), { reason: 'CreateContainerError', message: problemText(problems), retryAt: Number.MAX_SAFE_INTEGER, attempts: 1 });
    await recordEvent(this.o.ctx, pod as KubeObject, 'Warning', 'UnsupportedPodSpec', `ECS cannot run this pod: ${problemText(problems)}`, 'kubelet');
  }

  async podStatus(pod: Pod): Promise<PodStatus | undefined> {
    const uid = String(pod.metadata?.uid);
    const node = this.specs.get(String(pod.spec?.nodeName));
    const problems = validateForEcs(pod, computeTypeOf(String(pod.spec?.nodeName)));
    const tasks = problems.length ? [] : await this.tasks.of(pod);
    const latest = tasks.at(-1);
    const x = { now: Date.now(), backoff: this.backoff, hostIP: node?.hostIP, startFailures: startFailures(pod, tasks) };
    // A restart whose new task started before its exit was written: count the previous task first.
    const previous = tasks.at(-2);
    const seed = previous?.lastStatus === 'STOPPED' && latest?.lastStatus !== 'STOPPED' ? { ...pod, status: podStatusOf(pod, previous, x) } : pod;
    const status = podStatusOf(seed, latest, x);
    const block = problems.length ? { reason: 'CreateContainerError', message: problemText(problems) } : this.blocks.get(uid);
    if (block && (!latest || latest.lastStatus === 'STOPPED')) {
      for (const c of status.containerStatuses ?? []) if (c.state?.waiting) c.state = { waiting: { reason: block.reason, message: block.message } };
    }
    if (problems.length && !pod.status?.conditions?.some((c) => c.type === UNSUPPORTED_CONDITION)) {
      status.conditions?.push({ type: UNSUPPORTED_CONDITION, status: 'False', reason: 'UnsupportedPodSpec', message: problemText(problems), lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z') });
    }
    return status;
  }

  async stopPod(pod: Pod): Promise<boolean> {
    const tasks = await this.tasks.of(pod);
    const live = tasks.filter((t) => t.lastStatus !== 'STOPPED');
    if (live.length === 0) return true;
    try {
      for (const t of live) {
        if (t.desiredStatus !== 'STOPPED') await this.o.clients.ecs.send(new StopTaskCommand({ cluster: this.o.settings.cluster, task: t.taskArn, reason: `Pod ${keyOf(pod)} deleted` }));
      }
      const now = await this.tasks.describe(live.map((t) => String(t.taskArn)));
      for (const t of now) this.tasks.observe(t);
      if (now.every((t) => t.lastStatus === 'STOPPED')) return true;
    } catch (err) {
      if (!retryable(err)) throw err;
    }
    // Still stopping: the STOPPED event (or this re-check) finishes the delete.
    this.ticker.wakeAt(keyOf(pod), Date.now() + 2000);
    return false;
  }

  forgetPod(namespace: string, name: string): void {
    const key = `${namespace}/${name}`;
    const uid = this.uidOf.get(key);
    if (uid) {
      this.tasks.forget(uid);
      this.blocks.delete(uid);
    }
    this.uidOf.delete(key);
    this.ticker.clear(key);
  }

  /** A task state change (an EventBridge event, or a described task): its pod is synced if it is news. */
  async onTask(task: Task): Promise<void> {
    if (!(await this.tasks.record(task))) return;
    const key = await this.tasks.podOf(task);
    // Not tracked: a failure here is the event handler's to report (the message comes back).
    if (key) await this.serial.run(key, () => this.limiter.run(() => this.syncFresh(key)), () => this.limiter.run(() => this.syncFresh(key)));
  }

  /** A stream record of a pod: the new image is synced without a read; a removal re-reads. */
  onRecord(record: DynamoDBRecord): Promise<void> {
    const k = keyOfRecord(record);
    if (k?.resource !== 'pods' || !k.namespace) return Promise.resolve();
    const body = record.dynamodb?.NewImage?.b?.B;
    const key = `${k.namespace}/${k.name}`;
    if (!body) return this.syncKey(key);
    const pod = decodeBody<Pod>(Buffer.from(body, 'base64'));
    return this.ticker.track(this.serial.run(key, () => this.limiter.run(() => syncPodOnNode(this.o.ctx, this, pod).catch((err) => this.afterConflict(err, key))), () => this.limiter.run(() => this.syncFresh(key))));
  }

  /** Re-reads one pod and syncs it, never two syncs of a pod at once. */
  syncKey(key: string): Promise<void> {
    return this.ticker.track(this.serial.run(key, () => this.limiter.run(() => this.syncFresh(key)), () => this.limiter.run(() => this.syncFresh(key))));
  }

  private async syncFresh(key: string, tries = 3): Promise<void> {
    const slash = key.indexOf('/');
    const pod = (await get(this.o.ctx, R.pods, key.slice(0, slash), key.slice(slash + 1))) as Pod | undefined;
    if (!pod) this.forgetPod(key.slice(0, slash), key.slice(slash + 1));
    else await syncPodOnNode(this.o.ctx, this, pod).catch((err) => this.afterConflict(err, key, tries - 1));
  }

  /** A status write that lost to another writer (the record's pod was stale): read again and sync, as a requeue would. */
  private afterConflict(err: unknown, key: string, tries = 3): Promise<void> {
    if (err instanceof ConflictError && tries > 0) return this.syncFresh(key, tries);
    return Promise.reject(err);
  }

  /** The resync (see resync.ts), bound to this provider. */
  async resync(): Promise<void> {
    await resync(this, this.o.ctx, this.o.clients, this.o.settings.cluster, this.mirror).catch((err) => logger.warn('ecs resync failed', { error: String(err) }));
  }
}

function requeue(r: Requeuer, key: string, seconds: number): void {
  const slash = key.indexOf('/');
  void r.after({ resource: 'pods', namespace: key.slice(0, slash), name: key.slice(slash + 1) }, seconds, 'ecs-provider').catch((err) => logger.warn('requeue failed', { key, error: String(err) }));
}

const keyOf = (pod: Pod): string => `${pod.metadata?.namespace}/${pod.metadata?.name}`;
const problemText = (problems: Problem[]): string => problems.map((p) => `${p.field}: ${p.message}`).join('; ');

/** Tasks of the pod that never started (image pulls, start failures) since its last run. */
function startFailures(pod: Pod, tasks: Task[]): number {
  let n = 0;
  for (let i = tasks.length - 1; i >= 0 && tasks[i].lastStatus === 'STOPPED' && endingOf(pod, tasks[i]).kind === 'not-started'; i--) n++;
  return Math.max(0, n - 1);
}
