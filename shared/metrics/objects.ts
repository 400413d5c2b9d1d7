import type { Node, NodeMetrics, Pod, PodMetrics } from '../api/types';
import type { RestContext } from '../registry/context';
import { simulatedUsage } from './simulated';
import { podKey, type PodUsage, type UsageSource } from './usage';

/** A context that may name its usage sources (the ECS source where a CloudWatch reader is wired); else the simulated runtime's. */
export interface MetricsContext extends RestContext {
  usageSources?: UsageSource[];
}

export const usageSourcesOf = (ctx: MetricsContext): UsageSource[] => ctx.usageSources ?? [simulatedUsage];

const rfc3339 = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
export const cpuQuantity = (milli: number): string => `${Math.round(milli)}m`;
export const memoryQuantity = (bytes: number): string => (bytes % 1024 === 0 ? `${bytes / 1024}Ki` : String(Math.round(bytes)));

/** metrics-server's PodMetrics of one pod: its metadata's name, namespace, labels and creation time. */
export function podMetricsOf(pod: Pod, usage: PodUsage): PodMetrics {
  const meta = pod.metadata ?? {};
  return {
    kind: 'PodMetrics',
    apiVersion: 'metrics.k8s.io/v1beta1',
    metadata: { name: meta.name, namespace: meta.namespace, creationTimestamp: rfc3339(Date.now()), ...(meta.labels ? { labels: meta.labels } : {}) },
    timestamp: rfc3339(usage.timestamp),
    window: `${usage.windowSeconds}s`,
    containers: usage.containers.map((c) => ({ name: c.name, usage: { cpu: cpuQuantity(c.cpuMilli), memory: memoryQuantity(c.memoryBytes) } })),
  };
}

/** A node's usage: the sum of its measured pods' (the runtime's own overhead is not simulated). */
export function nodeMetricsOf(node: Node, pods: Pod[], usages: Map<string, PodUsage>, now: number): NodeMetrics {
  const name = String(node.metadata?.name ?? '');
  let cpu = 0;
  let memory = 0;
  let windowSeconds = 0;
  for (const pod of pods.filter((p) => p.spec?.nodeName === name)) {
    const u = usages.get(podKey(pod));
    if (!u) continue;
    windowSeconds = Math.max(windowSeconds, u.windowSeconds);
    for (const c of u.containers) {
      cpu += c.cpuMilli;
      memory += c.memoryBytes;
    }
  }
  return {
    kind: 'NodeMetrics',
    apiVersion: 'metrics.k8s.io/v1beta1',
    metadata: { name, creationTimestamp: rfc3339(now), ...(node.metadata?.labels ? { labels: node.metadata.labels } : {}) },
    timestamp: rfc3339(Math.floor(now / 1000) * 1000),
    window: `${windowSeconds || 15}s`,
    usage: { cpu: cpuQuantity(cpu), memory: memoryQuantity(memory) },
  };
}
