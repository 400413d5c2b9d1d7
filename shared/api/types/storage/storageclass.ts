/** storage.k8s.io/v1 StorageClass. */
import * as z from 'zod';
import { ObjectMeta, StringMap, gvk, typeMeta } from '../meta';

export const TopologySelectorTerm = z
  .strictObject({
    matchLabelExpressions: z
      .array(z.strictObject({ key: z.string().describe('Label key.'), values: z.array(z.string()).describe('Allowed values.') }))
      .optional()
      .describe('Topology label requirements.'),
  })
  .describe('A topology a volume may be provisioned in.');

export const StorageClass = z
  .strictObject({
    ...typeMeta,
    metadata: ObjectMeta.optional().describe('Standard object metadata.'),
    provisioner: z.string().describe('The provisioner that creates volumes of this class.'),
    parameters: StringMap.optional().describe('Provisioner-specific parameters.'),
    reclaimPolicy: z.string().optional().describe('Delete (default) or Retain, for provisioned volumes.'),
    mountOptions: z.array(z.string()).optional().describe('Mount options of provisioned volumes.'),
    allowVolumeExpansion: z.boolean().optional().describe('Whether claims of this class may grow.'),
    volumeBindingMode: z.string().optional().describe('Immediate (default) or WaitForFirstConsumer.'),
    allowedTopologies: z.array(TopologySelectorTerm).optional().describe('Where volumes may be provisioned.'),
  })
  .meta({ description: 'A class of storage a provisioner creates volumes of.', ...gvk('storage.k8s.io', 'v1', 'StorageClass') });
export type StorageClass = z.infer<typeof StorageClass>;
