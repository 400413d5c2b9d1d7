import { ApiError, MethodNotAllowedError, NotFoundError } from '../../api/errors';
import type { Pod } from '../../api/types';
import { formatLine, limitBytes, selectLines } from '../../nodes/logs/select';
import { ContainerRef, containerIdScheme, LogLine, LogSource } from '../../nodes/logs/source';
import { ApiContext } from '../context';
import { ApiRequest, ApiResponse } from '../http';
import { DEFAULT_POLL_MS } from '../watch';
import { logContainerID, logContainerName, runIsLive } from './log-container';
import { parsePodLogOptions, PodLogOptions, sinceOf } from './log-options';

const TEXT = { 'content-type': 'text/plain' };

/**
 * `GET .../pods/<name>/log`: a container's output from the log source its containerID names.
 * Without `follow` the answer is the selected lines; with it, a stream that goes on while the
 * run is live (bounded by the transport's window, as watches are) and ends once it has stopped.
 */
export async function podLog(ctx: ApiContext, req: ApiRequest, namespace: string, name: string): Promise<ApiResponse> {
  if (req.method !== 'GET') throw new MethodNotAllowedError();
  const opts = parsePodLogOptions(req.query, name);
  const pod = (await ctx.store.get('pods', namespace, name)) as Pod | undefined;
  if (!pod) throw new NotFoundError({ group: '', resource: 'pods' }, name);
  const container = logContainerName(pod, opts.container);
  // A pod not yet on a node has no logs anywhere: upstream answers an empty body.
  if (!pod.spec?.nodeName) return { statusCode: 200, headers: TEXT, body: '' };
  const containerID = logContainerID(pod, container, opts.previous);
  const source = sourceFor(ctx, containerID);
  const ref: ContainerRef = { namespace, pod: name, container, containerID };
  const since = sinceOf(opts, Date.now());
  const first = await source.read(ref, { since, tail: opts.tailLines });
  const lines = selectLines(first.lines, { since, tail: opts.tailLines });
  if (!opts.follow || opts.previous) return { statusCode: 200, headers: TEXT, body: render(lines, opts, opts.limitBytes).text };
  return { statusCode: 200, headers: { ...TEXT, 'transfer-encoding': 'chunked' }, body: '', stream: follow(ctx, req, source, ref, opts, lines, first.cursor) };
}

function sourceFor(ctx: ApiContext, containerID: string): LogSource {
  const scheme = containerIdScheme(containerID) ?? '';
  const source = ctx.logs?.[scheme];
  if (!source) {
    throw new ApiError(503, 'ServiceUnavailable', `no log source for containers of type "${scheme}" in this API server (container ID ${containerID})`);
  }
  return source;
}

function render(lines: LogLine[], opts: PodLogOptions, remaining: number | undefined): { text: string; remaining: number | undefined } {
  let text = '';
  for (const line of lines) {
    if (remaining === 0) break;
    const cut = limitBytes(formatLine(line, opts.timestamps), remaining);
    text += cut.text;
    remaining = cut.remaining;
  }
  return { text, remaining };
}

async function* follow(
  ctx: ApiContext,
  req: ApiRequest,
  source: LogSource,
  ref: ContainerRef,
  opts: PodLogOptions,
  initial: LogLine[],
  start: string,
): AsyncGenerator<string> {
  const deadline = Date.now() + ctx.config.maxWatchSeconds * 1000;
  let remaining = opts.limitBytes;
  let cursor = start;
  const emit = (lines: LogLine[]): string => {
    const out = render(lines, opts, remaining);
    remaining = out.remaining;
    return out.text;
  };
  const text = emit(initial);
  if (text) yield text;
  while (remaining !== 0 && Date.now() < deadline && !req.signal?.aborted) {
    // Status first, then lines: whatever the run wrote before it was seen stopped is still read.
    const live = runIsLive((await ctx.store.get('pods', ref.namespace, ref.pod)) as Pod | undefined, ref.container, ref.containerID);
    const page = await source.read(ref, { cursor });
    cursor = page.cursor;
    const more = emit(page.lines);
    if (more) yield more;
    if (!live) return;
    const wait = Math.min(deadline - Date.now(), ctx.config.watchPollMs ?? DEFAULT_POLL_MS);
    if (wait <= 0) return;
    await pause(ctx, wait, req.signal);
  }
}

async function pause(ctx: ApiContext, ms: number, signal: AbortSignal | undefined): Promise<void> {
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<void>((resolve) => {
    onAbort = () => resolve();
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  const waited = ctx.waitForChange ? ctx.waitForChange('pods', ms) : new Promise<void>((r) => setTimeout(r, ms).unref());
  await Promise.race([waited, aborted]);
  if (onAbort) signal?.removeEventListener('abort', onAbort);
}
