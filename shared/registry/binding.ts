import { ConflictError } from '../api/errors';
import { findResource } from './catalog';
import { RestContext, WriteOptions } from './context';
import { KubeObject, ResourceDef, SideWrites } from './resource';
import { nowTimestamp } from './time';
import { updateObject } from './update';

const BINDING = { group: '', resource: 'pods/binding' };

/**
 * What a binding does to the pod: spec.nodeName set once, with PodScheduled=True. Refuses (409) a
 * pod being deleted, one already assigned, and one no longer at `expectedResourceVersion`.
 */
export function assignNode(current: KubeObject, node: string, expectedResourceVersion?: string): KubeObject {
  const name = String(current.metadata.name);
  const spec = (current.spec ?? {}) as { nodeName?: string };
  if (current.metadata.deletionTimestamp) throw new ConflictError(BINDING, name, 'pod is being deleted, cannot be assigned to a host');
  if (spec.nodeName) throw new ConflictError(BINDING, name, `pod ${name} is already assigned to node "${spec.nodeName}"`);
  if (expectedResourceVersion && current.metadata.resourceVersion !== expectedResourceVersion) {
    throw new ConflictError(BINDING, name, 'the object has been modified; please apply your changes to the latest version and try again');
  }
  spec.nodeName = node;
  current.spec = spec;
  const status = (current.status ?? {}) as { conditions?: Record<string, unknown>[] };
  const conditions = (status.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
  conditions.push({ type: 'PodScheduled', status: 'True', lastTransitionTime: nowTimestamp() });
  current.status = { ...status, conditions };
  return current;
}

/**
 * pods/binding: a conditional write on the pod's revision (`expectedResourceVersion`, when the
 * binder read one), so two binders racing on one pod never both win: the loser gets 409 Conflict.
 */
export async function bindPodToNode(
  ctx: RestContext,
  namespace: string,
  name: string,
  node: string,
  opts: Partial<WriteOptions> & { expectedResourceVersion?: string; sideWrites?: SideWrites['writes'] } = {},
): Promise<KubeObject> {
  const def = findResource('', 'v1', 'pods') as ResourceDef;
  const result = await updateObject(
    ctx,
    def,
    namespace,
    name,
    undefined,
    (current: KubeObject) => assignNode(current, node, opts.expectedResourceVersion),
    { dryRun: opts.dryRun ?? false, fieldValidation: 'Ignore', statusToo: true, sideWrites: opts.sideWrites },
  );
  return result.object;
}
