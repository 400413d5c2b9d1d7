/**
 * Quantities as admission plugins add and print them: milli-units (exact for the amounts pods
 * ask for), printed in the canonical form of the format they came in (`500m`, `2`, `256Mi`, `1G`),
 * as apimachinery's Quantity.String() does.
 */
import { parseMilliValue } from '../scheduler/quantity';

export type Format = 'BinarySI' | 'DecimalSI';

export const milli = (q: string | number): number => parseMilliValue(q);

export function formatOf(q: string | number | undefined): Format {
  return typeof q === 'string' && /[KMGTPE]i$/.test(q) ? 'BinarySI' : 'DecimalSI';
}

const BINARY: [string, number][] = [
  ['Ei', 2 ** 60],
  ['Pi', 2 ** 50],
  ['Ti', 2 ** 40],
  ['Gi', 2 ** 30],
  ['Mi', 2 ** 20],
  ['Ki', 2 ** 10],
];
const DECIMAL: [string, number][] = [
  ['E', 1e18],
  ['P', 1e15],
  ['T', 1e12],
  ['G', 1e9],
  ['M', 1e6],
  ['k', 1e3],
];

export function formatMilli(value: number, format: Format = 'DecimalSI'): string {
  if (value % 1000 !== 0) return `${value}m`;
  const whole = value / 1000;
  if (whole === 0) return '0';
  const table = format === 'BinarySI' ? BINARY : DECIMAL;
  for (const [suffix, size] of table) if (whole % size === 0) return `${whole / size}${suffix}`;
  return String(whole);
}
