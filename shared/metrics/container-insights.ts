import type { Pod } from '../api/types';
import { familyOf, taskIdOfContainerId } from '../nodes/ecs/names';
import { parseMilliValue, parseValue } from '../scheduler/quantity';
import { isMeasured, podKey, type PodUsage, type UsageSource } from './usage';

/**
 * Pod usage on ECS from CloudWatch Container Insights (enhanced observability), which publishes
 * each task's `CpuUtilized` (CPU units, 1024 to a vCPU) and `MemoryUtilized` (MiB) once a minute
 * in `ECS/ContainerInsights`, by ClusterName, TaskDefinitionFamily and TaskId. The shapes below are
 * CloudWatch's GetMetricData request and answer, so `@aws-sdk/client-cloudwatch`'s client fits the
 * reader interface as it is.
 */
export interface MetricDataQuery {
  Id: string;
  MetricStat: {
    Metric: { Namespace: string; MetricName: string; Dimensions: { Name: string; Value: string }[] };
    Period: number;
    Stat: string;
  };
  ReturnData: boolean;
}
export interface GetMetricDataInput {
  MetricDataQueries: MetricDataQuery[];
  StartTime: Date;
  EndTime: Date;
  ScanBy: 'TimestampDescending';
  NextToken?: string;
}
export interface GetMetricDataOutput {
  MetricDataResults?: { Id?: string; Timestamps?: Date[]; Values?: number[] }[];
  NextToken?: string;
}
export interface MetricDataReader {
  getMetricData(input: GetMetricDataInput): Promise<GetMetricDataOutput>;
}

export const NAMESPACE = 'ECS/ContainerInsights';
const PERIOD_SECONDS = 60;
/** How far back a sample may be: Container Insights lands a minute's datapoint a minute or two late. */
const LOOKBACK_MS = 5 * 60_000;
/** GetMetricData takes at most 500 queries per call. */
const MAX_QUERIES = 500;

/**
 * The time range to ask for, on whole minutes: CloudWatch answers a 60 s period's datapoints at
 * minute boundaries only when the range is aligned to the period (AWS advises it for speed too).
 */
export function queryRange(now: number): { StartTime: Date; EndTime: Date } {
  const minute = PERIOD_SECONDS * 1000;
  return { StartTime: new Date(Math.floor((now - LOOKBACK_MS) / minute) * minute), EndTime: new Date(Math.ceil(now / minute) * minute) };
}

/** The two queries (CPU, memory) of each pod's task, with ids that name the pod's index. */
export function insightsQueries(pods: Pod[], cluster: string): MetricDataQuery[] {
  return pods.flatMap((pod, i) => {
    const taskId = taskIdOfContainerId(pod.status?.containerStatuses?.[0]?.containerID);
    if (!taskId) return [];
    const dims = [
      { Name: 'ClusterName', Value: cluster },
      { Name: 'TaskDefinitionFamily', Value: familyOf(pod) },
      { Name: 'TaskId', Value: taskId },
    ];
    const q = (id: string, metric: string): MetricDataQuery => ({ Id: id, MetricStat: { Metric: { Namespace: NAMESPACE, MetricName: metric, Dimensions: dims }, Period: PERIOD_SECONDS, Stat: 'Average' }, ReturnData: true });
    return [q(`cpu${i}`, 'CpuUtilized'), q(`mem${i}`, 'MemoryUtilized')];
  });
}

/** Splits a task's usage over its containers by their requests (evenly when none requests that resource). */
function split(pod: Pod, total: number, resource: 'cpu' | 'memory'): number[] {
  const containers = pod.spec?.containers ?? [];
  const parse = resource === 'cpu' ? parseMilliValue : parseValue;
  const requests = containers.map((c) => {
    const r = c.resources?.requests?.[resource];
    return r === undefined ? 0 : parse(r);
  });
  const sum = requests.reduce((a, b) => a + b, 0);
  return containers.map((_, i) => Math.round(sum > 0 ? (total * requests[i]) / sum : total / containers.length));
}

/** Each pod's latest CPU and memory sample as a PodUsage; a pod missing either has no usage (as metrics-server skips it). */
export function usageFromResults(pods: Pod[], results: GetMetricDataOutput['MetricDataResults']): Map<string, PodUsage> {
  const latest = new Map<string, { at: number; value: number }>();
  for (const r of results ?? []) {
    const times = r.Timestamps ?? [];
    const values = r.Values ?? [];
    if (!r.Id || values.length === 0) continue;
    let best = 0;
    for (let j = 1; j < times.length; j++) if (times[j].getTime() > times[best].getTime()) best = j;
    const at = times[best]?.getTime() ?? 0;
    const prev = latest.get(r.Id);
    // Pages of one call may carry the same query's datapoints: the newest wins.
    if (!prev || at > prev.at) latest.set(r.Id, { at, value: values[best] });
  }
  const out = new Map<string, PodUsage>();
  pods.forEach((pod, i) => {
    const cpu = latest.get(`cpu${i}`);
    const mem = latest.get(`mem${i}`);
    if (!cpu || !mem) return;
    const cpuMilli = split(pod, (cpu.value * 1000) / 1024, 'cpu');
    const memory = split(pod, mem.value * 2 ** 20, 'memory');
    out.set(podKey(pod), {
      timestamp: Math.max(cpu.at, mem.at) + PERIOD_SECONDS * 1000,
      windowSeconds: PERIOD_SECONDS,
      containers: (pod.spec?.containers ?? []).map((c, k) => ({ name: c.name, cpuMilli: cpuMilli[k], memoryBytes: memory[k] })),
    });
  });
  return out;
}

/** The ECS source: pods whose containerIDs are `ecs://<task>/<container>`, read in GetMetricData calls of up to 250 pods. */
export function containerInsightsUsage(reader: MetricDataReader, cluster: string): UsageSource {
  return {
    claims: (pod) => taskIdOfContainerId(pod.status?.containerStatuses?.[0]?.containerID) !== undefined,
    async usage(pods, now) {
      const out = new Map<string, PodUsage>();
      const measured = pods.filter(isMeasured);
      const perCall = MAX_QUERIES / 2;
      for (let at = 0; at < measured.length; at += perCall) {
        const chunk = measured.slice(at, at + perCall);
        const results: NonNullable<GetMetricDataOutput['MetricDataResults']> = [];
        let token: string | undefined;
        do {
          const page = await reader.getMetricData({ MetricDataQueries: insightsQueries(chunk, cluster), ...queryRange(now), ScanBy: 'TimestampDescending', NextToken: token });
          results.push(...(page.MetricDataResults ?? []));
          token = page.NextToken;
        } while (token);
        for (const [k, v] of usageFromResults(chunk, results)) out.set(k, v);
      }
      return out;
    },
  };
}
