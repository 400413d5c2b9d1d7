import { PRINTERS } from '../../../shared/apiserver/printers/kinds';
import { printerFor } from '../../../shared/apiserver/printers/table';
import { RESOURCES } from '../../../shared/registry/catalog';
import { storageKey } from '../../../shared/registry/resource';
import { NOW } from './fixtures';

describe('PRINTERS', () => {
  it.each(RESOURCES.map((def) => [storageKey(def), def] as const))('has a printer for %s', (key, def) => {
    expect(PRINTERS[key]).toBeDefined();
    expect(printerFor(def)).toBe(PRINTERS[key]);
  });

  it.each(Object.entries(PRINTERS))('fills one cell per column of %s, even for a bare object', (_, printer) => {
    const cells = printer.cells({ metadata: { name: 'bare' }, involvedObject: {}, endpoints: [], addressType: 'IPv4' }, NOW);

    expect(cells).toHaveLength(printer.columns.length);
  });
});
