import type { Pod } from '../api/types';
import { parseMilliValue, parseValue } from '../scheduler/quantity';
import { podKey, type PodUsage, type UsageSource } from './usage';

/** Annotations that declare a simulated pod's usage: one quantity for every container, or `name=q,...` per container. */
export const CPU_USAGE_ANNOTATION = 'simulated.skiff.dev/cpu-usage';
export const MEMORY_USAGE_ANNOTATION = 'simulated.skiff.dev/memory-usage';
/** The window the simulated runtime reports: its usage is declared, so one HPA sync period. */
export const SIMULATED_WINDOW_SECONDS = 15;

/** A declared usage for one container: `250m` for all, or `app=250m,sidecar=10m` by name; unparsable parts count as 0. */
export function declaredUsage(value: string | undefined, container: string, parse: (q: string) => number): number {
  if (!value) return 0;
  const parts = value.split(',').map((p) => p.trim()).filter(Boolean);
  const named = parts.find((p) => p.startsWith(`${container}=`));
  const text = named ? named.slice(container.length + 1) : parts.length === 1 && !parts[0].includes('=') ? parts[0] : undefined;
  if (text === undefined) return 0;
  try {
    return Math.max(0, parse(text));
  } catch {
    return 0;
  }
}

/** Usage of simulated containers (`skiff-sim://` containerIDs) as their pod's annotations declare it; none declared is idle (0). */
export const simulatedUsage: UsageSource = {
  claims: (pod) => (pod.status?.containerStatuses ?? []).some((c) => (c.containerID ?? '').startsWith('skiff-sim://')),
  async usage(pods, now) {
    const out = new Map<string, PodUsage>();
    for (const pod of pods) out.set(podKey(pod), simulatedPodUsage(pod, now));
    return out;
  },
};

export function simulatedPodUsage(pod: Pod, now: number): PodUsage {
  const annotations = pod.metadata?.annotations ?? {};
  const running = new Set((pod.status?.containerStatuses ?? []).filter((c) => c.state?.running).map((c) => c.name));
  return {
    timestamp: Math.floor(now / 1000) * 1000,
    windowSeconds: SIMULATED_WINDOW_SECONDS,
    containers: (pod.spec?.containers ?? [])
      .filter((c) => running.has(c.name))
      .map((c) => ({
        name: c.name,
        cpuMilli: declaredUsage(annotations[CPU_USAGE_ANNOTATION], c.name, parseMilliValue),
        memoryBytes: declaredUsage(annotations[MEMORY_USAGE_ANNOTATION], c.name, parseValue),
      })),
  };
}
