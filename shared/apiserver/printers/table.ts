import { KubeObject, ResourceDef } from '../../registry/resource';
import { ApiRequest } from '../http';
import { age } from './age';
import { ageColumn, nameColumn, Printer } from './columns';
import { PRINTERS } from './kinds';
import { customPrinter } from './custom';

export function wantsTable(req: ApiRequest): boolean {
  const accept = req.headers.accept ?? '';
  return accept.split(',').some((part) => /;\s*as=Table/.test(part) && /g=meta\.k8s\.io/.test(part));
}

const defaultPrinter: Printer = {
  columns: [nameColumn, ageColumn],
  cells: (obj, now) => [String(obj.metadata.name ?? ''), age(obj.metadata.creationTimestamp, now)],
};

export function printerFor(def: ResourceDef): Printer {
  if (def.custom) return customPrinter(def.custom.printerColumns);
  return PRINTERS[def.group ? `${def.resource}.${def.group}` : def.resource] ?? defaultPrinter;
}

/** A meta.k8s.io/v1 Table, with each row's object as includeObject asks (Metadata by default). */
export function toTable(req: ApiRequest, def: ResourceDef, items: KubeObject[], metadata: Record<string, unknown>): Record<string, unknown> {
  const printer = printerFor(def);
  const now = Date.now();
  const include = req.query.get('includeObject') ?? 'Metadata';
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata,
    columnDefinitions: printer.columns,
    rows: items.map((obj) => ({
      cells: printer.cells(obj, now),
      object:
        include === 'None'
          ? undefined
          : include === 'Object'
            ? obj
            : { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata },
    })),
  };
}
