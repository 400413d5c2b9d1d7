/**
 * Fargate's valid task sizes (AWS's documented table of CPU units and memory MiB for Linux tasks):
 * each CPU size allows memory from a minimum to a maximum in fixed steps.
 */
export interface FargateSize {
  cpu: number;
  memory: number;
}

interface CpuRow {
  cpu: number;
  memory: number[];
}

const range = (from: number, to: number, step: number): number[] => Array.from({ length: (to - from) / step + 1 }, (_, i) => from + i * step);

export const FARGATE_SIZES: CpuRow[] = [
  { cpu: 256, memory: [512, 1024, 2048] },
  { cpu: 512, memory: range(1024, 4096, 1024) },
  { cpu: 1024, memory: range(2048, 8192, 1024) },
  { cpu: 2048, memory: range(4096, 16384, 1024) },
  { cpu: 4096, memory: range(8192, 30720, 1024) },
  { cpu: 8192, memory: range(16384, 61440, 4096) },
  { cpu: 16384, memory: range(32768, 122880, 8192) },
];

export const LARGEST_FARGATE: FargateSize = { cpu: 16384, memory: 122880 };

/**
 * The smallest valid Fargate size holding `cpu` units and `memory` MiB: the smallest CPU row that
 * has both enough CPU and a memory step large enough, then its smallest such step. Undefined when
 * nothing is that large.
 */
export function fargateSize(cpu: number, memory: number): FargateSize | undefined {
  for (const row of FARGATE_SIZES) {
    if (row.cpu < cpu) continue;
    const mem = row.memory.find((m) => m >= memory);
    if (mem !== undefined) return { cpu: row.cpu, memory: mem };
  }
  return undefined;
}
