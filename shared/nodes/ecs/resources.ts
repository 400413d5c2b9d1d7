import type { Container } from '../../api/types';
import { parseMilliValue, parseValue } from '../../scheduler/quantity';
import { fargateSize, FargateSize } from './fargate-sizes';

const MiB = 1024 * 1024;
/** A container with no memory request still needs ECS's per-container memory figure: a small soft reservation. */
export const DEFAULT_MEMORY_RESERVATION_MIB = 64;

/** One container's ECS figures: cpu units (1024 a vCPU) from its request, memory MiB (soft from request, hard from limit). */
export interface ContainerSize {
  cpu: number;
  memoryReservation?: number;
  memory?: number;
  /** What the task must hold for it (the larger of request and limit). */
  needCpu: number;
  needMemory: number;
}

const cpuUnits = (q: string | number | undefined): number => (q === undefined ? 0 : Math.ceil((parseMilliValue(q) * 1024) / 1000));
const mib = (q: string | number | undefined): number | undefined => (q === undefined ? undefined : Math.ceil(parseValue(q) / MiB));

export function containerSize(c: Pick<Container, 'resources'>): ContainerSize {
  const req = c.resources?.requests ?? {};
  const lim = c.resources?.limits ?? {};
  // Upstream defaults a missing request to the limit.
  const cpu = cpuUnits(req.cpu ?? lim.cpu);
  const memory = mib(lim.memory);
  const requested = mib(req.memory ?? lim.memory);
  const memoryReservation = memory !== undefined && requested === memory ? undefined : (requested ?? DEFAULT_MEMORY_RESERVATION_MIB);
  return {
    cpu,
    memoryReservation,
    memory,
    needCpu: Math.max(cpu, cpuUnits(lim.cpu)),
    needMemory: Math.max(memory ?? 0, memoryReservation ?? 0),
  };
}

/** What a whole task needs: every container of it is in the task at once, init containers included. */
export function taskNeeds(sizes: ContainerSize[]): { cpu: number; memory: number } {
  return { cpu: sizes.reduce((s, c) => s + c.needCpu, 0), memory: sizes.reduce((s, c) => s + c.needMemory, 0) };
}

/** The Fargate size for those needs (undefined: larger than any). */
export function fargateTaskSize(sizes: ContainerSize[]): FargateSize | undefined {
  const need = taskNeeds(sizes);
  return fargateSize(need.cpu, need.memory);
}
