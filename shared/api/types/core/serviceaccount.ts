/** core/v1 ServiceAccount. */
import * as z from 'zod';
import { ObjectMeta, gvk, listMap, typeMeta } from '../meta';
import { LocalObjectReference, ObjectReference } from './common';

export const ServiceAccount = z
  .strictObject({
    ...typeMeta,
    metadata: ObjectMeta.optional().describe('Standard object metadata.'),
    secrets: listMap(ObjectReference, ['name'])
      .optional()
      .describe('Secrets pods of this account may use; not for auto-generated tokens any more.'),
    imagePullSecrets: z
      .array(LocalObjectReference)
      .optional()
      .describe('Registry credentials added to every pod that uses the account.'),
    automountServiceAccountToken: z
      .boolean()
      .optional()
      .describe('Whether pods get an API token mounted automatically; the pod setting wins.'),
  })
  .meta({ description: 'An identity for processes running in pods.', ...gvk('', 'v1', 'ServiceAccount') });
export type ServiceAccount = z.infer<typeof ServiceAccount>;
