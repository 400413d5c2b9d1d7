import { isIP } from 'node:net';
import type { StatusCause } from '../../api/errors';
import type { HTTPIngressPath, IngressBackend, IngressSpec, TypedLocalObjectReference } from '../../api/types';
import { validateWildcardDns1123Subdomain, validatePortNumber } from '../../api/validation/hosts';
import { invalid, notSupported, required } from '../../api/validation/field';
import { validateDns1035Label, validateDns1123Subdomain, validatePathSegment } from '../../api/validation/names';
import { validatePortName } from '../../api/validation/ports';

/** The deprecated annotation that named an Ingress's class before spec.ingressClassName. */
export const INGRESS_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';

const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];
const INVALID_PATH_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const INVALID_PATH_SUFFIXES = ['/..', '/.'];

/** What an update may keep that a create may not (upstream's IngressValidationOptions). */
export interface IngressValidationOptions {
  allowInvalidSecretName: boolean;
  allowInvalidWildcardHostRule: boolean;
}

/** A field.Invalid whose value Go prints with %#v (a struct or a nil list): the message is given whole. */
const invalidRaw = (field: string, shown: string, message: string): StatusCause => ({ reason: 'FieldValueInvalid', message: `Invalid value: ${shown}: ${message}`, field });

const each = (field: string, value: string, messages: string[]) => messages.map((m) => invalid(field, value, m));

/** Upstream's ValidateIngressSpec, with its messages and field paths. */
export function validateIngressSpec(spec: IngressSpec, path: string, opts: IngressValidationOptions): StatusCause[] {
  const causes: StatusCause[] = [];
  const rules = spec.rules ?? [];
  if (rules.length === 0 && !spec.defaultBackend) {
    causes.push(invalidRaw(path, rules.length === 0 && spec.rules ? '[]networking.IngressRule{}' : '[]networking.IngressRule(nil)', 'either `defaultBackend` or `rules` must be specified'));
  }
  if (spec.defaultBackend) causes.push(...validateBackend(spec.defaultBackend, `${path}.defaultBackend`));
  if (rules.length > 0) causes.push(...validateRules(spec, `${path}.rules`, opts));
  (spec.tls ?? []).forEach((tls, t) => {
    (tls.hosts ?? []).forEach((host, i) => {
      const field = `${path}.tls[${t}].hosts[${i}]`;
      causes.push(...each(field, host, host.includes('*') ? validateWildcardDns1123Subdomain(host) : validateDns1123Subdomain(host)));
    });
    if (!opts.allowInvalidSecretName && tls.secretName) causes.push(...each(`${path}.tls[${t}].secretName`, tls.secretName, validateDns1123Subdomain(tls.secretName)));
  });
  if (spec.ingressClassName !== undefined) causes.push(...each(`${path}.ingressClassName`, spec.ingressClassName, validateDns1123Subdomain(spec.ingressClassName)));
  return causes;
}

function validateRules(spec: IngressSpec, path: string, opts: IngressValidationOptions): StatusCause[] {
  const causes: StatusCause[] = [];
  (spec.rules ?? []).forEach((rule, i) => {
    let wildcard = false;
    const host = rule.host ?? '';
    if (host) {
      const field = `${path}[${i}].host`;
      if (isIP(host) !== 0) causes.push(invalid(field, host, 'must be a DNS name, not an IP address'));
      if (host.includes('*')) {
        causes.push(...each(field, host, validateWildcardDns1123Subdomain(host)));
        wildcard = true;
      } else causes.push(...each(field, host, validateDns1123Subdomain(host)));
    }
    if (wildcard && opts.allowInvalidWildcardHostRule) return;
    if (!rule.http) return;
    const paths = rule.http.paths ?? [];
    if (paths.length === 0) causes.push(required(`${path}[${i}].http.paths`));
    paths.forEach((p, j) => causes.push(...validatePath(p, `${path}[${i}].http.paths[${j}]`)));
  });
  return causes;
}

function validatePath(p: HTTPIngressPath, path: string): StatusCause[] {
  if (p.pathType === undefined) return [required(`${path}.pathType`, 'pathType must be specified')];
  const causes: StatusCause[] = [];
  const value = p.path ?? '';
  if (p.pathType === 'Exact' || p.pathType === 'Prefix') {
    if (!value.startsWith('/')) causes.push(invalid(`${path}.path`, value, 'must be an absolute path'));
    if (value.length > 0) {
      for (const seq of INVALID_PATH_SEQUENCES) if (value.includes(seq)) causes.push(invalid(`${path}.path`, value, `must not contain '${seq}'`));
      for (const suffix of INVALID_PATH_SUFFIXES) if (value.endsWith(suffix)) causes.push(invalid(`${path}.path`, value, `cannot end with '${suffix}'`));
    }
  } else if (p.pathType === 'ImplementationSpecific') {
    if (value.length > 0 && !value.startsWith('/')) causes.push(invalid(`${path}.path`, value, 'must be an absolute path'));
  } else {
    causes.push(notSupported(`${path}.pathType`, p.pathType, PATH_TYPES));
  }
  causes.push(...validateBackend(p.backend ?? {}, `${path}.backend`));
  return causes;
}

/** Upstream's validateIngressBackend: exactly one of service and resource; a service port by name or number. */
export function validateBackend(backend: IngressBackend, path: string): StatusCause[] {
  const { service, resource } = backend;
  if (service && resource) return [invalid(path, '', 'cannot set both resource and service backends')];
  if (resource) return validateTypedReference(resource, `${path}.resource`);
  if (!service) return [invalid(path, '', 'resource or service backend is required')];
  const causes: StatusCause[] = [];
  if (!service.name) causes.push(required(`${path}.service.name`));
  else causes.push(...each(`${path}.service.name`, service.name, validateDns1035Label(service.name)));
  const name = service.port?.name ?? '';
  const number = service.port?.number ?? 0;
  if (name && number) causes.push(invalid(path, '', 'cannot set both port name & port number'));
  else if (name) causes.push(...each(`${path}.service.port.name`, name, validatePortName(name)));
  else if (number) causes.push(...validatePortNumber(number).map((m) => invalid(`${path}.service.port.number`, number, m)));
  else causes.push(required(path, 'port name or number is required'));
  return causes;
}

/** Upstream's validateIngressTypedLocalObjectReference (a resource backend, an IngressClass's parameters). */
export function validateTypedReference(ref: Partial<TypedLocalObjectReference>, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  if (ref.apiGroup !== undefined) causes.push(...each(`${path}.apiGroup`, ref.apiGroup, validateDns1123Subdomain(ref.apiGroup)));
  if (!ref.kind) causes.push(required(`${path}.kind`, 'kind is required'));
  else causes.push(...each(`${path}.kind`, ref.kind, validatePathSegment(ref.kind)));
  if (!ref.name) causes.push(required(`${path}.name`, 'name is required'));
  else causes.push(...each(`${path}.name`, ref.name, validatePathSegment(ref.name)));
  return causes;
}
