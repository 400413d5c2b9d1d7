/** core/v1 Secret. */
import * as z from 'zod';
import { Base64Map, ObjectMeta, StringMap, gvk, typeMeta } from '../meta';

export const Secret = z
  .strictObject({
    ...typeMeta,
    metadata: ObjectMeta.optional().describe('Standard object metadata.'),
    immutable: z.boolean().optional().describe('When true, data can no longer change; the object can only be deleted.'),
    data: Base64Map
      .optional()
      .describe('Secret values by key, base64-encoded.'),
    stringData: StringMap.optional().describe(
      'Write-only plain-text values merged into data on write; wins over data.',
    ),
    type: z.string().optional().describe(
      'Kind of secret, e.g. Opaque (default) or kubernetes.io/tls; used for validation.',
    ),
  })
  .meta({ description: 'Confidential data such as passwords, tokens or keys.', ...gvk('', 'v1', 'Secret') });
export type Secret = z.infer<typeof Secret>;
