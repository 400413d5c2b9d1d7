/** node.k8s.io/v1 RuntimeClass. */
import * as z from 'zod';
import { ObjectMeta, QuantityMap, StringMap, gvk, typeMeta } from '../meta';
import { Toleration } from '../core/affinity';

export const RuntimeClass = z
  .strictObject({
    ...typeMeta,
    metadata: ObjectMeta.optional().describe('Standard object metadata.'),
    handler: z.string().describe('The CRI handler that runs pods of this class (a DNS label).'),
    overhead: z.strictObject({ podFixed: QuantityMap.optional() }).optional().describe('Resources a pod of this class costs beyond its containers.'),
    scheduling: z
      .strictObject({ nodeSelector: StringMap.optional(), tolerations: z.array(Toleration).optional() })
      .optional()
      .describe('Where pods of this class may run.'),
  })
  .meta({ description: 'A container runtime configuration pods select by name.', ...gvk('node.k8s.io', 'v1', 'RuntimeClass') });
export type RuntimeClass = z.infer<typeof RuntimeClass>;
