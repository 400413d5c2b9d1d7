import type { CustomResourceDefinition } from '../../api/types/apiextensions/crd';
import type { RestContext } from '../../registry/context';
import { CRD_STORAGE_KEY } from '../../registry/custom/registry';
import { CLEANUP_FINALIZER, setCrdCondition } from '../../registry/kinds/crd';
import { KubeObject, ResourceDef, viewOf } from '../../registry/resource';
import { Controller, objectsOf } from '../controller';
import { get, list, remove, resource, update, updateStatusOf } from '../client';
import { acceptNames } from './naming';
import { storageDefOf } from './storage-def';

const NAME = 'customresourcedefinition';
const CLEANUP_POLL_SECONDS = 1;

const crds = (): ResourceDef => resource('apiextensions.k8s.io', 'v1', 'customresourcedefinitions');
const asCrd = (o: KubeObject): CustomResourceDefinition => viewOf<CustomResourceDefinition>(o);

/**
 * The definitions' controllers from upstream's apiextensions-apiserver in one: naming (accepted
 * names and NamesAccepted), establishing (Established once the names are accepted) and finalizing
 * (a deleting definition's custom resources are deleted, then its cleanup finalizer dropped).
 */
export const crdController: Controller = {
  name: NAME,
  filters: [objectsOf(CRD_STORAGE_KEY)],
  route: (_record, key) => (key ? [{ ...key, controller: NAME }] : []),
  async reconcile(ctx, key) {
    const obj = await get(ctx, crds(), undefined, key.name);
    if (!obj) return {};
    if (obj.metadata.deletionTimestamp) return finalize(ctx, obj);
    const others = (await list(ctx, crds())).map(asCrd);
    const naming = acceptNames(asCrd(obj), others);
    await updateStatusOf(ctx, crds(), obj, (current) => {
      const crd = structuredClone(asCrd(current));
      crd.status = { ...crd.status, acceptedNames: naming.acceptedNames };
      setCrdCondition(crd, { type: 'NamesAccepted', ...naming.condition });
      if (naming.condition.status === 'True') {
        setCrdCondition(crd, { type: 'Established', status: 'True', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' });
      } else if (!(crd.status.conditions ?? []).some((c) => c.type === 'Established' && c.status === 'True')) {
        setCrdCondition(crd, { type: 'Established', status: 'False', reason: 'NotAccepted', message: 'not all names are accepted' });
      }
      return JSON.stringify(crd.status) === JSON.stringify(current.status) ? undefined : crd.status;
    });
    return {};
  },
  async resync(ctx) {
    return (await list(ctx, crds()))
      .filter((c) => c.metadata.deletionTimestamp || !(asCrd(c).status?.conditions ?? []).some((x) => x.type === 'Established' && x.status === 'True'))
      .map((c) => ({ resource: CRD_STORAGE_KEY, name: String(c.metadata.name), controller: NAME }));
  },
};

/** Deletes every custom resource of a deleting definition; once none is left, lets the definition go. */
async function finalize(ctx: RestContext, obj: KubeObject): Promise<{ requeueAfterSeconds?: number }> {
  if (!((obj.metadata.finalizers as string[] | undefined) ?? []).includes(CLEANUP_FINALIZER)) return {};
  const crd = asCrd(obj);
  const def = storageDefOf(crd);
  const items = def ? await list(ctx, def) : [];
  if (items.length > 0) {
    await updateStatusOf(ctx, crds(), obj, (current) => {
      const next = structuredClone(asCrd(current));
      setCrdCondition(next, { type: 'Terminating', status: 'True', reason: 'InstanceDeletionInProgress', message: 'CustomResource deletion is in progress' });
      return JSON.stringify(next.status) === JSON.stringify(current.status) ? undefined : next.status;
    });
    for (const item of items) if (!item.metadata.deletionTimestamp) await remove(ctx, def as ResourceDef, item, { propagationPolicy: 'Background' });
    return { requeueAfterSeconds: CLEANUP_POLL_SECONDS };
  }
  const current = await get(ctx, crds(), undefined, String(obj.metadata.name));
  if (!current) return {};
  const next = structuredClone(current);
  next.metadata.finalizers = ((current.metadata.finalizers as string[] | undefined) ?? []).filter((f) => f !== CLEANUP_FINALIZER);
  await update(ctx, crds(), next);
  return {};
}
