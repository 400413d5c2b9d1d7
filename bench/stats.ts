/** Latency summaries: percentiles over measured samples (ms), throughput over wall time. */
export interface Summary {
  n: number;
  p50: number;
  p99: number;
  opsPerSecond: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx];
}

/** Runs `op(i)` `count` times with `concurrency` workers, timing each call. */
export async function measure(count: number, concurrency: number, op: (i: number) => Promise<unknown>): Promise<Summary> {
  const samples: number[] = [];
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const t = performance.now();
        await op(i);
        samples.push(performance.now() - t);
      }
    }),
  );
  const wall = (performance.now() - start) / 1000;
  samples.sort((a, b) => a - b);
  return { n: samples.length, p50: round(percentile(samples, 50)), p99: round(percentile(samples, 99)), opsPerSecond: round(count / wall) };
}

export const round = (x: number, digits = 2): number => Math.round(x * 10 ** digits) / 10 ** digits;

/** Samples this process's resident memory every half second; `stop` returns the peak in MiB. */
export function peakRss(): { stop(): number } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 500);
  return {
    stop() {
      clearInterval(timer);
      return Math.round(Math.max(peak, process.memoryUsage().rss) / 2 ** 20);
    },
  };
}

/**
 * Several operations measured side by side: each of `concurrency` workers runs them in turn
 * (op 0 of i, op 1 of i, ...), so a burst of load from other work on the machine falls on all of
 * them alike. Throughput is by Little's law: concurrency / mean latency of that operation.
 */
export async function measureInterleaved(count: number, concurrency: number, ops: ((i: number) => Promise<unknown>)[]): Promise<Summary[]> {
  const samples: number[][] = ops.map(() => []);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        for (let k = 0; k < ops.length; k++) {
          const op = (i + k) % ops.length;
          const t = performance.now();
          await ops[op](i);
          samples[op].push(performance.now() - t);
        }
      }
    }),
  );
  return samples.map((s) => {
    s.sort((a, b) => a - b);
    const mean = s.reduce((a, b) => a + b, 0) / s.length;
    return { n: s.length, p50: round(percentile(s, 50)), p99: round(percentile(s, 99)), opsPerSecond: round((concurrency * 1000) / mean) };
  });
}
