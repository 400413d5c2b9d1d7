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
}

const ROOT = path.resolve(__dirname, '../..');

/**
 * Each Lambda's esbuild bundle (minified, as the CDK stack builds it) and its cold start measured
 * locally: a fresh Node process loads the bundle and serves one invocation; p50 of `runs`.
 */
export async function bundleSuite(env: Record<string, string>, quick: boolean): Promise<BundleRow[]> {
  // Inside the repo, so the bundles resolve the AWS SDK from node_modules as Lambda's runtime provides it.
  const out = fs.mkdtempSync(path.join(ROOT, '.skiff', 'bundles-'));
  const fns = functionComponents(ROOT);
  const rows: BundleRow[] = [];
  for (const fn of fns) {
    const outfile = path.join(out, `${fn}.js`);
    // The CDK stack's settings: minified, the AWS SDK left to the Lambda runtime.
    const result = await build({ ...esbuildOptions(fn, outfile, ROOT), metafile: true });
    const event = fn.startsWith('apiserver') ? apiEvent(env.SKIFF_BENCH_TOKEN) : { source: 'skiff.work', keys: [] };
    // The streaming entry needs the Lambda runtime's `awslambda` global; a pass-through stands in.
    // The ECS provider and the CCM call AWS on a work event; with no account behind them that call
    // fails, and the time to the failure still measures the cold start (load plus one invocation).
    const runtime = "globalThis.awslambda={streamifyResponse:f=>(e)=>f(e,new (require('stream').PassThrough)()),HttpResponseStream:{from:s=>s}};";
    const script = `${runtime}const t=performance.now();const m=require(${JSON.stringify(outfile)});Promise.resolve(m.handler(${JSON.stringify(event)},{})).then(()=>{console.log(performance.now()-t);process.exit(0)}).catch(e=>{console.error(String(e));console.log(performance.now()-t);process.exit(0)})`;
    const samples: number[] = [];
    for (let i = 0; i < (quick ? 3 : 10); i++) {
      const ms = execFileSync(process.execPath, ['-e', script], { env: { ...process.env, ...env, SKIFF_LOG_LEVEL: 'silent', AWS_REGION: 'us-east-1' } }).toString().trim().split('\n').pop();
      samples.push(Number(ms));
    }
    samples.sort((a, b) => a - b);
    rows.push({ fn, bytes: fs.statSync(outfile).size, coldStartP50Ms: round(percentile(samples, 50)), largest: largestInputs(result.metafile, 6) });
  }
  fs.rmSync(out, { recursive: true, force: true });
  return rows;
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
