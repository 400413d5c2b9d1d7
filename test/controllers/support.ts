import type { DynamoDBRecord } from 'aws-lambda';
import { ConflictError } from '../../shared/api/errors';
import { Deployment, Pod, ReplicaSet, Service } from '../../shared/api/types';
import { bootstrapCluster } from '../../shared/bootstrap/cluster';
import { get, Handle, list, R, remove, Stored, update } from '../../shared/controllers/client';
import { Controller } from '../../shared/controllers/controller';
import { RestContext } from '../../shared/registry/context';
import { KubeObject, storageKey } from '../../shared/registry/resource';
import { encodeBody } from '../../shared/storage/codec';
import { ObjectStore } from '../../shared/storage/store';
import { WorkKey } from '../../shared/runtime/work';
import { freshTable } from '../support/dynamo';
import { deploymentStrategy } from '../../shared/registry/kinds/workloads';


/** A store on a fresh DynamoDB Local table with the system namespaces. */
export async function testContext(): Promise<RestContext> {
  const { client, table } = await freshTable();
  const ctx = { store: new ObjectStore({ client, table, gapTimeoutMs: 200 }) };
  await bootstrapCluster(ctx);
  return ctx;
}

export const NOW = new Date('2025-06-01T12:00:00Z');
export const ago = (seconds: number, from = NOW): string => new Date(from.getTime() - seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

let sequence = 0;

const CONTAINERS = [{ name: 'web', image: 'nginx:1.27', ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }] }];

export function replicaSet(name: string, replicas: number, opts: { labels?: Record<string, string>; minReadySeconds?: number; annotations?: Record<string, string>; generation?: number; deleting?: boolean } = {}): ReplicaSet {
  const labels = opts.labels ?? { app: 'web' };
  return ReplicaSet.parse({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name,
      namespace: 'default',
      uid: `uid-rs-${name}`,
      resourceVersion: '10',
      generation: opts.generation ?? 1,
      creationTimestamp: ago(3600),
      annotations: opts.annotations,
      deletionTimestamp: opts.deleting ? ago(1) : undefined,
    },
    spec: { replicas, minReadySeconds: opts.minReadySeconds, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: CONTAINERS } } },
  });
}

export interface PodOptions {
  labels?: Record<string, string>;
  owner?: { metadata?: { name?: string; uid?: string } };
  ownerKind?: string;
  phase?: string;
  ready?: boolean;
  readySince?: string;
  nodeName?: string;
  created?: string;
  deleting?: boolean;
  restarts?: number;
  podIP?: string;
  annotations?: Record<string, string>;
  namespace?: string;
  ports?: { name?: string; containerPort: number; protocol?: string }[];
}

export function pod(name: string, opts: PodOptions = {}): Pod {
  const owner = opts.owner;
  return Pod.parse({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: opts.namespace ?? 'default',
      uid: `uid-pod-${name}`,
      resourceVersion: '20',
      creationTimestamp: opts.created ?? ago(600),
      labels: opts.labels ?? { app: 'web' },
      annotations: opts.annotations,
      deletionTimestamp: opts.deleting ? ago(1) : undefined,
      ownerReferences: owner
        ? [{ apiVersion: 'apps/v1', kind: opts.ownerKind ?? 'ReplicaSet', name: owner.metadata?.name, uid: owner.metadata?.uid, controller: true, blockOwnerDeletion: true }]
        : undefined,
    },
    spec: { nodeName: opts.nodeName, containers: [{ ...CONTAINERS[0], ports: opts.ports ?? CONTAINERS[0].ports }] },
    status: {
      phase: opts.phase ?? 'Running',
      podIP: opts.podIP,
      conditions: [{ type: 'Ready', status: opts.ready === false ? 'False' : 'True', lastTransitionTime: opts.readySince ?? ago(300) }],
      containerStatuses: [{ name: 'web', ready: opts.ready !== false, restartCount: opts.restarts ?? 0, image: 'nginx:1.27', imageID: '' }],
    },
  });
}

export interface DeploymentOptions {
  strategy?: { type?: string; rollingUpdate?: { maxSurge?: number | string; maxUnavailable?: number | string } };
  image?: string;
  paused?: boolean;
  revisionHistoryLimit?: number;
  minReadySeconds?: number;
  progressDeadlineSeconds?: number;
  generation?: number;
}

/** A Deployment as the API server stores it: defaulted by the registry's strategy. */
export function deployment(name: string, replicas: number, opts: DeploymentOptions = {}): Deployment {
  const d = Deployment.parse({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default', uid: `uid-deploy-${name}`, generation: opts.generation ?? 1, resourceVersion: '5', creationTimestamp: ago(7200) },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      strategy: opts.strategy,
      paused: opts.paused,
      revisionHistoryLimit: opts.revisionHistoryLimit,
      minReadySeconds: opts.minReadySeconds,
      progressDeadlineSeconds: opts.progressDeadlineSeconds,
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ ...CONTAINERS[0], image: opts.image ?? 'nginx:1.27' }] } },
    },
  });
  deploymentStrategy.defaults?.(d as unknown as KubeObject);
  return JSON.parse(JSON.stringify(d)) as Deployment;
}

