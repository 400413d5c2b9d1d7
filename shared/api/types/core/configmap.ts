/** core/v1 ConfigMap. */
import * as z from 'zod';
import { Base64Map, ObjectMeta, StringMap, gvk, typeMeta } from '../meta';

export const ConfigMap = z
  .strictObject({
    ...typeMeta,
    metadata: ObjectMeta.optional().describe('Standard object metadata.'),
    immutable: z.boolean().optional().describe(
      'When true, data and binaryData can no longer change; the object can only be deleted.',
    ),
    data: StringMap.optional().describe('UTF-8 configuration values by key; keys may not overlap binaryData.'),
    binaryData: Base64Map
      .optional()
      .describe('Binary values by key, base64-encoded; keys may not overlap data.'),
  })
  .meta({ description: 'Non-confidential configuration data for pods.', ...gvk('', 'v1', 'ConfigMap') });
export type ConfigMap = z.infer<typeof ConfigMap>;
