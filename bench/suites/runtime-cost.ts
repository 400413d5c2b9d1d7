import { HOURS_PER_MONTH, PRICES, SECONDS_PER_MONTH } from '../prices';
import { round } from '../stats';
import type { BenchCluster } from '../cluster';

/** What the deployed runtime's cost lines are computed from: each measured on the local runner. */
export interface RuntimeCostInputs {
  /** One periodic resync of a consumer: units and handler time (the controller-manager's, measured). */
  resync: { readUnits: number; writeUnits: number; ms: number };
  /** One node heartbeat: a Lease renewal through the API (units, handler time). */
  leaseRenewal: { readUnits: number; writeUnits: number; ms: number };
  /** One pod's lifecycle (create, schedule, run, delete) in all, with its background work. */
  podLifecycle: { readUnits: number; writeUnits: number };
}

export interface RuntimeCostModel {
  assumptions: string[];
  idleRuntimePerMonthUsd: number;
  idleRuntimeBreakdown: Record<string, number>;
  loadBalancerServicePerMonthUsd: number;
  controlPlanePerPodHourUsd: number;
  /** The task's public IPv4 (no NAT gateway in the stack's VPC): billed by the hour beside the pod. */
  publicIpv4PerPodHourUsd: number;
  fargatePodHourUsd: number;
  breakEvenAlwaysOnPods: number;
}

/** The deployed stack's consumers: scheduler, controller-manager, ECS provider, cloud-controller-manager. */
const CONSUMERS = 4;
const RESYNC_SECONDS = 300;
/** Fargate virtual nodes, one per zone of the stack's two-zone VPC. */
const VIRTUAL_NODES = 2;
const HEARTBEAT_SECONDS = 60;
/** Each SQS event source mapping long-polls its queue while idle: one 20 s ReceiveMessage at a time (the minimum). */
const SQS_MAPPINGS = 5;
const LONG_POLL_SECONDS = 20;
/** ECS task state changes per pod lifecycle: PROVISIONING, PENDING, ACTIVATING, RUNNING, DEACTIVATING, STOPPING, DEPROVISIONING, STOPPED. */
const TASK_EVENTS_PER_POD = 8;
const POD_LIFETIME_HOURS = 24;
const POD = { vcpu: 0.25, gb: 0.5 };
const LAMBDA_GB = 1;

const lambda = (invocations: number, ms: number) =>
  invocations * (PRICES.lambdaRequest.usd + (ms / 1000) * LAMBDA_GB * PRICES.lambdaArmGbSecond.usd);
const units = (u: { readUnits: number; writeUnits: number }) =>
  u.readUnits * PRICES.dynamodbReadRequestUnit.usd + u.writeUnits * PRICES.dynamodbWriteRequestUnit.usd;

/**
 * The deployed runtime priced from measured units and durations: an idle cluster with its virtual
 * nodes' heartbeats, four consumers' schedules and the event rule; one LoadBalancer Service's ALB;
 * the control plane's overhead per pod-hour next to the Fargate price of the pod itself; and how
 * many always-on pods the EKS control plane's price pays for.
 */
