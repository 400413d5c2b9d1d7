import type { CustomResourceDefinition } from '../../api/types/apiextensions/crd';
import { defsOfCrd } from '../../registry/custom/defs';
import type { ResourceDef } from '../../registry/resource';
import { setCrdCondition } from '../../registry/kinds/crd';

/** The storage version's resource of a definition, served or not (to clean up after it). */
export function storageDefOf(crd: CustomResourceDefinition): ResourceDef | undefined {
  const copy = structuredClone(crd);
  setCrdCondition(copy, { type: 'Established', status: 'True', reason: 'Cleanup', message: '' });
  for (const v of copy.spec.versions) v.served = v.served || v.storage;
  return defsOfCrd(copy).find((d) => d.custom?.storageVersion === d.version);
}
