/**
 * Upstream's pod spec checks for the values the scheduler and kubelets compute with: resource
 * quantities (syntax is the Quantity schema's; here sign, names and requests within limits),
 * probe ports, and every label selector a pod carries (nodeSelector, affinity, topology spread).
 */
import type { StatusCause } from '../../api/errors';
import { forbidden, invalid, required } from '../../api/validation/field';
import { validatePortNumOrName } from '../../api/validation/intstr';
import { checkQuantity } from '../../api/validation/quantity';
import { validateLabels, validateLabelSelector } from '../../api/validation/selector';
import { validateLabelKey } from '../../api/selectors/validation';
import { parseMilliValue } from '../../scheduler/quantity';

type Obj = Record<string, unknown>;
type Quantity = string | number;

const STANDARD_CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);

function validateResourceName(name: string, field: string): StatusCause[] {
  const causes = validateLabelKey(name).map((m) => invalid(field, name, m));
  if (causes.length === 0 && !name.includes('/') && !STANDARD_CONTAINER_RESOURCES.has(name) && !name.startsWith('hugepages-')) {
    causes.push(invalid(field, name, 'must be a standard resource for containers'));
  }
  return causes;
}

const parses = (q: Quantity): boolean => !('error' in checkQuantity(q));

/** ValidateResourceRequirements: names, non-negative amounts, each request within its limit. */
export function validateResources(resources: Obj | undefined, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  const limits = (resources?.limits ?? {}) as Record<string, Quantity>;
  const requests = (resources?.requests ?? {}) as Record<string, Quantity>;
  for (const [kind, map] of [['limits', limits], ['requests', requests]] as const) {
    for (const [name, q] of Object.entries(map)) {
      const field = `${path}.${kind}[${name}]`;
      causes.push(...validateResourceName(name, field));
      const check = checkQuantity(q);
      if ('negative' in check && check.negative) causes.push(invalid(field, String(q), 'must be greater than or equal to 0'));
    }
  }
  for (const [name, q] of Object.entries(requests)) {
    const limit = limits[name];
    if (limit === undefined || !parses(q) || !parses(limit)) continue;
    if (parseMilliValue(q) > parseMilliValue(limit)) {
      causes.push(invalid(`${path}.requests[${name}]`, String(q), `must be less than or equal to ${name} limit of ${String(limit)}`));
    }
  }
  return causes;
}

/** Probe handler ports: a number in 1-65535 or a valid port name. */
export function validateProbes(container: Obj, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
    const p = container[probe] as Obj | undefined;
    for (const handler of ['httpGet', 'tcpSocket']) {
      const port = (p?.[handler] as Obj | undefined)?.port as number | string | undefined;
      if (port !== undefined) causes.push(...validatePortNumOrName(port, `${path}.${probe}.${handler}.port`));
    }
  }
  return causes;
}

function validateNodeSelectorRequirements(list: Obj[] | undefined, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  (list ?? []).forEach((rq, i) => {
    const at = `${path}[${i}]`;
    const values = (rq.values as unknown[] | undefined) ?? [];
    const op = rq.operator;
    if (op === 'In' || op === 'NotIn') {
      if (values.length === 0) causes.push(required(`${at}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
    } else if (op === 'Exists' || op === 'DoesNotExist') {
      if (values.length > 0) causes.push(forbidden(`${at}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
    } else if (op === 'Gt' || op === 'Lt') {
      if (values.length !== 1) causes.push(required(`${at}.values`, "must be specified single value when `operator` is 'Lt' or 'Gt'"));
    } else causes.push(invalid(`${at}.operator`, op, 'not a valid selector operator'));
    for (const m of validateLabelKey(String(rq.key ?? ''))) causes.push(invalid(`${at}.key`, rq.key, m));
  });
  return causes;
}

function validatePodAffinityTerms(affinity: Obj | undefined, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  const terms = (list: unknown, at: string, inner: boolean) =>
    ((list as Obj[] | undefined) ?? []).forEach((t, i) => {
      const term = (inner ? t.podAffinityTerm : t) as Obj | undefined;
      const base = inner ? `${at}[${i}].podAffinityTerm` : `${at}[${i}]`;
      causes.push(...validateLabelSelector(term?.labelSelector as Obj | undefined, `${base}.labelSelector`));
      causes.push(...validateLabelSelector(term?.namespaceSelector as Obj | undefined, `${base}.namespaceSelector`));
    });
  terms(affinity?.requiredDuringSchedulingIgnoredDuringExecution, `${path}.requiredDuringSchedulingIgnoredDuringExecution`, false);
  terms(affinity?.preferredDuringSchedulingIgnoredDuringExecution, `${path}.preferredDuringSchedulingIgnoredDuringExecution`, true);
  return causes;
}

/** nodeSelector, node and pod (anti-)affinity, topology spread: every selector the scheduler evaluates. */
export function validateSchedulingSelectors(spec: Obj, path: string): StatusCause[] {
  const causes = validateLabels(spec.nodeSelector as Obj | undefined, `${path}.nodeSelector`);
  const affinity = spec.affinity as Obj | undefined;
  const nodeAffinity = affinity?.nodeAffinity as Obj | undefined;
  const requiredTerms = ((nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution as Obj | undefined)?.nodeSelectorTerms as Obj[] | undefined) ?? [];
  const naPath = `${path}.affinity.nodeAffinity`;
  requiredTerms.forEach((term, i) => {
    const at = `${naPath}.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[${i}]`;
    causes.push(...validateNodeSelectorRequirements(term.matchExpressions as Obj[] | undefined, `${at}.matchExpressions`));
  });
  ((nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution as Obj[] | undefined) ?? []).forEach((pref, i) => {
    const at = `${naPath}.preferredDuringSchedulingIgnoredDuringExecution[${i}].preference.matchExpressions`;
    causes.push(...validateNodeSelectorRequirements((pref.preference as Obj | undefined)?.matchExpressions as Obj[] | undefined, at));
  });
  causes.push(...validatePodAffinityTerms(affinity?.podAffinity as Obj | undefined, `${path}.affinity.podAffinity`));
  causes.push(...validatePodAffinityTerms(affinity?.podAntiAffinity as Obj | undefined, `${path}.affinity.podAntiAffinity`));
  ((spec.topologySpreadConstraints as Obj[] | undefined) ?? []).forEach((c, i) => {
    causes.push(...validateLabelSelector(c.labelSelector as Obj | undefined, `${path}.topologySpreadConstraints[${i}].labelSelector`));
  });
  return causes;
}
