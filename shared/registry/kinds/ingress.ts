import { viewOf } from '../resource';
import type { StatusCause } from '../../api/errors';
import type { Ingress, IngressClass, IngressSpec } from '../../api/types';
import { invalid } from '../../api/validation/field';
import { validateWildcardDns1123Subdomain } from '../../api/validation/hosts';
import { validateDns1123Subdomain } from '../../api/validation/names';
import type { KubeObject, Strategy, StrategyContext } from '../resource';
import { INGRESS_CLASS_ANNOTATION, validateIngressSpec } from './ingress-validate';

/** The annotation that marks the cluster's default IngressClass. */
export const DEFAULT_CLASS_ANNOTATION = 'ingressclass.kubernetes.io/is-default-class';
export const INGRESS_CLASSES = 'ingressclasses.networking.k8s.io';

/** Upstream's getDefaultClass: of the classes marked default, the newest (then the first by name). */
export function defaultIngressClass(classes: IngressClass[]): IngressClass | undefined {
  const marked = classes.filter((c) => c.metadata?.annotations?.[DEFAULT_CLASS_ANNOTATION] === 'true');
  marked.sort((a, b) => {
    const ta = Date.parse(String(a.metadata?.creationTimestamp ?? 0));
    const tb = Date.parse(String(b.metadata?.creationTimestamp ?? 0));
    return ta === tb ? String(a.metadata?.name).localeCompare(String(b.metadata?.name)) : tb - ta;
  });
  return marked[0];
}

/**
 * Upstream's DefaultIngressClass admission plugin: an Ingress created with neither
 * spec.ingressClassName nor the deprecated annotation gets the default class, if there is one.
 */
export async function admitDefaultIngressClass(ctx: StrategyContext, obj: KubeObject): Promise<void> {
  const spec = (obj.spec ?? {}) as IngressSpec;
  if (spec.ingressClassName !== undefined) return;
  if ((obj.metadata.annotations as Record<string, string> | undefined)?.[INGRESS_CLASS_ANNOTATION] !== undefined) return;
  const classes: IngressClass[] = [];
  let after: string | undefined;
  do {
    const page = await ctx.store.list(INGRESS_CLASSES, undefined, { after, limit: 1000 });
    classes.push(...page.items.map((o) => viewOf<IngressClass>(o)));
    after = page.continueAfter;
  } while (after);
  const chosen = defaultIngressClass(classes);
  if (!chosen) return;
  obj.spec = { ...spec, ingressClassName: String(chosen.metadata?.name) };
}

/** Whether the old object already had what a create would refuse now (upstream's ratcheting on update). */
function oldHad(old: Ingress | undefined, test: (spec: IngressSpec) => boolean): boolean {
  return !!old?.spec && test(old.spec);
}

const badSecretName = (spec: IngressSpec) => (spec.tls ?? []).some((t) => !!t.secretName && validateDns1123Subdomain(t.secretName).length > 0);
const badWildcardRule = (spec: IngressSpec) => (spec.rules ?? []).some((r) => !!r.host?.includes('*') && validateWildcardDns1123Subdomain(r.host).length === 0 && !!r.http);

/**
 * Upstream's Ingress strategy: status starts empty and only the status subresource writes it;
 * validation as ValidateIngressCreate/Update (the deprecated class annotation must agree with
 * spec.ingressClassName on create); the default class is assigned at admission.
 */
export const ingressStrategy: Strategy = {
  prepareForCreate(obj) {
    obj.status = { loadBalancer: {} };
  },
  admit: admitDefaultIngressClass,
  validate(obj, old) {
    const ingress = viewOf<Ingress>(obj);
    const before = old ? viewOf<Ingress>(old) : undefined;
    const opts = {
      allowInvalidSecretName: oldHad(before, badSecretName),
      allowInvalidWildcardHostRule: oldHad(before, badWildcardRule),
    };
    const causes: StatusCause[] = validateIngressSpec(ingress.spec ?? {}, 'spec', opts);
    const annotation = ingress.metadata?.annotations?.[INGRESS_CLASS_ANNOTATION];
    const className = ingress.spec?.ingressClassName;
    if (!old && annotation !== undefined && className !== undefined && annotation !== className) {
      causes.push(invalid(`annotations.${INGRESS_CLASS_ANNOTATION}`, annotation, 'must match `ingressClassName` when both are specified'));
    }
    return causes;
  },
};
