import { ApiError, ForbiddenError, InvalidError, NotFoundError, TooManyRequestsError } from '../api/errors';
import { NamespaceGuardFailed, SideWriteFailed, StoreBusy } from '../storage/errors';
import { ObjectStore } from '../storage/store';
import { ResourceDef, SideWrites } from './resource';

/** Turns the store's failures (other than preconditions, which callers interpret) into Status errors. */
export async function mapStoreError(
  err: unknown,
  store: ObjectStore,
  def: ResourceDef,
  name: string,
  side?: SideWrites,
): Promise<never> {
  if (err instanceof ApiError) throw err;
  if (err instanceof NamespaceGuardFailed) {
    const ns = await store.get('namespaces', undefined, err.namespace);
    if (!ns) throw new NotFoundError({ group: '', resource: 'namespaces' }, err.namespace);
    throw new ForbiddenError(
      { group: def.group, resource: def.resource },
      name,
      `unable to create new content in namespace ${err.namespace} because it is being terminated`,
    );
  }
  if (err instanceof SideWriteFailed && side) {
    throw new InvalidError(def.kind, def.group, name, [side.describe(err.index)]);
  }
  if (err instanceof StoreBusy) throw new TooManyRequestsError(err.message);
  throw err;
}
