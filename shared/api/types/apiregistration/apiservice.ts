/** apiregistration.k8s.io/v1 APIService. */
import * as z from 'zod';
import { Condition, Int32, ObjectMeta, gvk, listMap, typeMeta } from '../meta';

export const APIServiceSpec = z
  .strictObject({
    service: z
      .strictObject({ namespace: z.string().optional(), name: z.string().optional(), port: Int32.optional() })
      .optional()
      .describe('The Service of the extension API server; unset for a Local (built-in) API.'),
    group: z.string().optional().describe('The API group served.'),
    version: z.string().optional().describe('The API version served.'),
    insecureSkipTLSVerify: z.boolean().optional().describe('Skip verifying the extension server\'s certificate.'),
    caBundle: z.string().meta({ format: 'byte' }).optional().describe('PEM CA bundle that verifies the extension server.'),
    groupPriorityMinimum: Int32.describe('Priority of the group in discovery.'),
    versionPriority: Int32.describe('Priority of the version within its group.'),
  })
  .describe('Where an API group version is served.');

export const APIService = z
  .strictObject({
    ...typeMeta,
    metadata: ObjectMeta.optional().describe('Standard object metadata.'),
    spec: APIServiceSpec.optional().describe('The API served.'),
    status: z.strictObject({ conditions: listMap(Condition, ['type']).optional() }).optional().describe('Whether the API is available.'),
  })
  .meta({ description: 'Registers an API group version with the aggregator.', ...gvk('apiregistration.k8s.io', 'v1', 'APIService') });
export type APIService = z.infer<typeof APIService>;
