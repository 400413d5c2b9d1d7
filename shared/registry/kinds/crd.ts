import { viewOf } from '../resource';
import type { CustomResourceDefinition, CustomResourceDefinitionCondition } from '../../api/types/apiextensions/crd';
import type { KubeObject, Strategy } from '../resource';
import { nowTimestamp } from '../time';
import { validateCrd } from './crd-validate';

/** Upstream's finalizer on a deleting definition: its custom resources are removed first. */
export const CLEANUP_FINALIZER = 'customresourcecleanup.apiextensions.k8s.io';

const asCrd = (obj: KubeObject): CustomResourceDefinition => viewOf<CustomResourceDefinition>(obj);

/** Sets a condition, keeping its lastTransitionTime when the status does not change (upstream's SetCRDCondition). */
export function setCrdCondition(crd: CustomResourceDefinition, c: Omit<CustomResourceDefinitionCondition, 'lastTransitionTime'>): void {
  crd.status ??= {};
  const list = (crd.status.conditions ??= []);
  const i = list.findIndex((x) => x.type === c.type);
  const prev = i >= 0 ? list[i] : undefined;
  const next = { ...c, lastTransitionTime: prev && prev.status === c.status ? prev.lastTransitionTime : nowTimestamp() };
  if (i >= 0) list[i] = { type: next.type, status: next.status, lastTransitionTime: next.lastTransitionTime, reason: next.reason, message: next.message };
  else list.push({ type: next.type, status: next.status, lastTransitionTime: next.lastTransitionTime, reason: next.reason, message: next.message });
}

export function storageVersionOf(crd: CustomResourceDefinition): string | undefined {
  return crd.spec.versions?.find((v) => v.storage)?.name;
}

/** apiextensions.k8s.io/v1 CustomResourceDefinition, after upstream's pkg/registry/customresourcedefinition strategy. */
export const crdStrategy: Strategy = {
  defaults(obj) {
    const crd = asCrd(obj);
    const names = crd.spec?.names;
    if (names) {
      if (!names.singular && names.kind) names.singular = names.kind.toLowerCase();
      if (!names.listKind && names.kind) names.listKind = `${names.kind}List`;
    }
    if (crd.spec) {
      crd.spec.conversion ??= { strategy: 'None' };
      // Every version stored in at some point is recorded, so a later migration knows what to rewrite.
      const storage = storageVersionOf(crd);
      if (storage && crd.status) {
        const stored = (crd.status.storedVersions ??= []);
        if (!stored.includes(storage)) stored.push(storage);
      }
    }
  },
  prepareForCreate(obj) {
    const crd = asCrd(obj);
    const storage = storageVersionOf(crd);
    crd.status = { acceptedNames: { plural: '', kind: '' }, storedVersions: storage ? [storage] : [] };
  },
  validate(obj, old) {
    return validateCrd(asCrd(obj), old ? asCrd(old) : undefined).causes;
  },
  warnings(obj) {
    return validateCrd(asCrd(obj)).warnings;
  },
  deletionFinalizers: [CLEANUP_FINALIZER],
  prepareForDelete(obj) {
    setCrdCondition(asCrd(obj), {
      type: 'Terminating',
      status: 'True',
      reason: 'InstanceDeletionPending',
      message: 'CustomResourceDefinition marked for deletion; CustomResource deletion will begin soon',
    });
  },
};
