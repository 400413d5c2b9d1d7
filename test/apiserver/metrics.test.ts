import { ApiContext } from '../../shared/apiserver/context';
import { hashToken } from '../../shared/apiserver/auth';
import { requestLabels, RequestMetrics } from '../../shared/apiserver/metrics';
import { parseRoute } from '../../shared/apiserver/route';
import { handleRequest } from '../../shared/apiserver/server';
import { ApiRequest } from '../../shared/apiserver/http';
import { ObjectStore } from '../../shared/storage/store';

const req = (method: string, url: string, headers: Record<string, string> = {}): ApiRequest => {
  const [path, query = ''] = url.split('?');
  return { method, path, query: new URLSearchParams(query), headers };
};
const labels = (method: string, url: string, headers: Record<string, string> = {}) => {
  const r = req(method, url, headers);
  return requestLabels(r, parseRoute(r.path));
};

describe('requestLabels', () => {
  it.each<[string, string, Record<string, string>, Partial<ReturnType<typeof labels>>]>([
    ['GET', '/api/v1/namespaces/default/pods', {}, { verb: 'LIST', resource: 'pods', scope: 'namespace', version: 'v1' }],
    ['GET', '/api/v1/pods?watch=1', {}, { verb: 'WATCH', scope: 'cluster' }],
    ['GET', '/api/v1/watch/namespaces/default/pods', {}, { verb: 'WATCH', scope: 'namespace' }],
    ['GET', '/apis/apps/v1/namespaces/default/deployments/web', {}, { verb: 'GET', group: 'apps', resource: 'deployments', scope: 'resource' }],
    ['PATCH', '/api/v1/namespaces/default/configmaps/x', { 'content-type': 'application/apply-patch+yaml' }, { verb: 'APPLY' }],
    ['POST', '/api/v1/namespaces/default/pods?dryRun=All', {}, { verb: 'POST', dry_run: 'All' }],
    ['POST', '/api/v1/namespaces/default/pods/web/exec', {}, { verb: 'CONNECT', subresource: 'exec' }],
    ['GET', '/version', {}, { verb: 'GET', resource: '' }],
  ])('labels %s %s as upstream', (method, url, headers, want) => {
    expect(labels(method, url, headers)).toMatchObject(want);
  });
});

describe('RequestMetrics', () => {
  it('renders counters per code and a cumulative histogram in the text format', () => {
    const m = new RequestMetrics();
    const l = labels('GET', '/api/v1/namespaces/default/pods');
    m.observe(l, 200, 0.01);
    m.observe(l, 200, 2.5);
    m.observe(l, 404, 0.001);
    const text = m.render();
    const sel = 'component="apiserver",dry_run="",group="",resource="pods",scope="namespace",subresource="",verb="LIST",version="v1"';
    expect(text).toContain(`apiserver_request_total{code="200",${sel}} 2`);
    expect(text).toContain(`apiserver_request_total{code="404",${sel}} 1`);
    expect(text).toContain(`apiserver_request_duration_seconds_bucket{${sel},le="0.005"} 1`);
    expect(text).toContain(`apiserver_request_duration_seconds_bucket{${sel},le="0.025"} 2`);
    expect(text).toContain(`apiserver_request_duration_seconds_bucket{${sel},le="3"} 3`);
    expect(text).toContain(`apiserver_request_duration_seconds_bucket{${sel},le="+Inf"} 3`);
    expect(text).toContain(`apiserver_request_duration_seconds_count{${sel}} 3`);
    expect(text).toMatch(/^# HELP apiserver_request_total .*\n# TYPE apiserver_request_total counter\n/);
  });
});

describe('GET /metrics', () => {
  // Neither /metrics nor /version reads the store (an anonymous request would: RBAC decides it, see the protocol e2e).
  const ctx: ApiContext = { store: {} as ObjectStore, config: { tokenHashes: [hashToken('t')], maxWatchSeconds: 1, anonymousAuth: false } };

  it('needs a token (anonymous requests off)', async () => {
    expect((await handleRequest(ctx, req('GET', '/metrics'))).statusCode).toBe(401);
  });

  it('counts the requests this server answered', async () => {
    await handleRequest(ctx, req('GET', '/version/'));
    const res = await handleRequest(ctx, req('GET', '/metrics', { authorization: 'Bearer t' }));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(res.body).toMatch(/apiserver_request_total\{code="401",component="apiserver",dry_run="",group="",resource="",scope="",subresource="",verb="GET",version=""\} [1-9]/);
  });
});

describe('pretty printing', () => {
  const ctx: ApiContext = { store: {} as ObjectStore, config: { tokenHashes: [hashToken('t')], maxWatchSeconds: 1 } };

  it.each<[string, Record<string, string>, boolean]>([
    ['/version?pretty=true', {}, true],
    ['/version?pretty=1', {}, true],
    ['/version?pretty=false', { 'user-agent': 'curl/8.5.0' }, false],
    ['/version?pretty=yes', {}, false],
    ['/version', { 'user-agent': 'curl/8.5.0' }, true],
    ['/version', { 'user-agent': 'kubectl/v1.33.0' }, false],
  ])('indents %s for %j as upstream: %s', async (url, headers, indented) => {
    const res = await handleRequest(ctx, req('GET', url, headers));
    expect(res.body.startsWith('{\n  "major"')).toBe(indented);
  });
});
