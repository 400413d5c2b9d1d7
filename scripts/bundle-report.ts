import path from 'node:path';
import { parseArgs } from 'node:util';
import { build, type Metafile } from 'esbuild';
import { esbuildOptions, functionComponents, REPO_ROOT } from '../infra/bundling';

/**
 * `npx tsx scripts/bundle-report.ts [component...] [--top N] [--chain TEXT]`: where each Lambda
 * bundle's bytes go, from esbuild's metafile of the bundle exactly as `npm run build` and the CDK
 * stack make it (infra/bundling.ts). Prints the bundle's size, its bytes per npm package, per
 * source folder (two levels under shared/, e.g. shared/api/types) and its largest single files;
 * `--chain TEXT` prints, per bundle, the shortest import chain from the entry point to the first
 * input whose path contains TEXT (why a function carries a package it never calls).
 */

const USAGE = 'Usage: npx tsx scripts/bundle-report.ts [component...] [--top N] [--chain TEXT]';

export interface BundleBreakdown {
  component: string;
  bytes: number;
  packages: [string, number][];
  folders: [string, number][];
  files: [string, number][];
}

/** The npm package an input belongs to (`node_modules/@scope/name/...` -> `@scope/name`), if any. */
export function packageOfInput(file: string): string | undefined {
  return /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1];
}

/** A source input's folder: `shared/api/types/core/pod.ts` -> `shared/api/types`, `functions/x/index.ts` -> `functions/x`. */
export function folderOfInput(file: string): string {
  const parts = file.split('/');
  const depth = parts[0] === 'shared' && parts.length > 3 ? 3 : 2;
  return parts.slice(0, Math.min(depth, parts.length - 1)).join('/') || file;
}

function sorted(map: Map<string, number>): [string, number][] {
  return [...map].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** The entry output's bytes, grouped by package, by source folder and by file, largest first. */
export function breakdown(component: string, meta: Metafile): BundleBreakdown {
  const output = Object.values(meta.outputs).find((o) => o.entryPoint);
  if (!output) throw new Error(`${component}: the metafile has no entry output`);
  const packages = new Map<string, number>();
  const folders = new Map<string, number>();
  const files = new Map<string, number>();
  for (const [file, input] of Object.entries(output.inputs)) {
    const pkg = packageOfInput(file);
    const name = pkg ? `node_modules/${pkg}/${file.split(`node_modules/${pkg}/`)[1]}` : file;
    files.set(name, input.bytesInOutput);
    if (pkg) packages.set(pkg, (packages.get(pkg) ?? 0) + input.bytesInOutput);
    else folders.set(folderOfInput(file), (folders.get(folderOfInput(file)) ?? 0) + input.bytesInOutput);
  }
  return { component, bytes: output.bytes, packages: sorted(packages), folders: sorted(folders), files: sorted(files) };
}

/** The shortest chain of imports from the entry point to the first input whose path contains `text`. */
export function importChain(meta: Metafile, text: string): string[] | undefined {
  const entry = Object.values(meta.outputs).find((o) => o.entryPoint)?.entryPoint;
  if (!entry) return undefined;
  const via = new Map<string, string | undefined>([[entry, undefined]]);
  const queue = [entry];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    if (file.includes(text)) {
      const chain: string[] = [];
      for (let at: string | undefined = file; at !== undefined; at = via.get(at)) chain.unshift(at);
      return chain;
    }
    for (const next of meta.inputs[file]?.imports ?? []) {
      if (next.external || via.has(next.path)) continue;
      via.set(next.path, file);
      queue.push(next.path);
    }
  }
  return undefined;
}

const kib = (n: number) => `${(n / 1024).toFixed(1).padStart(7)} KiB`;

function print(b: BundleBreakdown, top: number): void {
  console.log(`\n## ${b.component}: ${b.bytes.toLocaleString('en-US')} bytes (${(b.bytes / 1024).toFixed(0)} KiB)`);
  const section = (title: string, rows: [string, number][]) => {
    const total = rows.reduce((s, [, n]) => s + n, 0);
    console.log(`${title} (${kib(total).trim()} in all)`);
    for (const [name, n] of rows.slice(0, top)) console.log(`  ${kib(n)}  ${name}`);
  };
  section('packages', b.packages);
  section('source folders', b.folders);
  section('largest files', b.files);
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ options: { top: { type: 'string', default: '15' }, chain: { type: 'string' }, help: { type: 'boolean', default: false } }, allowPositionals: true, strict: true });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const known = functionComponents();
  const components = positionals.length > 0 ? positionals : known;
  const unknown = components.filter((c) => !known.includes(c));
  if (unknown.length > 0) throw new Error(`unknown component ${unknown.join(', ')}; choose from ${known.join(', ')}`);
  const top = Number(values.top);
  for (const component of components) {
    // write: false keeps the bundle in memory; the metafile is the same as npm run build's.
    const result = await build({ ...esbuildOptions(component, path.join(REPO_ROOT, 'dist', component, 'index.js')), metafile: true, write: false });
    const b = breakdown(component, result.metafile);
    if (values.chain === undefined) {
      print(b, top);
      continue;
    }
    const chain = importChain(result.metafile, values.chain);
    console.log(`\n## ${component}: ${chain ? chain.join('\n  -> ') : `nothing matching ${values.chain}`}`);
  }
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