export function runtimeCostModel(i: RuntimeCostInputs): RuntimeCostModel {
  const p = PRICES;
  const resyncs = (SECONDS_PER_MONTH / RESYNC_SECONDS) * CONSUMERS;
  const heartbeats = (SECONDS_PER_MONTH / HEARTBEAT_SECONDS) * VIRTUAL_NODES;
  const breakdown = {
    resyncSchedules: resyncs * p.eventBridgeSchedulerInvocation.usd,
    resyncLambda: lambda(resyncs, i.resync.ms),
    resyncDynamodb: resyncs * units(i.resync),
    // A heartbeat is a write through the API server, and its stream record wakes the controller-manager.
    heartbeatLambda: lambda(heartbeats, i.leaseRenewal.ms) + lambda(heartbeats, i.resync.ms),
    heartbeatDynamodb: heartbeats * units(i.leaseRenewal),
    idleQueuePolling: SQS_MAPPINGS * (SECONDS_PER_MONTH / LONG_POLL_SECONDS) * p.sqsRequest.usd,
    // Rules on AWS services' events on the default bus are not charged; an idle cluster has no task events.
    taskEventRule: 0,
    adminTokenSecret: p.secretsManagerSecretMonth.usd,
  };
  const idle = Object.values(breakdown).reduce((a, b) => a + b, 0);
  // An ALB bills by the hour and by LCU (at least one while it serves), and holds a public IPv4 per zone.
  const alb = HOURS_PER_MONTH * (p.albHour.usd + p.albLcuHour.usd + 2 * p.publicIpv4Hour.usd);
  // Per pod: its lifecycle's units, its task events (EventBridge to SQS: send, receive, delete; one ECS provider invocation each), its public IPv4.
  const perPodLifecycle = units(i.podLifecycle) + TASK_EVENTS_PER_POD * (3 * p.sqsRequest.usd + lambda(1, i.resync.ms));
  const perPodHour = perPodLifecycle / POD_LIFETIME_HOURS;
  const fargate = POD.vcpu * p.fargateArmVcpuHour.usd + POD.gb * p.fargateArmGbHour.usd;
  const eks = p.eksClusterHour.usd * HOURS_PER_MONTH;
  return {
    assumptions: [
      `${CONSUMERS} consumers resync every ${RESYNC_SECONDS} s, each costing the controller-manager's measured resync (${round(i.resync.ms)} ms, ${round(i.resync.readUnits)} RRU)`,
      `${VIRTUAL_NODES} Fargate virtual nodes renew their Lease every ${HEARTBEAT_SECONDS} s (one measured Lease update through the API, and one controller-manager invocation of a resync's duration)`,
      `${SQS_MAPPINGS} SQS event source mappings each keep one ${LONG_POLL_SECONDS} s long poll open while idle (AWS publishes no figure; more pollers cost more)`,
      `${TASK_EVENTS_PER_POD} ECS task state change events per pod, each an SQS send, receive and delete and one ECS provider invocation; pods live ${POD_LIFETIME_HOURS} h`,
      'break-even: EKS at $73/month against the idle runtime plus the per-pod-hour overhead; Fargate and the pods\' public IPv4 (or NAT) cost the same on both sides and are left out',
      `a pod of ${POD.vcpu} vCPU and ${POD.gb} GB on Fargate arm64; an ALB at one LCU in two zones; Lambda at ${LAMBDA_GB} GB arm64`,
      'not counted: CloudWatch Logs ingestion and storage, data transfer, API calls by users',
    ],
    idleRuntimePerMonthUsd: round(idle, 4),
    idleRuntimeBreakdown: Object.fromEntries(Object.entries(breakdown).map(([k, v]) => [k, round(v, 4)])),
    loadBalancerServicePerMonthUsd: round(alb, 2),
    controlPlanePerPodHourUsd: round(perPodHour, 6),
    publicIpv4PerPodHourUsd: p.publicIpv4Hour.usd,
    fargatePodHourUsd: round(fargate, 5),
    // EKS on Fargate prices the pod the same; its pods' public IPv4 (or NAT) is counted on neither side.
    breakEvenAlwaysOnPods: round(Math.max(0, eks - idle) / (perPodHour * HOURS_PER_MONTH), 0),
  };
}

/** One Lease renewal through the API, measured on the bench cluster (units from ConsumedCapacity). */
export async function measureLeaseRenewal(c: BenchCluster): Promise<RuntimeCostInputs['leaseRenewal']> {
  const path = '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases';
  const lease = (rv?: string) => JSON.stringify({
    apiVersion: 'coordination.k8s.io/v1', kind: 'Lease',
    metadata: { name: 'fargate-bench-1a', ...(rv ? { resourceVersion: rv } : {}) },
    spec: { holderIdentity: 'fargate-bench-1a', leaseDurationSeconds: 40, renewTime: new Date().toISOString().replace('Z', '000Z') },
  });
  const created = await c.api.request('POST', path, lease());
  if (created.status !== 201) throw new Error(`lease create: ${created.status} ${created.body}`);
  const rv = JSON.parse(created.body).metadata.resourceVersion as string;
  const before = { read: c.tally.read, write: c.tally.write };
  const t = performance.now();
  const res = await c.api.request('PUT', `${path}/fargate-bench-1a`, lease(rv));
  if (res.status !== 200) throw new Error(`lease renew: ${res.status} ${res.body}`);
  return { readUnits: c.tally.read - before.read, writeUnits: c.tally.write - before.write, ms: performance.now() - t };
}

