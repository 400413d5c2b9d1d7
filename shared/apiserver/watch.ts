import { BadRequestError } from '../api/errors';
import { apiVersionOf, KubeObject, ResourceDef, storageKey } from '../registry/resource';
import { objectSk } from '../storage/keys';
import { ApiContext } from './context';
import { ApiRequest, ApiResponse } from './http';
import { buildMatcher, Matcher } from './list-query';
import { parseInt64 } from './options';
import { toTable, wantsTable } from './printers/table';
import { queryBool } from './query-bool';
import { presentCustomResource } from '../registry/custom/defs';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

/** How often a waiting watch re-reads the revision counter when no in-process write wakes it. */
export const DEFAULT_POLL_MS = 1000;
const BOOKMARK_EVERY_MS = 60_000;
const HISTORY_PAGE = 500;

interface WatchParams {
  resourceVersion?: string;
  timeoutMs: number;
  bookmarks: boolean;
  sendInitialEvents: boolean;
}

function params(ctx: ApiContext, q: URLSearchParams): WatchParams {
  const timeout = q.get('timeoutSeconds');
  const max = ctx.config.maxWatchSeconds;
  // Upstream picks a random timeout between min-request-timeout and twice it when none is given.
  const seconds = timeout ? Math.max(0, Math.min(parseInt64(timeout), max)) : Math.min(max, 1800 + Math.floor(Math.random() * 1800));
  const send = queryBool(q, 'sendInitialEvents');
  if (send && q.get('resourceVersionMatch') !== 'NotOlderThan') {
    throw new BadRequestError('sendInitialEvents requires setting resourceVersionMatch to NotOlderThan');
  }
  return {
    resourceVersion: q.get('resourceVersion') ?? undefined,
    timeoutMs: seconds * 1000,
    bookmarks: queryBool(q, 'allowWatchBookmarks'),
    sendInitialEvents: send,
  };
}

/**
 * A watch as an async stream of newline-delimited JSON events. It reads the change log from the
 * start revision up to the resolved revision, so it never passes a write still in flight; a
 * revision missing from the log below that means the history was compacted (410 Gone).
 */
/** A watch of a converted version (shared/apiserver/versions/converted.ts): frames carry its form of each object. */
export interface WatchView {
  def: ResourceDef;
  toServed(stored: KubeObject): KubeObject;
}

export function serveWatch(ctx: ApiContext, req: ApiRequest, def: ResourceDef, namespace: string | undefined, view?: WatchView): ApiResponse {
  const p = params(ctx, req.query);
  const matcher = buildMatcher(def, req.query);
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
    body: '',
    stream: watchEvents(ctx, req, def, namespace, matcher, p, view),
  };
}

async function* watchEvents(
  ctx: ApiContext,
  req: ApiRequest,
  def: ResourceDef,
  namespace: string | undefined,
  matcher: Matcher,
  p: WatchParams,
  view?: WatchView,
): AsyncGenerator<string> {
  const resource = storageKey(def);
  const deadline = Date.now() + p.timeoutMs;
  const table = wantsTable(req);
  let first = true;
  const frame = (type: WatchEventType, obj: KubeObject): string => {
    const shown = def.custom && type !== 'BOOKMARK' ? presentCustomResource(def, obj) : obj;
    const served = view && type !== 'BOOKMARK' ? view.toServed(shown) : shown;
    let object: unknown = { ...served, apiVersion: apiVersionOf(view?.def ?? def), kind: (view?.def ?? def).kind };
    if (table && type !== 'BOOKMARK' && type !== 'ERROR') {
      const t = toTable(req, def, [shown], { resourceVersion: String(obj.metadata.resourceVersion ?? '') });
      if (!first) delete t.columnDefinitions;
      first = false;
      object = t;
    }
    return `${JSON.stringify({ type, object })}\n`;
  };
  const filtered = Boolean(req.query.get('labelSelector') || req.query.get('fieldSelector'));
  const inSelection = new Set<string>();
  const keyOf = (o: KubeObject) => objectSk(o.metadata.namespace as string | undefined, String(o.metadata.name));
  const inScope = (o: KubeObject) => namespace === undefined || o.metadata.namespace === namespace;

  let cursor: number;
  const rv = p.resourceVersion;
  if (rv === undefined || rv === '' || rv === '0' || p.sendInitialEvents) {
    const page = await ctx.store.list(resource, namespace, { accept: (o) => matcher(o as KubeObject) });
    for (const o of page.items as KubeObject[]) {
      inSelection.add(keyOf(o));
      yield frame('ADDED', o);
    }
    cursor = page.resourceVersion;
    if (p.sendInitialEvents) {
      yield frame('BOOKMARK', { metadata: { resourceVersion: String(cursor), annotations: { 'k8s.io/initial-events-end': 'true' } } });
    }
  } else {
    cursor = Number(rv);
    if (!Number.isInteger(cursor) || cursor < 0) throw new BadRequestError(`invalid resource version: ${rv}`);
    if (filtered) {
      const page = await ctx.store.list(resource, namespace, { accept: (o) => matcher(o as KubeObject) });
      for (const o of page.items as KubeObject[]) inSelection.add(keyOf(o));
    }
  }

  let lastBookmark = Date.now();
  while (Date.now() < deadline && !req.signal?.aborted) {
    const { records, upTo } = await ctx.store.since(resource, cursor, HISTORY_PAGE);
    if (upTo > cursor) {
      if (records.length === 0 || records[0].rev !== cursor + 1) {
        yield expired(cursor, records[0]?.rev ?? upTo);
        return;
      }
      for (const record of records) {
        cursor = record.rev;
        if (record.type === 'GAP') continue;
        const obj = record.object as KubeObject;
        if (!inScope(obj)) continue;
        if (!filtered) {
          yield frame(record.type, obj);
          continue;
        }
        // A selective watch reports an object entering its selection as ADDED and leaving it as DELETED.
        const key = keyOf(obj);
        const was = inSelection.has(key);
        const now = record.type !== 'DELETED' && matcher(obj);
        if (record.type === 'DELETED') {
          if (was || matcher(obj)) yield frame('DELETED', obj);
          inSelection.delete(key);
        } else if (now) {
          inSelection.add(key);
          yield frame(was && record.type === 'MODIFIED' ? 'MODIFIED' : 'ADDED', obj);
        } else if (was) {
          inSelection.delete(key);
          yield frame('DELETED', obj);
        }
      }
      continue;
    }
    if (p.bookmarks && Date.now() - lastBookmark > BOOKMARK_EVERY_MS) {
      lastBookmark = Date.now();
      yield frame('BOOKMARK', { metadata: { resourceVersion: String(cursor) } });
    }
    const wait = Math.min(deadline - Date.now(), ctx.config.watchPollMs ?? DEFAULT_POLL_MS);
    if (wait <= 0) break;
    await pause(ctx, resource, wait, req.signal);
  }
}

function expired(requested: number, oldest: number): string {
  const status = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: `too old resource version: ${requested} (${oldest - 1})`,
    reason: 'Expired',
    code: 410,
  };
  return `${JSON.stringify({ type: 'ERROR', object: status })}\n`;
}

/** Sleeps until a local write to the resource, the poll interval, or the client leaving. */
async function pause(ctx: ApiContext, resource: string, ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (signal?.aborted) return;
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<void>((resolve) => {
    onAbort = () => resolve();
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  const waited = ctx.waitForChange ? ctx.waitForChange(resource, ms) : new Promise<void>((r) => setTimeout(r, ms).unref());
  await Promise.race([waited, aborted]);
  if (onAbort) signal?.removeEventListener('abort', onAbort);
}
