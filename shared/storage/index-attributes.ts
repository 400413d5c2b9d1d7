import { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { StoredObject } from './types';

/**
 * Plain attributes kept beside the compressed body, for the two things that cannot read the body:
 * DynamoDB condition expressions (a namespace's phase guards writes into it) and Stream event
 * filters (the scheduler only wants pods without a node).
 */
export function indexAttributes(resource: string, obj: StoredObject): Record<string, AttributeValue> {
  const attrs: Record<string, AttributeValue> = {};
  const status = obj.status as { phase?: string } | undefined;
  const spec = obj.spec as { nodeName?: string; schedulerName?: string } | undefined;
  if (resource === 'namespaces' && status?.phase) attrs.phase = { S: status.phase };
  if (resource === 'pods') {
    if (spec?.nodeName) attrs.nodeName = { S: spec.nodeName };
    if (spec?.schedulerName) attrs.schedulerName = { S: spec.schedulerName };
    if (status?.phase) attrs.phase = { S: status.phase };
  }
  if (resource === 'events') {
    // Events expire like upstream's --event-ttl (1 h); the TTL attribute lets DynamoDB drop them.
    attrs.exp = { N: String(Math.floor(Date.now() / 1000) + 3600) };
  }
  return attrs;
}