/** One pod created, scheduled, Running on a simulated node and deleted, in units (with the background work of those seconds). */
export async function measurePodLifecycle(c: BenchCluster): Promise<RuntimeCostInputs['podLifecycle']> {
  const until = async (probe: () => Promise<boolean>) => {
    const deadline = Date.now() + 30_000;
    while (!(await probe())) {
      if (Date.now() > deadline) throw new Error('pod lifecycle: condition not met within 30 s');
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const url = '/api/v1/namespaces/default/pods';
  const before = { read: c.tally.read, write: c.tally.write };
  const pod = JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'cost-lifecycle' }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } });
  await c.api.request('POST', url, pod);
  await until(async () => JSON.parse((await c.api.request('GET', `${url}/cost-lifecycle`)).body).status?.phase === 'Running');
  await c.api.request('DELETE', `${url}/cost-lifecycle`);
  await until(async () => (await c.api.request('GET', `${url}/cost-lifecycle`)).status === 404);
  return { readUnits: c.tally.read - before.read, writeUnits: c.tally.write - before.write };
}

/** SQS's longest message delay: a CronJob whose next run is further off wakes every 15 minutes to requeue. */
const MAX_REQUEUE_SECONDS = 900;
/** Upstream's HPA sync period, which Skiff keeps. */
const HPA_SYNC_SECONDS = 15;
/** A write's stream record wakes the controller-manager, whose routing drops it: one short invocation. */
const FILTERED_RECORD_MS = 10;

export interface IdleControllerCost {
  assumptions: string[];
  cronJobPerMonthUsd: Record<string, number>;
  hpaPerMonthUsd: number;
  hpaBreakdown: Record<string, number>;
}

/**
 * What an idle CronJob and an idle HPA add to the deployed runtime's bill, from their requeue
 * cadence: each wake-up is an SQS message (send, receive, delete), one controller-manager
 * invocation of the measured reconcile's duration and its measured units; an HPA sync also
 * writes its status and history, whose stream record is one more (filtered) invocation.
 */
export function idleControllerCost(cronWake: { readUnits: number; writeUnits: number; ms: number }, hpaSync: { readUnits: number; writeUnits: number; ms: number }): IdleControllerCost {
  const wake = (w: { readUnits: number; writeUnits: number; ms: number }) => 3 * PRICES.sqsRequest.usd + lambda(1, w.ms) + units(w);
  const cron = (intervalSeconds: number) => {
    // Wake-ups at each schedule time (or every 15 min when the next is further), plus the consumer's 5-minute resync.
    const wakes = SECONDS_PER_MONTH / Math.min(intervalSeconds, MAX_REQUEUE_SECONDS) + SECONDS_PER_MONTH / RESYNC_SECONDS;
    return round(wakes * wake(cronWake), 4);
  };
  const syncs = SECONDS_PER_MONTH / HPA_SYNC_SECONDS;
  const hpaBreakdown = {
    sqs: syncs * 3 * PRICES.sqsRequest.usd,
    lambda: lambda(syncs, hpaSync.ms) + lambda(syncs, FILTERED_RECORD_MS),
    dynamodb: syncs * units(hpaSync),
  };
  return {
    assumptions: [
      `a CronJob reconcile with nothing due measured at ${round(cronWake.ms)} ms, ${round(cronWake.readUnits)} RRU, ${round(cronWake.writeUnits)} WRU; it wakes at each schedule time, at least every ${MAX_REQUEUE_SECONDS} s (SQS's longest delay), and at each ${RESYNC_SECONDS} s resync; the Jobs it starts are not idle cost`,
      `an HPA sync that changes nothing measured at ${round(hpaSync.ms)} ms, ${round(hpaSync.readUnits)} RRU, ${round(hpaSync.writeUnits)} WRU (it reads the HPA, its target and the namespace's pods, and writes its status and history); every ${HPA_SYNC_SECONDS} s as upstream; its write's stream record costs one more ${FILTERED_RECORD_MS} ms invocation`,
      'each wake-up is an SQS send, receive and delete; Lambda at 1 GB arm64; the metrics reads are the simulated source (Container Insights GetMetricData is billed per metric requested: 2 per pod per sync, not counted)',
    ],
    cronJobPerMonthUsd: { everyMinute: cron(60), hourly: cron(3600), daily: cron(86_400) },
    hpaPerMonthUsd: round(Object.values(hpaBreakdown).reduce((a, b) => a + b, 0), 4),
    hpaBreakdown: Object.fromEntries(Object.entries(hpaBreakdown).map(([k, v]) => [k, round(v, 4)])),
  };
}
