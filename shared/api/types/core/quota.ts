/** v1 ResourceQuota and LimitRange. */
import * as z from 'zod';
import { ObjectMeta, QuantityMap, gvk, typeMeta } from '../meta';

export const ScopedResourceSelectorRequirement = z
  .strictObject({
    scopeName: z.string().describe('The scope, e.g. PriorityClass or BestEffort.'),
    operator: z.string().describe('In, NotIn, Exists or DoesNotExist.'),
    values: z.array(z.string()).optional().describe('Values for In and NotIn.'),
  })
  .describe('A scope a quota tracks.');

export const ResourceQuotaSpec = z
  .strictObject({
    hard: QuantityMap.optional().describe('Hard limits per resource name, e.g. pods, requests.cpu, count/deployments.apps.'),
    scopes: z.array(z.string()).optional().describe('Terminating, NotTerminating, BestEffort, NotBestEffort, PriorityClass.'),
    scopeSelector: z
      .strictObject({ matchExpressions: z.array(ScopedResourceSelectorRequirement).optional() })
      .optional()
      .describe('Scopes as expressions; ANDed with scopes.'),
  })
  .describe('Desired limits.');

export const ResourceQuotaStatus = z
  .strictObject({
    hard: QuantityMap.optional().describe('Enforced hard limits.'),
    used: QuantityMap.optional().describe('Current usage in the namespace.'),
  })
  .describe('Enforced limits and current usage.');

export const ResourceQuota = z
  .strictObject({
    ...typeMeta,
    metadata: ObjectMeta.optional().describe('Standard object metadata.'),
    spec: ResourceQuotaSpec.optional().describe('Desired limits.'),
    status: ResourceQuotaStatus.optional().describe('Enforced limits and usage. Read-only.'),
  })
  .meta({ description: 'Aggregate limits on resource use in a namespace.', ...gvk('', 'v1', 'ResourceQuota') });
export type ResourceQuota = z.infer<typeof ResourceQuota>;

export const LimitRangeItem = z
  .strictObject({
    type: z.string().describe('Container, Pod or PersistentVolumeClaim.'),
    max: QuantityMap.optional().describe('Maximum usage per item.'),
    min: QuantityMap.optional().describe('Minimum usage per item.'),
    default: QuantityMap.optional().describe('Default limits for containers that set none.'),
    defaultRequest: QuantityMap.optional().describe('Default requests for containers that set none.'),
    maxLimitRequestRatio: QuantityMap.optional().describe('Largest limit/request ratio allowed.'),
  })
  .describe('Limits for one kind of item.');
export type LimitRangeItem = z.infer<typeof LimitRangeItem>;

export const LimitRange = z
  .strictObject({
    ...typeMeta,
    metadata: ObjectMeta.optional().describe('Standard object metadata.'),
    spec: z.strictObject({ limits: z.array(LimitRangeItem).describe('The limits.') }).optional().describe('The limits enforced.'),
  })
  .meta({ description: 'Resource defaults and ranges per container, pod or claim in a namespace.', ...gvk('', 'v1', 'LimitRange') });
export type LimitRange = z.infer<typeof LimitRange>;
