import type { StatusCause } from '../../../shared/api/errors';
import type { IngressClass } from '../../../shared/api/types';
import { defaultIngressClass, ingressStrategy } from '../../../shared/registry/kinds/ingress';
import { ingressClassStrategy } from '../../../shared/registry/kinds/ingressclass';
import type { KubeObject } from '../../../shared/registry/resource';

const obj = (spec: unknown, annotations?: Record<string, string>): KubeObject => ({ metadata: { name: 'x', namespace: 'default', annotations }, spec } as KubeObject);
const svc = (name = 'web', port: Record<string, unknown> = { number: 80 }) => ({ service: { name, port } });
const rule = (path: Record<string, unknown>, host?: string) => ({ host, http: { paths: [{ backend: svc(), ...path }] } });
const causes = (c: StatusCause[]) => c.map((x) => [x.field, x.reason, x.message]);
const validate = (spec: unknown, annotations?: Record<string, string>, old?: KubeObject) => causes(ingressStrategy.validate?.(obj(spec, annotations), old) ?? []);

describe('Ingress validation (upstream ValidateIngressCreate/Update)', () => {
  it.each([
    ['neither rules nor defaultBackend', {}, [['spec', 'FieldValueInvalid', 'Invalid value: []networking.IngressRule(nil): either `defaultBackend` or `rules` must be specified']]],
    ['no pathType', { rules: [rule({ path: '/' })] }, [['spec.rules[0].http.paths[0].pathType', 'FieldValueRequired', 'Required value: pathType must be specified']]],
    ['an unknown pathType', { rules: [rule({ path: '/', pathType: 'Regex' })] }, [['spec.rules[0].http.paths[0].pathType', 'FieldValueNotSupported', 'Unsupported value: "Regex": supported values: "Exact", "ImplementationSpecific", "Prefix"']]],
    ['a relative Prefix path', { rules: [rule({ path: 'api', pathType: 'Prefix' })] }, [['spec.rules[0].http.paths[0].path', 'FieldValueInvalid', 'Invalid value: "api": must be an absolute path']]],
    ['a path with //', { rules: [rule({ path: '/a//b', pathType: 'Exact' })] }, [['spec.rules[0].http.paths[0].path', 'FieldValueInvalid', 'Invalid value: "/a//b": must not contain \'//\'']]],
    ['a path ending /..', { rules: [rule({ path: '/a/..', pathType: 'Prefix' })] }, [['spec.rules[0].http.paths[0].path', 'FieldValueInvalid', 'Invalid value: "/a/..": cannot end with \'/..\'']]],
    ['an empty ImplementationSpecific path', { rules: [rule({ pathType: 'ImplementationSpecific' })] }, []],
    ['an IP as host', { rules: [rule({ path: '/', pathType: 'Prefix' }, '10.0.0.1')] }, [['spec.rules[0].host', 'FieldValueInvalid', 'Invalid value: "10.0.0.1": must be a DNS name, not an IP address']]],
    ['a wildcard host', { rules: [rule({ path: '/', pathType: 'Prefix' }, '*.example.com')] }, []],
    ['a bad wildcard host', { rules: [rule({ path: '/', pathType: 'Prefix' }, 'a.*.com')] }, [['spec.rules[0].host', 'FieldValueInvalid', expect.stringContaining("a wildcard DNS-1123 subdomain must start with '*.'")]]],
    ['both backends', { defaultBackend: { ...svc(), resource: { kind: 'Bucket', name: 'b' } } }, [['spec.defaultBackend', 'FieldValueInvalid', 'Invalid value: "": cannot set both resource and service backends']]],
    ['no backend', { defaultBackend: {} }, [['spec.defaultBackend', 'FieldValueInvalid', 'Invalid value: "": resource or service backend is required']]],
    ['port name and number', { defaultBackend: svc('web', { name: 'http', number: 80 }) }, [['spec.defaultBackend', 'FieldValueInvalid', 'Invalid value: "": cannot set both port name & port number']]],
    ['no port', { defaultBackend: svc('web', {}) }, [['spec.defaultBackend', 'FieldValueRequired', 'Required value: port name or number is required']]],
    ['port number out of range', { defaultBackend: svc('web', { number: 70000 }) }, [['spec.defaultBackend.service.port.number', 'FieldValueInvalid', 'Invalid value: 70000: must be between 1 and 65535, inclusive']]],
    ['a resource backend without kind', { defaultBackend: { resource: { name: 'b' } } }, [['spec.defaultBackend.resource.kind', 'FieldValueRequired', 'Required value: kind is required']]],
    ['a bad ingressClassName', { ingressClassName: 'A_B', defaultBackend: svc() }, [['spec.ingressClassName', 'FieldValueInvalid', expect.stringContaining('a lowercase RFC 1123 subdomain')]]],
  ])('%s', (_, spec, want) => {
    expect(validate(spec)).toEqual(want);
  });

  it('refuses a class annotation that disagrees with ingressClassName on create only', () => {
    const spec = { ingressClassName: 'alb', defaultBackend: svc() };
    expect(validate(spec, { 'kubernetes.io/ingress.class': 'nginx' })).toEqual([
      ['annotations.kubernetes.io/ingress.class', 'FieldValueInvalid', 'Invalid value: "nginx": must match `ingressClassName` when both are specified'],
    ]);
    expect(validate(spec, { 'kubernetes.io/ingress.class': 'nginx' }, obj(spec))).toEqual([]);
  });

  it('keeps an invalid TLS secret name an older server let in, on update', () => {
    const spec = { defaultBackend: svc(), tls: [{ secretName: 'Bad_Name' }] };
    expect(validate(spec)).toHaveLength(1);
    expect(validate(spec, undefined, obj(spec))).toEqual([]);
  });
});

