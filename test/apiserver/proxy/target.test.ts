import { requestHeaders, responseHeaders, rewriteLocation } from '../../../shared/apiserver/proxy/headers';
import { backendPath, isProxyableIp, joinHostPort, portNumber, splitSchemeNamePort } from '../../../shared/apiserver/proxy/target';

describe('proxy target parsing', () => {
  it.each([
    ['web', { scheme: '', name: 'web', port: '' }],
    ['web:8080', { scheme: '', name: 'web', port: '8080' }],
    ['web:http', { scheme: '', name: 'web', port: 'http' }],
    ['https:web:443', { scheme: 'https', name: 'web', port: '443' }],
    ['http:web:', { scheme: 'http', name: 'web', port: '' }],
    ['ftp:web:21', undefined],
    [':8080', undefined],
    ['a:b:c:d', undefined],
  ])('splitSchemeNamePort(%p)', (id, want) => expect(splitSchemeNamePort(id)).toEqual(want));

  it.each([
    ['10.0.1.5', true],
    ['203.0.113.9', true],
    ['127.0.0.1', false],
    ['0.0.0.0', false],
    ['169.254.169.254', false],
    ['224.0.0.1', false],
    ['255.255.255.255', false],
    ['2001:db8::1', true],
    ['::1', false],
    ['::', false],
    ['fe80::1', false],
    ['ff02::1', false],
    ['::ffff:127.0.0.1', false],
    ['::ffff:10.0.0.1', true],
    ['not-an-ip', false],
    [undefined, false],
  ])('isProxyableIp(%p) is %p', (ip, want) => expect(isProxyableIp(ip)).toBe(want));

  it.each([
    ['', ''],
    ['/', '/'],
    ['/a/b', '/a/b'],
    ['/a/b/', '/a/b/'],
    ['/a/./b//c', '/a/b/c'],
    ['/a/../../etc/passwd', '/etc/passwd'],
    ['/../', '/'],
  ])('backendPath(%p) is %p', (p, want) => expect(backendPath(p)).toBe(want));

  it('joins IPv6 hosts in brackets and reads numeric ports only', () => {
    expect(joinHostPort('10.0.0.1', 80)).toBe('10.0.0.1:80');
    expect(joinHostPort('2001:db8::1', '443')).toBe('[2001:db8::1]:443');
    expect(portNumber('8080')).toBe(8080);
    expect(portNumber('http')).toBeUndefined();
  });
});

describe('proxy headers', () => {
  it('drops credentials, hop-by-hop and connection-named headers, and adds forwarding headers', () => {
    const out = requestHeaders(
      { authorization: 'Bearer secret', 'impersonate-user': 'alice', connection: 'keep-alive, x-private', 'x-private': '1', 'keep-alive': '5', 'content-length': '3', accept: 'text/plain', 'x-forwarded-for': '198.51.100.1', te: 'trailers, deflate' },
      '192.0.2.7',
      '/api/v1/namespaces/default/pods/web/proxy/x',
    );
    expect(out).toEqual({ accept: 'text/plain', te: 'trailers', 'x-forwarded-for': '198.51.100.1, 192.0.2.7', 'x-forwarded-uri': '/api/v1/namespaces/default/pods/web/proxy/x' });
  });

  it('removes the backend CORS and hop-by-hop headers and keeps every Set-Cookie', () => {
    const out = responseHeaders({ 'access-control-allow-origin': '*', 'transfer-encoding': 'chunked', 'content-type': 'text/html', 'set-cookie': ['a=1', 'b=2'], vary: ['accept', 'origin'] });
    expect(out).toEqual({ headers: { 'content-type': 'text/html', vary: 'accept, origin' }, cookies: ['a=1', 'b=2'] });
  });

  const prefix = '/api/v1/namespaces/default/services/web/proxy';
  it.each([
    ['/login', `${prefix}/login`],
    ['/login/', `${prefix}/login/`],
    [`${prefix}/already`, `${prefix}/already`],
    ['http://10.0.0.5:8080/next?x=1', `${prefix}/next?x=1`],
    ['https://api.example:6443/next', 'https://api.example:6443' + `${prefix}/next`],
    ['https://elsewhere.example/next', 'https://elsewhere.example/next'],
    ['relative/path', 'relative/path'],
  ])('rewriteLocation(%p)', (location, want) => expect(rewriteLocation(location, prefix, '10.0.0.5:8080', 'api.example:6443')).toBe(want));
});
