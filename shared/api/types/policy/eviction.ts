/** policy/v1 Eviction: the body of the pods/eviction subresource (`kubectl drain`). */
import * as z from 'zod';
import { DeleteOptions, ObjectMeta, gvk, typeMeta } from '../meta';

export const Eviction = z
  .strictObject({
    ...typeMeta,
    metadata: ObjectMeta.optional().describe('Name and namespace of the pod to evict.'),
    deleteOptions: DeleteOptions.optional().describe('Options for the deletion the eviction performs.'),
  })
  .meta(
    { description: 'Asks to delete a pod while respecting disruption budgets.', ...gvk('policy', 'v1', 'Eviction') },
  );
export type Eviction = z.infer<typeof Eviction>;
