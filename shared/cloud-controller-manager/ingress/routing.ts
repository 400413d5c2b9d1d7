import { viewOf } from '../../registry/resource';
import type { DynamoDBRecord } from 'aws-lambda';
import type { Ingress } from '../../api/types';
import { imagesOf } from '../../controllers/workloads/record-images';
import type { WorkKey } from '../../runtime/work';
import { groupOf } from './plan';

export const INGRESS_RESOURCE = 'ingresses.networking.k8s.io';
/** Every group (an IngressClass changed, or the periodic resync). */
export const ALL_GROUPS = '*';
/** Owners found in AWS with no Ingress left: removed. */
export const ORPHANS = '*orphans*';
const GROUP = 'group:';

export const groupKey = (owner: string, controller: string): WorkKey => ({ resource: INGRESS_RESOURCE, name: `${GROUP}${owner}`, controller });
export const ownerOfKey = (key: WorkKey): string | undefined => (key.name.startsWith(GROUP) ? key.name.slice(GROUP.length) : undefined);
/** The groups with a member in a namespace whose Services or EndpointSlices changed. */
export const namespaceKey = (namespace: string, controller: string): WorkKey => ({ resource: INGRESS_RESOURCE, namespace, name: ALL_GROUPS, controller });

/**
 * An Ingress record names the groups of its old and new images (it may have moved between them);
 * a Service or EndpointSlice record its namespace; an IngressClass record every group.
 */
export function routeIngressRecord(record: DynamoDBRecord, key: WorkKey | undefined, controller: string): WorkKey[] {
  if (!key) return [];
  if (key.resource === 'ingressclasses.networking.k8s.io') return [{ resource: INGRESS_RESOURCE, name: ALL_GROUPS, controller }];
  if (key.resource !== INGRESS_RESOURCE) return key.namespace ? [namespaceKey(key.namespace, controller)] : [];
  const images = imagesOf(record);
  if (!images.known) return key.namespace ? [namespaceKey(key.namespace, controller)] : [];
  const owners = new Set([images.old, images.new].filter((o) => o !== undefined).map((o) => groupOf(viewOf<Ingress>(o)).owner));
  return [...owners].map((owner) => groupKey(owner, controller));
}
