import { PRINTERS } from '../../../shared/apiserver/printers/kinds';
import { printerFor } from '../../../shared/apiserver/printers/table';
import { RESOURCES } from '../../../shared/registry/catalog';
import { storageKey } from '../../../shared/registry/resource';
import { NOW } from './fixtures';

describe('PRINTERS', () => {
  // Create-only kinds (the access and token reviews) are never read back, so never printed.
  const readable = RESOURCES.filter((def) => def.verbs.includes('get') || def.verbs.includes('list'));
  it.each(readable.map((def) => [storageKey(def), def] as const))('has a printer for %s', (key, def) => {
    expect(PRINTERS[key]).toBeDefined();
    expect(printerFor(def)).toBe(PRINTERS[key]);
  });

  it.each(Object.entries(PRINTERS))('fills one cell per column of %s, even for a bare object', (_, printer) => {
    const cells = printer.cells({ metadata: { name: 'bare' }, involvedObject: {}, endpoints: [], addressType: 'IPv4' }, NOW);

    expect(cells).toHaveLength(printer.columns.length);
  });
});
