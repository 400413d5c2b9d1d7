import type { CustomResourceDefinition, CustomResourceDefinitionNames } from '../../api/types/apiextensions/crd';

export interface NamingResult {
  acceptedNames: Partial<CustomResourceDefinitionNames>;
  /** NamesAccepted: True with NoConflicts, or False naming the conflict. */
  condition: { status: 'True' | 'False'; reason: string; message: string };
}

/**
 * Upstream's naming controller as a pure function: a definition's names are accepted unless another
 * definition of the same group already accepted one of them (plural, singular, short names, kind,
 * list kind). On a conflict the names accepted before stay served, as upstream keeps them.
 */
export function acceptNames(crd: CustomResourceDefinition, others: CustomResourceDefinition[]): NamingResult {
  const names = crd.spec.names;
  const group = others.filter((o) => o.spec.group === crd.spec.group && o.metadata?.name !== crd.metadata?.name);
  const taken = { resources: new Set<string>(), kinds: new Set<string>() };
  for (const o of group) {
    const a = o.status?.acceptedNames ?? {};
    for (const r of [a.plural, a.singular, ...(a.shortNames ?? [])]) if (r) taken.resources.add(r);
    for (const k of [a.kind, a.listKind]) if (k) taken.kinds.add(k);
  }
  const previous = crd.status?.acceptedNames ?? {};
  const conflict = (reason: string, message: string): NamingResult => ({ acceptedNames: previous, condition: { status: 'False', reason, message } });
  if (taken.resources.has(names.plural)) return conflict('PluralConflict', `"${names.plural}" is already in use`);
  if (names.singular && taken.resources.has(names.singular)) return conflict('SingularConflict', `"${names.singular}" is already in use`);
  for (const s of names.shortNames ?? []) if (taken.resources.has(s)) return conflict('ShortNamesConflict', `"${s}" is already in use`);
  if (taken.kinds.has(names.kind)) return conflict('KindConflict', `"${names.kind}" is already in use`);
  if (names.listKind && taken.kinds.has(names.listKind)) return conflict('ListKindConflict', `"${names.listKind}" is already in use`);
  const accepted: Partial<CustomResourceDefinitionNames> = { plural: names.plural, singular: names.singular, kind: names.kind, listKind: names.listKind };
  if (names.shortNames?.length) accepted.shortNames = names.shortNames;
  if (names.categories?.length) accepted.categories = names.categories;
  return { acceptedNames: accepted, condition: { status: 'True', reason: 'NoConflicts', message: 'no conflicts found' } };
}
