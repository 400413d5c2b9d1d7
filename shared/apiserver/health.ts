/**
 * `/healthz`, `/livez` and `/readyz` as kube-apiserver's healthz package serves them: the root path
 * runs every check (`?verbose` lists them, `?exclude=name` skips one), `/<root>/<check>` runs one,
 * and a failure is a 500 naming the failed checks without their reasons. Skiff's checks are the
 * ones it can really run: `ping` and `etcd` (a read of the object store, which stands where
 * upstream's etcd does), plus `etcd-readiness` for readiness. Upstream's post-start hooks and
 * informer-sync have no counterpart in a stateless function and are not listed.
 */
import type { ObjectStore } from '../storage/store';
import type { ApiRequest, ApiResponse } from './http';

/** What the checks read: the object store, or anything that can fail as it can. */
export type HealthStore = Pick<ObjectStore, 'get'>;

/** Whether the object store answers: one read of an object every cluster has (also ComponentStatus's `etcd-0`). */
export async function readStore(store: HealthStore): Promise<void> {
  await store.get('namespaces', undefined, 'default');
}

/** A check runs against the request's one store read, so `etcd` and `etcd-readiness` share it. */
interface Check {
  name: string;
  run(storeRead: () => Promise<void>): Promise<void>;
}

const PING: Check = { name: 'ping', run: async () => undefined };
const ETCD: Check = { name: 'etcd', run: (storeRead) => storeRead() };
const CHECKS: Record<string, Check[]> = {
  healthz: [PING, ETCD],
  livez: [PING, ETCD],
  readyz: [PING, ETCD, { name: 'etcd-readiness', run: (storeRead) => storeRead() }],
};

const HEADERS = { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' };
const text = (statusCode: number, body: string): ApiResponse => ({ statusCode, headers: { ...HEADERS }, body });

/** The health root (`healthz`, `livez`, `readyz`) and check a path names, or undefined for other paths. */
export function healthPath(path: string): { root: string; check?: string } | undefined {
  const m = /^\/(healthz|livez|readyz)(?:\/([^/]+))?$/.exec(path);
  if (!m) return undefined;
  return m[2] ? { root: m[1], check: m[2] } : { root: m[1] };
}

async function failure(check: Check, storeRead: () => Promise<void>): Promise<string | undefined> {
  try {
    await check.run(storeRead);
    return undefined;
  } catch (err) {
    return (err as Error).message || String(err);
  }
}

/** Answers a health path: one check's `ok` or `internal server error: ...`, or the root's summary. */
export async function health(store: HealthStore, req: Pick<ApiRequest, 'path' | 'query'>): Promise<ApiResponse> {
  const p = healthPath(req.path);
  const checks = p ? CHECKS[p.root] : undefined;
  if (!p || !checks) return text(404, '404 page not found\n');
  let read: Promise<void> | undefined;
  const storeRead = () => (read ??= readStore(store));
  if (p.check !== undefined) {
    const check = checks.find((c) => c.name === p.check);
    if (!check) return text(404, '404 page not found\n');
    const err = await failure(check, storeRead);
    return err === undefined ? text(200, 'ok') : text(500, `internal server error: ${err}\n`);
  }
  const excluded = new Set(req.query.getAll('exclude'));
  const lines: string[] = [];
  let failed = false;
  for (const check of checks) {
    if (excluded.delete(check.name)) {
      lines.push(`[+]${check.name} excluded: ok`);
      continue;
    }
    const err = await failure(check, storeRead);
    failed ||= err !== undefined;
    lines.push(err === undefined ? `[+]${check.name} ok` : `[-]${check.name} failed: reason withheld`);
  }
  const unmatched = [...excluded].sort().map((n) => JSON.stringify(n));
  const warning = unmatched.length ? `warn: some health checks cannot be excluded: no matches for ${unmatched.join(',')}\n` : '';
  if (failed) return text(500, `${lines.join('\n')}\n${warning}${p.root} check failed\n`);
  if (!req.query.has('verbose')) return text(200, 'ok');
  return text(200, `${lines.join('\n')}\n${warning}${p.root} check passed\n`);
}
