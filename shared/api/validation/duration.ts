/** Go-style durations as upstream's flags and fields take them: 40s, 2m, 1m30s, 500ms, 1h. Seconds. */
export function parseDuration(value: string): number {
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
  let total = 0;
  let consumed = '';
  for (const m of value.matchAll(re)) {
    const n = Number(m[1]);
    total += m[2] === 'ms' ? n / 1000 : m[2] === 's' ? n : m[2] === 'm' ? n * 60 : n * 3600;
    consumed += m[0];
  }
  if (consumed !== value || value === '') throw new Error(`invalid duration "${value}" (use e.g. 40s, 2m)`);
  return total;
}
