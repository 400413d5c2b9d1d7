import { HOURS_PER_MONTH, PRICES, SECONDS_PER_MONTH } from '../prices';
import { round } from '../stats';
import { ApiRow } from './api';
import { CapacityRow } from './capacity';

export interface CostInputs {
  api: ApiRow[];
  perVerb: CapacityRow[];
  /** Units and handler time of one periodic resync of each consumer, measured. */
  resync: { readUnits: number; writeUnits: number; ms: number; consumers: number };
  storedBytes: number;
  idleWatcherReadUnitsPerMinute: number;
}

export interface CostModel {
  assumptions: string[];
  idleClusterPerMonthUsd: number;
  idleBreakdown: Record<string, number>;
  perMillionCallsUsd: Record<string, number>;
  idleWatcherPerMonthUsd: number;
  eksControlPlanePerMonthUsd: number;
  breakEvenRequestsPerSecond: number;
}

const LAMBDA_GB = 1;
const RESYNC_EVERY_SECONDS = 300;
const WATCH_WINDOW_SECONDS = 25;

/** Monthly costs from measured units and durations and AWS's published prices (bench/prices.ts). */
export function costModel(i: CostInputs): CostModel {
  const p = PRICES;
  const resyncsPerMonth = (SECONDS_PER_MONTH / RESYNC_EVERY_SECONDS) * i.resync.consumers;
  const idleBreakdown = {
    schedules: resyncsPerMonth * p.eventBridgeSchedulerInvocation.usd,
    lambdaRequests: resyncsPerMonth * p.lambdaRequest.usd,
    lambdaDuration: resyncsPerMonth * (i.resync.ms / 1000) * LAMBDA_GB * p.lambdaArmGbSecond.usd,
    dynamodbReads: resyncsPerMonth * i.resync.readUnits * p.dynamodbReadRequestUnit.usd,
    dynamodbWrites: resyncsPerMonth * i.resync.writeUnits * p.dynamodbWriteRequestUnit.usd,
    dynamodbStorage: (i.storedBytes / 1e9) * p.dynamodbStorageGbMonth.usd,
  };
  const perCall: Record<string, number> = {};
  for (const row of i.perVerb) {
    const verb = row.what.split(' ')[0];
    const latency = i.api.find((a) => a.verb.startsWith(verb) && a.concurrency === 1)?.http.p50 ?? 20;
    perCall[verb] =
      (p.httpApiRequest.usd +
        p.lambdaRequest.usd +
        (latency / 1000) * LAMBDA_GB * p.lambdaArmGbSecond.usd +
        row.readUnits * p.dynamodbReadRequestUnit.usd +
        row.writeUnits * p.dynamodbWriteRequestUnit.usd) *
      1e6;
  }
  // A watcher on API Gateway is a Lambda held open for each window: duration, not reads, dominates.
  const windows = SECONDS_PER_MONTH / WATCH_WINDOW_SECONDS;
  const idleWatcher =
    windows * (p.httpApiRequest.usd + p.lambdaRequest.usd + WATCH_WINDOW_SECONDS * LAMBDA_GB * p.lambdaArmGbSecond.usd) +
    i.idleWatcherReadUnitsPerMinute * (SECONDS_PER_MONTH / 60) * p.dynamodbReadRequestUnit.usd;
  const eks = p.eksClusterHour.usd * HOURS_PER_MONTH;
  // A typical mix: reads dominate kubectl and controller traffic.
  const mix = { get: 0.5, list: 0.2, create: 0.1, update: 0.15, delete: 0.05 };
  const blended = Object.entries(mix).reduce((sum, [verb, share]) => sum + share * ((perCall[verb] ?? 0) / 1e6), 0);
  return {
    assumptions: [
      `Lambda at ${LAMBDA_GB} GB arm64; per-call duration = the local runner's measured HTTP p50 at concurrency 1`,
      `each consumer resyncs every ${RESYNC_EVERY_SECONDS} s on AWS (EventBridge Scheduler); no nodes, no watchers when idle`,
      `watch windows of ${WATCH_WINDOW_SECONDS} s through API Gateway`,
      `break-even mix: ${Object.entries(mix).map(([k, v]) => `${v * 100}% ${k}`).join(', ')}`,
    ],
    idleClusterPerMonthUsd: round(Object.values(idleBreakdown).reduce((a, b) => a + b, 0), 4),
    idleBreakdown: Object.fromEntries(Object.entries(idleBreakdown).map(([k, v]) => [k, round(v, 4)])),
    perMillionCallsUsd: Object.fromEntries(Object.entries(perCall).map(([k, v]) => [k, round(v, 3)])),
    idleWatcherPerMonthUsd: round(idleWatcher, 2),
    eksControlPlanePerMonthUsd: round(eks, 2),
    breakEvenRequestsPerSecond: round(eks / blended / SECONDS_PER_MONTH, 2),
  };
}

export interface LoadBalancerCost {
  assumptions: string[];
  /** One LoadBalancer Service's ALB, idle (hours only). */
  albHoursPerMonthUsd: number;
  /** Each average LCU the traffic uses, per month. */
  perLcuPerMonthUsd: number;
  /** The ALB at one average LCU (about 25 new connections/s or 1 GB/h of traffic). */
  atOneLcuPerMonthUsd: number;
}

/** The monthly cost of one LoadBalancer Service: its ALB's hours and LCUs at list price (ELBv2 API calls are free). */
export function loadBalancerCost(): LoadBalancerCost {
  const hours = PRICES.albHour.usd * HOURS_PER_MONTH;
  const lcu = PRICES.albLcuHour.usd * HOURS_PER_MONTH;
  return {
    assumptions: [`${HOURS_PER_MONTH} h a month; one ALB per Service (Ingresses of one group share one); us-east-1 list prices`],
    albHoursPerMonthUsd: round(hours, 2),
    perLcuPerMonthUsd: round(lcu, 2),
    atOneLcuPerMonthUsd: round(hours + lcu, 2),
  };
}
