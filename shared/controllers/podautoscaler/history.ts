import type { HorizontalPodAutoscaler } from '../../api/types';

/**
 * What upstream's HPA controller keeps in memory between syncs (recommendations and scale events,
 * each timestamped), kept here on the object itself because a Lambda remembers nothing: the
 * annotation `autoscaling.skiff.dev/history`, written with the status at each sync. `synced` is
 * when the last sync ran, so a second requeue chain (a resync, an edit) dies out instead of doubling the work.
 */
export const HISTORY_ANNOTATION = 'autoscaling.skiff.dev/history';

export interface Sample {
  value: number;
  at: number;
}

export interface History {
  recommendations: Sample[];
  scaleUps: Sample[];
  scaleDowns: Sample[];
  synced?: number;
}

const empty = (): History => ({ recommendations: [], scaleUps: [], scaleDowns: [] });
const pairs = (v: unknown): Sample[] =>
  Array.isArray(v) ? v.filter((p): p is [number, number] => Array.isArray(p) && typeof p[0] === 'number' && typeof p[1] === 'number').map(([value, at]) => ({ value, at })) : [];

export function readHistory(hpa: HorizontalPodAutoscaler): History {
  const raw = hpa.metadata?.annotations?.[HISTORY_ANNOTATION];
  if (!raw) return empty();
  try {
    const v = JSON.parse(raw) as Record<string, unknown>;
    return { recommendations: pairs(v.r), scaleUps: pairs(v.up), scaleDowns: pairs(v.down), synced: typeof v.synced === 'number' ? v.synced : undefined };
  } catch {
    return empty();
  }
}

export function writeHistory(h: History): string {
  const p = (s: Sample[]) => s.map((x) => [x.value, x.at]);
  return JSON.stringify({ r: p(h.recommendations), up: p(h.scaleUps), down: p(h.scaleDowns), synced: h.synced });
}
