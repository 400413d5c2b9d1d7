/** v1 ComponentStatus (deprecated upstream, still served read-only). */
import * as z from 'zod';
import { ObjectMeta, gvk, typeMeta } from '../meta';

export const ComponentStatus = z
  .strictObject({
    ...typeMeta,
    metadata: ObjectMeta.optional().describe('Standard object metadata.'),
    conditions: z
      .array(
        z.strictObject({
          type: z.string().describe('Healthy.'),
          status: z.string().describe('True, False or Unknown.'),
          message: z.string().optional().describe('The component\'s answer.'),
          error: z.string().optional().describe('Why the check failed.'),
        }),
      )
      .optional()
      .describe('The component\'s health.'),
  })
  .meta({ description: 'The health of a control-plane component.', ...gvk('', 'v1', 'ComponentStatus') });
export type ComponentStatus = z.infer<typeof ComponentStatus>;
