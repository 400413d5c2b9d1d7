import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkImports, cyclePath, cycles, packageOf, specifiers } from '../../scripts/check-imports';

const graph = (edges: Record<string, string[]>) => new Map(Object.entries(edges).map(([k, v]) => [k, new Set(v)]));

describe('packageOf', () => {
  it.each([
    ['zod', 'zod'],
    ['js-yaml/dist/x', 'js-yaml'],
    ['@aws-sdk/client-dynamodb', '@aws-sdk/client-dynamodb'],
    ['@middy/core/index.js', '@middy/core'],
    ['node:fs', undefined],
    ['./body', undefined],
    ['../shared/x', undefined],
  ])('names the package of %s', (spec, pkg) => {
    expect(packageOf(spec)).toBe(pkg);
  });
});

describe('specifiers', () => {
  it('finds imports, type imports, re-exports, require, require.resolve and import()', () => {
    const text = [
      "import a from './a';",
      "import type { B } from './b';",
      "export { c } from './c';",
      "export * from './d';",
      "import e = require('./e');",
      "const f = require('f-pkg');",
      "const g = require.resolve('g-pkg/package.json');",
      "const h = import('./h');",
      "const notAModule = other('x');",
    ].join('\n');
    expect(specifiers('x.ts', text)).toEqual(['./a', './b', './c', './d', './e', 'f-pkg', 'g-pkg/package.json', './h']);
  });
});

describe('cycles', () => {
  it.each([
    ['no cycle', { a: ['b'], b: ['c'], c: [] }, []],
    ['two files', { a: ['b'], b: ['a'] }, [['a', 'b']]],
    ['three files and a bystander', { a: ['b'], b: ['c'], c: ['a'], d: ['a'] }, [['a', 'b', 'c']]],
    ['a file importing itself', { a: ['a'] }, [['a']]],
    ['two separate cycles', { a: ['b'], b: ['a'], c: ['d'], d: ['c'] }, [['a', 'b'], ['c', 'd']]],
  ])('finds %s', (_name, edges, expected) => {
    expect(cycles(graph(edges))).toEqual(expected);
  });

  it('names one concrete path around a cycle', () => {
    const edges = graph({ a: ['x', 'b'], b: ['c'], c: ['a'], x: [] });
    expect(cyclePath(['a', 'b', 'c'], edges)).toEqual(['a', 'b', 'c', 'a']);
  });
});

describe('checkImports', () => {
  let root: string;
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  };
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'skiff-imports-'));
    write('tsconfig.json', JSON.stringify({ compilerOptions: { strict: true, module: 'commonjs', types: [] }, include: ['src'] }));
    write('package.json', JSON.stringify({ dependencies: { zod: '^4', 'left-pad': '^1' }, scripts: {} }));
    write('src/a.ts', "import { z } from 'zod';\nimport { b } from './b';\nexport const a = z.string().parse(b);\n");
    write('src/b.ts', "export const b = 'b';\n");
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('fails on a dependency nothing imports', () => {
    expect(checkImports(root).errors).toEqual(['unused dependency: left-pad is declared in package.json but nothing imports or runs it']);
  });

  it('fails on an import cycle, type-only imports included', () => {
    write('package.json', JSON.stringify({ dependencies: { zod: '^4' } }));
    write('src/b.ts', "import type { a } from './a';\nexport const b = 'b';\nexport type A = typeof a;\n");
    expect(checkImports(root).errors).toEqual(['import cycle: src/a.ts -> src/b.ts -> src/a.ts']);
  });

  it('fails on a package imported but not declared', () => {
    write('package.json', JSON.stringify({ dependencies: { zod: '^4' } }));
    write('src/b.ts', "import pad from 'left-pad';\nexport const b = pad('b', 2);\n");
    expect(checkImports(root).errors).toEqual(['undeclared dependency: src/b.ts imports left-pad, which package.json does not list']);
  });

  it('passes a tree without either', () => {
    write('package.json', JSON.stringify({ dependencies: { zod: '^4' } }));
    expect(checkImports(root).errors).toEqual([]);
  });
});
