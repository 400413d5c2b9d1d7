/** Shared fixture helpers for the printer tests: a fixed clock and schema-checked objects. */
import type { ContainerStatus } from '../../../shared/api/types';
import { Printer } from '../../../shared/apiserver/printers/columns';
import { KubeObject } from '../../../shared/registry/resource';

export const NOW = Date.parse('2025-06-01T12:00:00Z');

/** An RFC 3339 timestamp `ms` before NOW. */
export const ago = (ms: number): string => new Date(NOW - ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** A container status with the fields the schema requires filled in. */
export function containerStatus(name: string, fields: Partial<ContainerStatus> = {}): ContainerStatus {
  return { name, ready: false, restartCount: 0, image: `${name}:1`, imageID: '', ...fields };
}

/** The row a printer makes for one parsed object, keyed by column name. */
export function row(printer: Printer, obj: unknown): Record<string, string | number | boolean> {
  const cells = printer.cells(obj as KubeObject, NOW);
  return Object.fromEntries(printer.columns.map((c, i) => [c.name, cells[i]]));
}

/** Column name, type and priority, as kubectl reads them. */
export const columnShape = (printer: Printer): [string, string, number][] =>
  printer.columns.map((c) => [c.name, c.type, c.priority]);
