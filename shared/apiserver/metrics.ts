import { queryBool } from './query-bool';
import type { ApiRequest } from './http';
import type { Route } from './route';

/**
 * kube-apiserver's request metrics in the Prometheus text format (`GET /metrics`):
 * apiserver_request_total and the apiserver_request_duration_seconds histogram, with upstream's
 * labels and buckets. Counted per API server process: on AWS each Lambda container has its own
 * (a scrape sees one container's), in the local runner the whole cluster's.
 */
const BUCKETS = [0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1, 1.25, 1.5, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 45, 60];

export interface RequestLabels {
  verb: string;
  dry_run: string;
  group: string;
  version: string;
  resource: string;
  subresource: string;
  scope: string;
  component: string;
}

/** The labels upstream gives a request: its canonical verb (LIST, WATCH, APPLY...) and scope. */
export function requestLabels(req: ApiRequest, route: Route | undefined): RequestLabels {
  const base = { dry_run: req.query.getAll('dryRun').includes('All') ? 'All' : '', component: 'apiserver', group: '', version: '', resource: '', subresource: '', scope: '' };
  if (!route || route.type !== 'resource') return { ...base, verb: req.method };
  const watching = route.watch || (!route.name && req.method === 'GET' && queryBool(req.query, 'watch'));
  let verb = req.method;
  if (watching) verb = 'WATCH';
  else if (req.method === 'GET' && !route.name) verb = 'LIST';
  else if (req.method === 'PATCH' && (req.headers['content-type'] ?? '').startsWith('application/apply-patch')) verb = 'APPLY';
  else if (req.method === 'DELETE' && !route.name) verb = 'DELETECOLLECTION';
  if (['exec', 'attach', 'portforward', 'proxy'].includes(route.subresource ?? '')) verb = 'CONNECT';
  const scope = route.name ? 'resource' : route.namespace !== undefined ? 'namespace' : 'cluster';
  return { ...base, verb, group: route.group, version: route.version, resource: route.resource, subresource: route.subresource ?? '', scope };
}

interface Series {
  labels: RequestLabels;
  counts: Map<number, number>;
  buckets: number[];
  sum: number;
  observations: number;
}

export class RequestMetrics {
  private readonly series = new Map<string, Series>();

  observe(labels: RequestLabels, code: number, seconds: number): void {
    const key = JSON.stringify(labels);
    let s = this.series.get(key);
    if (!s) {
      s = { labels, counts: new Map(), buckets: BUCKETS.map(() => 0), sum: 0, observations: 0 };
      this.series.set(key, s);
    }
    s.counts.set(code, (s.counts.get(code) ?? 0) + 1);
    BUCKETS.forEach((le, i) => {
      if (seconds <= le) s.buckets[i]++;
    });
    s.sum += seconds;
    s.observations++;
  }

  /** The exposition text, series sorted so scrapes are stable. */
  render(): string {
    const all = [...this.series.values()].sort((a, b) => JSON.stringify(a.labels).localeCompare(JSON.stringify(b.labels)));
    const out = [
      '# HELP apiserver_request_total [STABLE] Counter of apiserver requests broken out for each verb, dry run value, group, version, resource, scope, component, and HTTP response code.',
      '# TYPE apiserver_request_total counter',
    ];
    for (const s of all) {
      for (const [code, n] of [...s.counts].sort((a, b) => a[0] - b[0])) out.push(`apiserver_request_total${labelText({ code: String(code), ...s.labels })} ${n}`);
    }
    out.push(
      '# HELP apiserver_request_duration_seconds [STABLE] Response latency distribution in seconds for each verb, dry run value, group, version, resource, subresource, scope and component.',
      '# TYPE apiserver_request_duration_seconds histogram',
    );
    for (const s of all) {
      BUCKETS.forEach((le, i) => out.push(`apiserver_request_duration_seconds_bucket${labelText({ ...s.labels, le: String(le) })} ${s.buckets[i]}`));
      out.push(`apiserver_request_duration_seconds_bucket${labelText({ ...s.labels, le: '+Inf' })} ${s.observations}`);
      out.push(`apiserver_request_duration_seconds_sum${labelText({ ...s.labels })} ${s.sum}`);
      out.push(`apiserver_request_duration_seconds_count${labelText({ ...s.labels })} ${s.observations}`);
    }
    return `${out.join('\n')}\n`;
  }
}

/** Label names in alphabetical order, `le` last, as Prometheus client libraries print them. */
const ORDER = ['code', 'component', 'dry_run', 'group', 'resource', 'scope', 'subresource', 'verb', 'version', 'le'];

function labelText(labels: Record<string, string>): string {
  const parts = ORDER.filter((k) => k in labels)
    .map((k) => `${k}="${labels[k].replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`);
  return `{${parts.join(',')}}`;
}

/** This process's metrics (one per Lambda container, one for the local runner). */
export const requestMetrics = new RequestMetrics();

export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
