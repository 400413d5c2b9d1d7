import type { Taint, Toleration } from '../../api/types';
import { nowTimestamp } from '../../registry/time';

export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';

/**
 * The node's taints given its Ready status: Unknown → unreachable, False → not-ready, each as
 * NoSchedule (keeps new pods off) and NoExecute (evicts pods that do not tolerate it); True or
 * never posted → neither. Other taints are kept; a taint already present keeps its timeAdded.
 */
export function desiredTaints(current: Taint[] | undefined, ready: string | undefined, now: Date): Taint[] {
  const key = ready === 'Unknown' ? TAINT_UNREACHABLE : ready === 'False' ? TAINT_NOT_READY : undefined;
  const others = (current ?? []).filter((t) => t.key !== TAINT_UNREACHABLE && t.key !== TAINT_NOT_READY);
  if (!key) return others;
  const keep = (effect: string): Taint =>
    (current ?? []).find((t) => t.key === key && t.effect === effect) ?? (effect === 'NoExecute' ? { key, effect, timeAdded: nowTimestamp(now) } : { key, effect });
  return [...others, keep('NoSchedule'), keep('NoExecute')];
}

/** Same taints regardless of order. */
export function sameTaints(a: Taint[] | undefined, b: Taint[] | undefined): boolean {
  const canon = (ts: Taint[] | undefined) => (ts ?? []).map((t) => JSON.stringify([t.key, t.value ?? '', t.effect, t.timeAdded ?? ''])).sort();
  return JSON.stringify(canon(a)) === JSON.stringify(canon(b));
}

/** upstream's Toleration.ToleratesTaint. */
export function tolerates(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  const operator = toleration.operator ?? 'Equal';
  if (operator === 'Exists') return true;
  return operator === 'Equal' && (toleration.value ?? '') === (taint.value ?? '');
}

export type EvictionDecision = { evict: 'now' } | { evict: 'at'; at: number } | { evict: 'never' };

/**
 * Taint-based eviction of one pod: a NoExecute taint it does not tolerate evicts it now; one it
 * tolerates for tolerationSeconds evicts it that long after the taint's timeAdded (the first
 * matching toleration counts, as upstream); tolerations without seconds keep it forever.
 */
export function evictionDecision(tolerations: Toleration[] | undefined, taints: Taint[] | undefined, now: Date): EvictionDecision {
  let at = Infinity;
  for (const taint of (taints ?? []).filter((t) => t.effect === 'NoExecute')) {
    const used = (tolerations ?? []).find((t) => tolerates(t, taint));
    if (!used) return { evict: 'now' };
    if (used.tolerationSeconds === undefined) continue;
    const added = taint.timeAdded ? Date.parse(taint.timeAdded) : now.getTime();
    at = Math.min(at, added + Math.max(0, used.tolerationSeconds) * 1000);
  }
  if (at === Infinity) return { evict: 'never' };
  return at <= now.getTime() ? { evict: 'now' } : { evict: 'at', at };
}
