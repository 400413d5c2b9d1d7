import type { Metafile } from 'esbuild';
import { breakdown, folderOfInput, importChain, packageOfInput } from '../../scripts/bundle-report';

const input = (imports: string[]) => ({ bytes: 0, imports: imports.map((path) => ({ path, kind: 'import-statement' as const })) });

// A metafile as esbuild writes it: the entry imports a folder, which imports a package.
const META: Metafile = {
  inputs: {
    'functions/scheduler/index.ts': input(['shared/scheduler/scheduler.ts']),
    'shared/scheduler/scheduler.ts': input(['shared/api/types/core/pod.ts', 'node_modules/zod/v4/core/schemas.js']),
    'shared/api/types/core/pod.ts': input(['node_modules/@scope/pkg/lib/a.js']),
    'node_modules/zod/v4/core/schemas.js': input([]),
    'node_modules/@scope/pkg/lib/a.js': input([]),
  },
  outputs: {
    'dist/scheduler.js': {
      bytes: 1000,
      entryPoint: 'functions/scheduler/index.ts',
      imports: [],
      exports: [],
      inputs: {
        'functions/scheduler/index.ts': { bytesInOutput: 10 },
        'shared/scheduler/scheduler.ts': { bytesInOutput: 100 },
        'shared/api/types/core/pod.ts': { bytesInOutput: 300 },
        'node_modules/zod/v4/core/schemas.js': { bytesInOutput: 400 },
        'node_modules/@scope/pkg/lib/a.js': { bytesInOutput: 150 },
      },
    },
  },
};

describe('bundle report', () => {
  test.each([
    ['../../main/node_modules/zod/v4/core/schemas.js', 'zod'],
    ['node_modules/@marcbachmann/cel-js/lib/index.js', '@marcbachmann/cel-js'],
    ['shared/api/types/core/pod.ts', undefined],
  ])('the package of %s is %s', (file, pkg) => {
    expect(packageOfInput(file)).toBe(pkg);
  });

  test.each([
    ['shared/api/types/core/pod.ts', 'shared/api/types'],
    ['shared/apiserver/handler.ts', 'shared/apiserver'],
    ['shared/logging.ts', 'shared'],
    ['functions/apiserver/index.ts', 'functions/apiserver'],
  ])('the folder of %s is %s', (file, folder) => {
    expect(folderOfInput(file)).toBe(folder);
  });

  test('groups the entry output by package, folder and file, largest first', () => {
    const b = breakdown('scheduler', META);
    expect(b.bytes).toBe(1000);
    expect(b.packages).toEqual([['zod', 400], ['@scope/pkg', 150]]);
    expect(b.folders).toEqual([['shared/api/types', 300], ['shared/scheduler', 100], ['functions/scheduler', 10]]);
    expect(b.files[0]).toEqual(['node_modules/zod/v4/core/schemas.js', 400]);
  });

  test('finds the shortest import chain to a package, or none', () => {
    expect(importChain(META, '@scope/pkg')).toEqual(['functions/scheduler/index.ts', 'shared/scheduler/scheduler.ts', 'shared/api/types/core/pod.ts', 'node_modules/@scope/pkg/lib/a.js']);
    expect(importChain(META, 'js-yaml')).toBeUndefined();
  });
});
