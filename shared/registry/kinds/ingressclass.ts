import { viewOf } from '../resource';
import type { StatusCause } from '../../api/errors';
import type { IngressClass, IngressClassParametersReference } from '../../api/types';
import { forbidden, invalid, notSupported, required, tooLong } from '../../api/validation/field';
import { validateDns1123Label, validateDns1123Subdomain } from '../../api/validation/names';
import { immutable } from '../meta';
import type { Strategy } from '../resource';
import { validateTypedReference } from './ingress-validate';

const MAX_CONTROLLER_LENGTH = 250;
const SCOPES = ['Cluster', 'Namespace'];
const HTTP_PATH = "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+";

/** apimachinery's IsDomainPrefixedPath: `acme.io/foo`. */
function validateDomainPrefixedPath(field: string, value: string): StatusCause[] {
  if (value.length === 0) return [required(field)];
  const slash = value.indexOf('/');
  const host = slash < 0 ? value : value.slice(0, slash);
  const path = slash < 0 ? '' : value.slice(slash + 1);
  if (slash < 0 || !host || !path) return [invalid(field, value, 'must be a domain-prefixed path (such as "acme.io/foo")')];
  const causes = validateDns1123Subdomain(host).map((m) => invalid(field, host, m));
  if (!new RegExp(`^${HTTP_PATH}$`).test(path)) causes.push(invalid(field, path, `must be a valid path (regex used for validation is '${HTTP_PATH}')`));
  return causes;
}

function validateParameters(params: IngressClassParametersReference | undefined, path: string): StatusCause[] {
  if (!params) return [];
  const causes = validateTypedReference(params, path);
  const scope = params.scope ?? '';
  if (!SCOPES.includes(scope)) causes.push(notSupported(`${path}.scope`, scope, SCOPES));
  if (scope === 'Namespace') {
    if (params.namespace === undefined) causes.push(required(`${path}.namespace`, "`parameters.scope` is set to 'Namespace'"));
    else causes.push(...validateDns1123Label(params.namespace).map((m) => invalid(`${path}.namespace`, params.namespace, m)));
  }
  if (scope === 'Cluster' && params.namespace !== undefined) causes.push(forbidden(`${path}.namespace`, "`parameters.scope` is set to 'Cluster'"));
  return causes;
}

/** Upstream's IngressClass strategy: parameters' scope defaults to Cluster; the controller is immutable. */
export const ingressClassStrategy: Strategy = {
  defaults(obj) {
    const params = (obj.spec as IngressClass['spec'])?.parameters;
    if (params && params.scope === undefined) params.scope = 'Cluster';
  },
  validate(obj, old) {
    const spec = viewOf<IngressClass>(obj).spec ?? {};
    const controller = spec.controller ?? '';
    const causes: StatusCause[] = [];
    if (old) {
      const before = viewOf<IngressClass>(old).spec?.controller ?? '';
      if (before !== controller) causes.push(immutable('spec.controller', controller));
    }
    if (controller.length > MAX_CONTROLLER_LENGTH) causes.push(tooLong('spec.controller', MAX_CONTROLLER_LENGTH));
    causes.push(...validateDomainPrefixedPath('spec.controller', controller));
    causes.push(...validateParameters(spec.parameters, 'spec.parameters'));
    return causes;
  },
};
