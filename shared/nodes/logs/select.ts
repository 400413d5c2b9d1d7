import type { LogLine } from './source';

/**
 * The kubelet's log reader rules (pkg/kubelet/kuberuntime/logs): the last `tail` lines, of those
 * the ones written at or after `since`, each prefixed with its RFC3339Nano timestamp when asked,
 * and the output cut at `limitBytes` (even mid-line).
 */
export interface LineSelection {
  since?: number;
  tail?: number;
  timestamps: boolean;
}

export function selectLines(lines: readonly LogLine[], sel: Pick<LineSelection, 'since' | 'tail'>): LogLine[] {
  let out = sel.tail === undefined ? lines.slice() : sel.tail === 0 ? [] : lines.slice(-sel.tail);
  if (sel.since !== undefined) out = out.filter((l) => l.time >= (sel.since as number));
  return out;
}

export function formatLine(line: LogLine, timestamps: boolean): string {
  return timestamps ? `${rfc3339Nano(line.time)} ${line.text}\n` : `${line.text}\n`;
}

/** Go's time.RFC3339Nano in UTC: fractional seconds with trailing zeros dropped, none when whole. */
export function rfc3339Nano(ms: number): string {
  const iso = new Date(ms).toISOString(); // 2026-12-01T21:08:34.120Z
  const [whole, frac] = iso.slice(0, -1).split('.');
  const trimmed = (frac ?? '').replace(/0+$/, '');
  return trimmed ? `${whole}.${trimmed}Z` : `${whole}Z`;
}

/** Cuts text to the bytes still allowed; `remaining` undefined means no limit. */
export function limitBytes(text: string, remaining: number | undefined): { text: string; remaining: number | undefined } {
  if (remaining === undefined) return { text, remaining };
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= remaining) return { text, remaining: remaining - bytes.length };
  return { text: bytes.subarray(0, remaining).toString('utf8'), remaining: 0 };
}
