import type { DynamoDBRecord } from 'aws-lambda';
import type { WorkKey } from '../../runtime/work';
import { imagesOf } from '../../controllers/workloads/record-images';
import { GATE_PREFIX } from './targets';
import type { KubeObject } from '../../registry/resource';

/** The key "every LoadBalancer Service of a namespace". */
export const ALL = '*';
/** The resync key: owners found in AWS whose Service is gone or no longer a LoadBalancer. */
export const ORPHANS = '*orphans*';

export const namespaceKey = (namespace: string, controller: string): WorkKey => ({ resource: 'services', namespace, name: ALL, controller });

const gated = (obj: KubeObject | undefined) =>
  ((obj?.spec as { readinessGates?: { conditionType?: string }[] } | undefined)?.readinessGates ?? []).some((g) => String(g.conditionType).startsWith(GATE_PREFIX));

/**
 * Services and EndpointSlices name their namespace; pods only when they carry a target-health gate
 * (their containers turning ready must get them registered, which no slice change reports).
 */
export function routeLoadBalancerRecord(record: DynamoDBRecord, key: WorkKey | undefined, controller: string): WorkKey[] {
  if (!key?.namespace) return [];
  if (key.resource === 'pods') {
    const images = imagesOf(record);
    if (images.known && !gated(images.new) && !gated(images.old)) return [];
  }
  return [namespaceKey(key.namespace, controller)];
}
