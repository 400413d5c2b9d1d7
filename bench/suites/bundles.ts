import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { build, Metafile } from 'esbuild';
import { percentile, round } from '../stats';
import { esbuildOptions, functionComponents } from '../../infra/bundling';

export interface BundleRow {
  fn: string;
  bytes: number;
  coldStartP50Ms: number;
  /** The packages (or source folders) that take the most bytes of the bundle, largest first. */
  largest: { input: string; bytes: number }[];
  /** With a base ref: that tree's bundle, measured in the same run, samples interleaved with these. */
  base?: { ref: string; bytes: number; coldStartP50Ms: number; bytesRatio: number; coldStartRatio: number };
}

const ROOT = path.resolve(__dirname, '../..');

/**
 * Each Lambda's esbuild bundle (minified, as the CDK stack builds it) and its cold start measured
 * locally: a fresh Node process loads the bundle and serves one invocation; p50 of `runs`. With
 * `base` (a git ref), that commit's tree is bundled the same way and each of its cold starts is
 * measured next to one of this tree's, so both see the same machine load; the ratios are new/base.
 */
export async function bundleSuite(env: Record<string, string>, quick: boolean, base?: string, only?: string[]): Promise<BundleRow[]> {
  const fns = functionComponents(ROOT).filter((fn) => !only || only.includes(fn));
  const unknown = (only ?? []).filter((fn) => !fns.includes(fn));
  if (unknown.length > 0) throw new Error(`unknown function ${unknown.join(', ')}; choose from ${functionComponents(ROOT).join(', ')}`);
  // Inside the repo, so the bundles resolve the AWS SDK from node_modules as Lambda's runtime provides it.
  const out = fs.mkdtempSync(path.join(ROOT, '.skiff', 'bundles-'));
  const baseRoot = base ? checkout(base, out) : undefined;
  const baseFns = baseRoot ? new Set(functionComponents(baseRoot)) : new Set<string>();
  const rows: BundleRow[] = [];
  try {
    for (const fn of fns) {
      const outfile = path.join(out, `${fn}.js`);
      // The CDK stack's settings: minified, the AWS SDK left to the Lambda runtime.
      const result = await build({ ...esbuildOptions(fn, outfile, ROOT), metafile: true });
      const baseFile = baseRoot && baseFns.has(fn) ? path.join(out, `${fn}.base.js`) : undefined;
      if (baseRoot && baseFile) await build(esbuildOptions(fn, baseFile, baseRoot));
      const samples: number[] = [];
      const baseSamples: number[] = [];
      for (let i = 0; i < (quick ? 3 : 10); i++) {
        // Which tree goes first alternates, so neither always runs on the other's warmed caches.
        if (baseFile && i % 2 === 1) baseSamples.push(coldStart(fn, baseFile, env));
        samples.push(coldStart(fn, outfile, env));
        if (baseFile && i % 2 === 0) baseSamples.push(coldStart(fn, baseFile, env));
      }
      const row: BundleRow = { fn, bytes: fs.statSync(outfile).size, coldStartP50Ms: p50(samples), largest: largestInputs(result.metafile, 6) };
      if (base && baseFile) {
        const bytes = fs.statSync(baseFile).size;
        const coldStartP50Ms = p50(baseSamples);
        row.base = { ref: base, bytes, coldStartP50Ms, bytesRatio: round(row.bytes / bytes), coldStartRatio: round(row.coldStartP50Ms / coldStartP50Ms) };
      }
      rows.push(row);
    }
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
  return rows;
}

/**
 * The tree of `ref` (git archive, so no worktree is touched) under `dir`. Its packages resolve from
 * this repo's node_modules when its lock file is this tree's; otherwise (a dependency added or
 * replaced since) it gets its own, installed from its lock file without install scripts.
 */
function checkout(ref: string, dir: string): string {
  const root = path.join(dir, 'base');
  fs.mkdirSync(root);
  const files = ['functions', 'shared', 'infra', 'package.json', 'package-lock.json', 'tsconfig.json'];
  const tar = execFileSync('git', ['-C', ROOT, 'archive', '--format=tar', ref, ...files], { maxBuffer: 512 * 2 ** 20 });
  execFileSync('tar', ['-x', '-C', root], { input: tar });
  const lock = (at: string) => fs.readFileSync(path.join(at, 'package-lock.json'), 'utf8');
  if (lock(root) !== lock(ROOT)) {
    execFileSync('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: root, stdio: 'inherit' });
  }
  return root;
}

function p50(samples: number[]): number {
  return round(percentile([...samples].sort((a, b) => a - b), 50));
}

/** One cold start in a fresh Node process: the bundle's load plus its handler's first invocation, in ms. */
function coldStart(fn: string, bundle: string, env: Record<string, string>): number {
  const event = fn.startsWith('apiserver') ? apiEvent(env.SKIFF_BENCH_TOKEN) : { source: 'skiff.work', keys: [] };
  // The streaming entry needs the Lambda runtime's `awslambda` global; a pass-through stands in.
  // The ECS provider and the CCM call AWS on a work event; with no account behind them that call
  // fails, and the time to the failure still measures the cold start (load plus one invocation).
  const runtime = "globalThis.awslambda={streamifyResponse:f=>(e)=>f(e,new (require('stream').PassThrough)()),HttpResponseStream:{from:s=>s}};";
  const script = `${runtime}const t=performance.now();const m=require(${JSON.stringify(bundle)});Promise.resolve(m.handler(${JSON.stringify(event)},{})).then((r)=>{console.log(performance.now()-t,r&&r.statusCode);process.exit(0)}).catch(e=>{console.error(String(e));console.log(performance.now()-t);process.exit(0)})`;
  const last = execFileSync(process.execPath, ['-e', script], { env: { ...process.env, ...env, SKIFF_LOG_LEVEL: 'silent', AWS_REGION: 'us-east-1' } }).toString().trim().split('\n').pop() ?? '';
  const [ms, status] = last.split(' ');
  // The buffered API server answers the list it was sent; anything else would time a failure, not a cold start.
  if (fn === 'apiserver' && status !== '200') throw new Error(`${bundle}: the first invocation answered ${status ?? 'nothing'}, not 200`);
  return Number(ms);
}

/** Output bytes by npm package (node_modules/<pkg>) or by source folder (shared/api, ...), largest first. */
export function largestInputs(meta: Metafile, top: number): { input: string; bytes: number }[] {
  const bytes = new Map<string, number>();
  for (const output of Object.values(meta.outputs)) {
    for (const [file, input] of Object.entries(output.inputs)) {
      const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1];
      const key = pkg ?? file.split('/').slice(0, 2).join('/');
      bytes.set(key, (bytes.get(key) ?? 0) + input.bytesInOutput);
    }
  }
  return [...bytes].sort((a, b) => b[1] - a[1]).slice(0, top).map(([input, n]) => ({ input, bytes: n }));
}

function apiEvent(token: string | undefined): object {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/api/v1/namespaces',
    rawQueryString: '',
    headers: { authorization: `Bearer ${token ?? ''}` },
    isBase64Encoded: false,
    requestContext: { http: { method: 'GET', path: '/api/v1/namespaces', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' } },
  };
}
