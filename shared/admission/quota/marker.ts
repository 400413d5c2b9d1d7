import type { SideWrites } from '../../registry/resource';
import type { SideKey } from '../../storage/store';

/**
 * A namespace's quota marker (docs/storage.md, "Items"): put in the transaction of every
 * ResourceQuota's create and never removed (deleting a quota leaves it), so a namespace without one
 * has never had a quota, and a create there can skip reading quotas by committing on its absence.
 */
export const quotaMarker = (namespace: string): SideKey => ({ pk: 'q#resourcequotas', sk: namespace });

/** What a ResourceQuota's create adds to its transaction: its namespace's marker. */
export function putQuotaMarker(namespace: string): SideWrites {
  return {
    writes: [{ put: quotaMarker(namespace), attributes: {} }],
    // An unconditional put cannot fail its condition.
    describe: () => ({ field: 'metadata.namespace', message: 'quota marker not written' }),
  };
}
