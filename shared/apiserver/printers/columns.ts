import { KubeObject, viewOf } from '../../registry/resource';
import { OBJECT_META } from './docs';

export interface ColumnDefinition {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  format: string;
  description: string;
  /** 0 shows by default; 1 only with `-o wide`. */
  priority: number;
}

/** A kind's printer: its columns and how one object fills them (upstream's pkg/printers/internalversion). */
export interface Printer {
  columns: ColumnDefinition[];
  cells(obj: KubeObject, now: number): (string | number | boolean)[];
}

export const nameColumn: ColumnDefinition = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description: OBJECT_META.name,
  priority: 0,
};

export const ageColumn: ColumnDefinition = {
  name: 'Age',
  type: 'string',
  format: '',
  description: OBJECT_META.creationTimestamp,
  priority: 0,
};

export const col = (name: string, type: ColumnDefinition['type'], description: string, priority = 0): ColumnDefinition => ({
  name,
  type,
  format: '',
  description,
  priority,
});

/** A typed view of a stored object; the registry validated it against the kind's schema on write. */
export function view<T extends object>(obj: KubeObject): T {
  return viewOf<T>(obj);
}
