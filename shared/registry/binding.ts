import { ConflictError } from '../api/errors';
import { findResource } from './catalog';
import { RestContext, WriteOptions } from './context';
import { KubeObject, ResourceDef, SideWrites } from './resource';
import { nowTimestamp } from './time';
import { updateObject } from './update';

/**
 * pods/binding: sets spec.nodeName once, with PodScheduled=True. The write is conditional on the
 * pod's revision (`expectedResourceVersion`, when the binder read one), so two binders racing on
 * one pod never both win: the loser gets 409 Conflict.
 */
export async function bindPodToNode(
  ctx: RestContext,
  namespace: string,
  name: string,
  node: string,
  opts: Partial<WriteOptions> & { expectedResourceVersion?: string; sideWrites?: SideWrites['writes'] } = {},
): Promise<KubeObject> {
  const def = findResource('', 'v1', 'pods') as ResourceDef;
  const gr = { group: '', resource: 'pods/binding' };
  const result = await updateObject(
    ctx,
    def,
    namespace,
    name,
    undefined,
    (current: KubeObject) => {
      const spec = (current.spec ?? {}) as { nodeName?: string };
      if (current.metadata.deletionTimestamp) throw new ConflictError(gr, name, 'pod is being deleted, cannot be assigned to a host');
      if (spec.nodeName) throw new ConflictError(gr, name, `pod ${name} is already assigned to node "${spec.nodeName}"`);
      if (opts.expectedResourceVersion && current.metadata.resourceVersion !== opts.expectedResourceVersion) {
        throw new ConflictError(gr, name, 'the object has been modified; please apply your changes to the latest version and try again');
      }
      spec.nodeName = node;
      current.spec = spec;
      const status = (current.status ?? {}) as { conditions?: Record<string, unknown>[] };
      const conditions = (status.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
      conditions.push({ type: 'PodScheduled', status: 'True', lastTransitionTime: nowTimestamp() });
      current.status = { ...status, conditions };
      return current;
    },
    { dryRun: opts.dryRun ?? false, fieldValidation: 'Ignore', statusToo: true, sideWrites: opts.sideWrites },
  );
  return result.object;
}
