import type { Pod } from '../api/types';
import { podKey, type PodUsage, type UsageSource } from './usage';

/** What a cached sample belongs to: the pod's uid and its first container's ID (a new task is a new sample). */
const sampleKey = (pod: Pod): string => `${String(pod.metadata?.uid)}/${pod.status?.containerStatuses?.[0]?.containerID ?? ''}`;

/**
 * A source whose answers are kept for their window: within one window the source can have nothing
 * newer (Container Insights publishes once a minute), so `kubectl top` and each HPA sync in it cost
 * no GetMetricData call. A pod without a sample is asked for again at the next request.
 */
export function cachedUsage(source: UsageSource, now: () => number = Date.now): UsageSource {
  const cache = new Map<string, { usage: PodUsage; until: number }>();
  return {
    claims: (pod) => source.claims(pod),
    async usage(pods, at) {
      const t = now();
      for (const [k, v] of cache) if (v.until <= t) cache.delete(k);
      const out = new Map<string, PodUsage>();
      const misses: Pod[] = [];
      for (const pod of pods) {
        const hit = cache.get(sampleKey(pod));
        if (hit) out.set(podKey(pod), hit.usage);
        else misses.push(pod);
      }
      if (misses.length === 0) return out;
      const fresh = await source.usage(misses, at);
      for (const pod of misses) {
        const u = fresh.get(podKey(pod));
        if (!u) continue;
        out.set(podKey(pod), u);
        cache.set(sampleKey(pod), { usage: u, until: t + u.windowSeconds * 1000 });
      }
      return out;
    },
  };
}
