import type { RestContext } from '../../registry/context';
import type { WorkKey } from '../../runtime/work';
import { Handle, list, R } from '../client';
import { namespaceKey } from './routing';

/**
 * The namespaces an endpoint controller's resync reconciles: those (not terminating) holding a
 * Service or one of the objects the controller writes (`owned`: Endpoints or EndpointSlices), from
 * one list of each across the cluster. A namespace with neither has nothing to converge: its
 * reconcile would find no service to serve and nothing left to delete. Keying every namespace cost
 * two lists per namespace, each a revision read and a query, that decided nothing.
 */
export async function namespacesToResync<T extends object>(ctx: RestContext, owned: Handle<T>, controller: string): Promise<WorkKey[]> {
  const [namespaces, services, objects] = await Promise.all([list(ctx, R.namespaces), list(ctx, R.services), list(ctx, owned)]);
  const occupied = new Set([...services, ...objects].map((o) => String(o.metadata.namespace)));
  return namespaces
    .filter((n) => !n.metadata.deletionTimestamp && occupied.has(String(n.metadata.name)))
    .map((n) => namespaceKey(String(n.metadata.name), controller));
}