describe('IngressClass', () => {
  const cls = (spec: unknown) => ({ metadata: { name: 'c' }, spec } as KubeObject);
  it.each([
    ['no controller', {}, [['spec.controller', 'FieldValueRequired', 'Required value']]],
    ['an undomained controller', { controller: 'alb' }, [['spec.controller', 'FieldValueInvalid', 'Invalid value: "alb": must be a domain-prefixed path (such as "acme.io/foo")']]],
    ['Namespace scope without namespace', { controller: 'a.io/b', parameters: { kind: 'P', name: 'p', scope: 'Namespace' } }, [['spec.parameters.namespace', 'FieldValueRequired', "Required value: `parameters.scope` is set to 'Namespace'"]]],
    ['an unknown scope', { controller: 'a.io/b', parameters: { kind: 'P', name: 'p', scope: 'Galaxy' } }, [['spec.parameters.scope', 'FieldValueNotSupported', 'Unsupported value: "Galaxy": supported values: "Cluster", "Namespace"']]],
  ])('%s', (_, spec, want) => {
    expect(causes(ingressClassStrategy.validate?.(cls(spec)) ?? [])).toEqual(want);
  });

  it('defaults parameters.scope to Cluster and keeps the controller immutable', () => {
    const c = cls({ controller: 'a.io/b', parameters: { kind: 'P', name: 'p' } });
    ingressClassStrategy.defaults?.(c);
    expect((c.spec as { parameters: { scope: string } }).parameters.scope).toBe('Cluster');
    expect(causes(ingressClassStrategy.validate?.(cls({ controller: 'a.io/c' }), cls({ controller: 'a.io/b' })) ?? [])).toEqual([['spec.controller', 'FieldValueInvalid', 'Invalid value: "a.io/c": field is immutable']]);
  });

  it('picks the newest default class, then the first by name', () => {
    const c = (name: string, at: string, isDefault = true): IngressClass => ({ metadata: { name, creationTimestamp: at, annotations: isDefault ? { 'ingressclass.kubernetes.io/is-default-class': 'true' } : {} } });
    expect(defaultIngressClass([c('a', '2025-01-01T00:00:00Z'), c('b', '2025-02-01T00:00:00Z'), c('c', '2025-03-01T00:00:00Z', false)])?.metadata?.name).toBe('b');
    expect(defaultIngressClass([c('z', '2025-01-01T00:00:00Z'), c('y', '2025-01-01T00:00:00Z')])?.metadata?.name).toBe('y');
    expect(defaultIngressClass([c('a', '2025-01-01T00:00:00Z', false)])).toBeUndefined();
  });
});