export function service(name: string, opts: { selector?: Record<string, string> | null; ports?: { name?: string; port: number; targetPort?: number | string; protocol?: string }[]; clusterIP?: string } = {}): Service {
  return Service.parse({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'default', uid: `uid-svc-${name}`, labels: { app: name } },
    spec: {
      selector: opts.selector === null ? undefined : (opts.selector ?? { app: 'web' }),
      ports: opts.ports ?? [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }],
      clusterIP: opts.clusterIP ?? '10.96.0.10',
    },
  });
}

/** A stream record as Lambda delivers it, carrying the objects' compressed bodies. */
export function streamRecord(resource: string, eventName: 'INSERT' | 'MODIFY' | 'REMOVE', old: object | undefined, next: object | undefined, withBodies = true): DynamoDBRecord {
  const obj = (next ?? old) as KubeObject;
  const keys = { pk: { S: `o#${resource}` }, sk: { S: `${obj.metadata.namespace ?? ''}/${String(obj.metadata.name)}` } };
  const image = (o: object | undefined) => (o ? { ...keys, ...(withBodies ? { b: { B: Buffer.from(encodeBody(o)).toString('base64') } } : {}) } : undefined);
  return { eventName, dynamodb: { Keys: keys, OldImage: image(old), NewImage: image(next), SequenceNumber: String(++sequence) } } as DynamoDBRecord;
}

/**
 * Runs reconciles of the keys each controller's resync names until `done` holds, as the stream
 * would; Conflicts are retried like failed records. `between` plays the rest of the cluster (a
 * kubelet) each round. Fails after `rounds`.
 */
export async function converge(ctx: RestContext, controllers: Controller[], done: () => Promise<boolean>, opts: { rounds?: number; between?: () => Promise<void> } = {}): Promise<void> {
  const rounds = opts.rounds ?? 30;
  for (let i = 0; i < rounds; i++) {
    if (await done()) return;
    await opts.between?.();
    for (const c of controllers) {
      const keys: WorkKey[] = c.resync ? await c.resync(ctx) : [];
      for (const key of keys) {
        try {
          await c.reconcile(ctx, key);
        } catch (err) {
          if (!(err instanceof ConflictError)) throw err;
        }
      }
    }
  }
  if (!(await done())) throw new Error(`not converged after ${rounds} rounds`);
}

let ipCounter = 0;

/** What a kubelet would report: the pod Running on a node with an IP, and Ready. */
export async function runPods(ctx: RestContext, namespace = 'default', filter: (p: Pod) => boolean = () => true): Promise<void> {
  const pods = (await list(ctx, R.pods, namespace)) as Pod[];
  // A kubelet also confirms graceful deletions: the pod's containers stop and it goes for real.
  for (const p of pods.filter((x) => x.metadata?.deletionTimestamp)) {
    await remove(ctx, R.pods, p as unknown as KubeObject, { gracePeriodSeconds: 0 });
  }
  for (const p of pods.filter((x) => filter(x) && !x.metadata?.deletionTimestamp)) {
    if (p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) continue;
    const at = new Date(Date.now() - 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    let stored = p;
    if (!p.spec?.nodeName) stored = await update(ctx, R.pods, { ...stored, spec: { ...p.spec, nodeName: 'node-1', containers: p.spec?.containers ?? [] } });
    const status = { ...p.status, phase: 'Running', podIP: `10.0.${Math.floor(++ipCounter / 250)}.${(ipCounter % 250) + 1}`, conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: at }] };
    await update(ctx, R.pods, { ...stored, status }, 'status');
  }
}

export async function listOf<T extends object>(ctx: RestContext, def: Handle<T>, namespace = 'default'): Promise<Stored<T>[]> {
  return list(ctx, def, namespace);
}

export async function getOf<T extends object>(ctx: RestContext, def: Handle<T>, name: string, namespace = 'default'): Promise<Stored<T> | undefined> {
  return get(ctx, def, namespace, name);
}

export { storageKey };

/** `ctx` whose store records each read of one object (`get`) or of several (`getMany`), as "get pods" or "getMany pods". */
export function countingReads(ctx: RestContext): { ctx: RestContext; reads: string[] } {
  const reads: string[] = [];
  const store = new Proxy(ctx.store, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof value !== 'function') return value;
      if (prop !== 'get' && prop !== 'getMany') return value.bind(target);
      return (resourceKey: string, ...rest: unknown[]) => {
        reads.push(`${String(prop)} ${resourceKey}`);
        return (value as (...a: unknown[]) => unknown).call(target, resourceKey, ...rest);
      };
    },
  }) as RestContext['store'];
  return { ctx: { ...ctx, store }, reads };
}
