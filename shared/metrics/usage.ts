import type { Pod } from '../api/types';

/** One container's usage over a window: CPU in millicores, memory in bytes. */
export interface ContainerUsage {
  name: string;
  cpuMilli: number;
  memoryBytes: number;
}

/** A pod's usage as one source measured it (upstream metrics-server's PodMetrics, before serialization). */
export interface PodUsage {
  /** End of the measuring window (Unix ms). */
  timestamp: number;
  windowSeconds: number;
  containers: ContainerUsage[];
}

/**
 * Where usage comes from, by node provider: the simulated runtime's declared usage, CloudWatch
 * Container Insights for ECS tasks. `claims` picks a source by the scheme of a pod's containerIDs,
 * as pods/log picks a log source, so neither the API server nor the HPA controller knows providers.
 */
export interface UsageSource {
  claims(pod: Pod): boolean;
  /** Usage of the given pods (each claimed by this source); a pod without a sample is left out. */
  usage(pods: Pod[], now: number): Promise<Map<string, PodUsage>>;
}

const key = (pod: Pod): string => `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;

/** The pods metrics-server reports: Running, with at least one running container, not being deleted. */
export function isMeasured(pod: Pod): boolean {
  if (pod.status?.phase !== 'Running' || pod.metadata?.deletionTimestamp) return false;
  return (pod.status.containerStatuses ?? []).some((c) => c.state?.running !== undefined);
}

/** Usage of each measured pod, keyed `namespace/name`, from whichever source claims it. */
export async function podUsages(pods: Pod[], sources: UsageSource[], now = Date.now()): Promise<Map<string, PodUsage>> {
  const out = new Map<string, PodUsage>();
  const bySource = new Map<UsageSource, Pod[]>();
  for (const pod of pods.filter(isMeasured)) {
    const source = sources.find((s) => s.claims(pod));
    if (source) bySource.set(source, [...(bySource.get(source) ?? []), pod]);
  }
  for (const [source, claimed] of bySource) {
    const got = await source.usage(claimed, now);
    for (const pod of claimed) {
      const u = got.get(key(pod));
      if (u) out.set(key(pod), u);
    }
  }
  return out;
}

export { key as podKey };
