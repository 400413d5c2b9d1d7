import { KubeObject } from '../../registry/resource';

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
  description: 'Name must be unique within a namespace. Cannot be updated.',
  priority: 0,
};

export const ageColumn: ColumnDefinition = {
  name: 'Age',
  type: 'string',
  format: '',
  description: 'CreationTimestamp is the time the object was created, in the server\'s clock, in UTC.',
  priority: 0,
};

export const col = (name: string, type: ColumnDefinition['type'], description: string, priority = 0): ColumnDefinition => ({
  name,
  type,
  format: '',
  description,
  priority,
});
