import type { PrinterColumn } from '../../registry/custom/info';
import { evaluateJsonPath } from '../../registry/custom/jsonpath';
import { KubeObject } from '../../registry/resource';
import { age } from './age';
import { ColumnDefinition, nameColumn, Printer } from './columns';
import { OBJECT_META } from './docs';

/** Upstream's default when a version names no columns: the object's age. */
const AGE: PrinterColumn = { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' };

type Cell = string | number | boolean;

/** A cell as upstream's table convertor fills it: strings as JSONPath prints them, dates as ages, other types as their JSON values. */
function cell(column: PrinterColumn, obj: KubeObject, now: number): Cell | null {
  let value: unknown;
  try {
    value = evaluateJsonPath(column.jsonPath, obj)[0];
  } catch {
    return null;
  }
  if (value === undefined || value === null) return null;
  switch (column.type) {
    case 'string':
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
    case 'date':
      return typeof value === 'string' ? age(value, now) : null;
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value) ? value : null;
    case 'number':
      return typeof value === 'number' ? value : null;
    case 'boolean':
      return typeof value === 'boolean' ? value : null;
    default:
      return null;
  }
}

/** The Table of a custom resource: Name, then its additionalPrinterColumns (Age when it has none). */
export function customPrinter(columns: PrinterColumn[]): Printer {
  const cols = columns.length > 0 ? columns : [AGE];
  const definitions: ColumnDefinition[] = [
    nameColumn,
    ...cols.map((c) => ({
      name: c.name,
      type: c.type as ColumnDefinition['type'],
      format: c.format ?? '',
      description: c.description ?? (c === AGE ? OBJECT_META.creationTimestamp : `Custom resource definition column (in JSONPath format): ${c.jsonPath}`),
      priority: c.priority ?? 0,
    })),
  ];
  return {
    columns: definitions,
    // A missing value is a null cell, which kubectl prints as <none>.
    cells: (obj, now) => [String(obj.metadata.name ?? ''), ...cols.map((c) => cell(c, obj, now) as Cell)],
  };
}

/** What upstream's default table convertor prints (CustomResourceDefinitions among others): Name and Created At. */
export const createdAtPrinter: Printer = {
  columns: [
    nameColumn,
    { name: 'Created At', type: 'date', format: '', description: OBJECT_META.creationTimestamp, priority: 0 },
  ],
  cells: (obj) => [String(obj.metadata.name ?? ''), String(obj.metadata.creationTimestamp ?? '')],
};
