import { queryBool, queryOptionalBool } from '../../shared/apiserver/query-bool';
import { parseRoute } from '../../shared/apiserver/route';

describe('queryBool', () => {
  it.each<[string, boolean]>([
    ['', false],
    ['watch=true', true],
    ['watch=True', true],
    ['watch=TRUE', true],
    ['watch=t', true],
    ['watch=1', true],
    ['watch=', true],
    ['watch', true],
    ['watch=yes', true],
    ['watch=false', false],
    ['watch=False', false],
    ['watch=FALSE', false],
    ['watch=0', false],
    ['watch=0&watch=1', false],
  ])('reads %j as apimachinery\'s Convert_Slice_string_To_bool', (q, want) => {
    expect(queryBool(new URLSearchParams(q), 'watch')).toBe(want);
  });

  it('leaves an absent optional boolean undefined', () => {
    expect(queryOptionalBool(new URLSearchParams(''), 'orphanDependents')).toBeUndefined();
    expect(queryOptionalBool(new URLSearchParams('orphanDependents=0'), 'orphanDependents')).toBe(false);
  });
});

describe('parseRoute legacy watch paths', () => {
  it.each([
    ['/api/v1/watch/pods', { group: '', version: 'v1', resource: 'pods', watch: true }],
    ['/api/v1/watch/namespaces/default/pods', { namespace: 'default', resource: 'pods', watch: true }],
    ['/api/v1/watch/namespaces/default/pods/web', { namespace: 'default', resource: 'pods', name: 'web', watch: true }],
    ['/api/v1/watch/namespaces/kube-system', { resource: 'namespaces', name: 'kube-system', watch: true }],
    ['/apis/apps/v1/watch/namespaces/default/deployments', { group: 'apps', version: 'v1', namespace: 'default', resource: 'deployments', watch: true }],
  ])('parses %s', (path, want) => {
    expect(parseRoute(path)).toMatchObject({ type: 'resource', ...want });
  });

  it('serves no subresource under watch', () => {
    expect(parseRoute('/api/v1/watch/namespaces/default/pods/web/status')).toBeUndefined();
  });
});
