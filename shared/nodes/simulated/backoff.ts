/** The kubelet's restart backoff for crashing containers (upstream: 10 s doubling to 5 min). */
export interface Backoff {
  initialMs: number;
  maxMs: number;
}

export const KUBELET_BACKOFF: Backoff = { initialMs: 10_000, maxMs: 300_000 };

/**
 * How long a container that has terminated `failures` times waits before its next start. The
 * first restart is immediate, as the kubelet's (it is not yet in backoff); later ones double.
 */
export function restartDelayMs(failures: number, backoff: Backoff): number {
  if (failures <= 1) return 0;
  return Math.min(backoff.initialMs * 2 ** (failures - 2), backoff.maxMs);
}

/** Go's time.Duration.String(), which the kubelet's back-off messages print: `10s`, `2m40s`, `5m0s`, `200ms`. */
export function goDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1000) return `${trim(ms)}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  const sec = `${trim(Number(s.toFixed(3)))}s`;
  if (h > 0) return `${h}h${m}m${sec}`;
  if (m > 0) return `${m}m${sec}`;
  return sec;
}

const trim = (n: number): string => String(Number.isInteger(n) ? n : Number(n.toFixed(3)));
