import { formatMilli, formatOf, milli } from '../../admission/quantity';
import type { NodeMetrics, PodMetrics } from '../../api/types';
import { col, nameColumn, Printer, view } from './columns';

/** Go's time.Duration.String() of a metrics window given as `15s` or `1m30s` (whole seconds here). */
function windowText(window: string | undefined): string {
  const seconds = Number(/^(\d+(?:\.\d+)?)s$/.exec(window ?? '')?.[1] ?? NaN);
  if (!Number.isFinite(seconds)) return window ?? '';
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds - h * 3600 - m * 60;
  if (h > 0) return `${h}h${m}m${s}s`;
  if (m > 0) return `${m}m${s}s`;
  return `${s}s`;
}

/** A resource list's sum, printed as apimachinery's Quantity.String() of the total. */
function total(usages: Record<string, string | number>[], resource: string): string {
  const values = usages.map((u) => u[resource]).filter((v) => v !== undefined);
  if (values.length === 0) return '0';
  return formatMilli(values.reduce<number>((sum, v) => sum + milli(v), 0), formatOf(values[0]));
}

const usageColumns = [
  nameColumn,
  col('CPU', 'string', 'CPU usage, in cores.'),
  col('Memory', 'string', 'Memory usage, in bytes.'),
  col('Window', 'string', 'The interval the usage was measured over.'),
];

/** metrics-server's table for PodMetrics: the containers' usage summed per pod. */
export const podMetricsPrinter: Printer = {
  columns: usageColumns,
  cells(obj) {
    const pm = view<PodMetrics>(obj);
    const usages = (pm.containers ?? []).map((c) => c.usage ?? {});
    return [pm.metadata?.name ?? '', total(usages, 'cpu'), total(usages, 'memory'), windowText(pm.window)];
  },
};

/** metrics-server's table for NodeMetrics. */
export const nodeMetricsPrinter: Printer = {
  columns: usageColumns,
  cells(obj) {
    const nm = view<NodeMetrics>(obj);
    const usage = nm.usage ?? {};
    return [nm.metadata?.name ?? '', total([usage], 'cpu'), total([usage], 'memory'), windowText(nm.window)];
  },
};
