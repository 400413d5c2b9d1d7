import type { DynamoDBRecord } from 'aws-lambda';
import type { RestContext } from '../../registry/context';
import type { WorkKey } from '../../runtime/work';
import { current, list, R } from '../client';
import { imagesOf } from '../workloads/record-images';
import type { Pod, Service } from '../../api/types';
import { endpointsMayChange, managesEndpoints } from './pod-endpoints';

/** The key "every service of a namespace": endpoint reconciles re-list the namespace's services and pods. */
export const ALL_SERVICES = '*';

export const namespaceKey = (namespace: string, controller: string): WorkKey => ({ resource: 'services', namespace, name: ALL_SERVICES, controller });

/**
 * Any service, pod or endpoint object change in a namespace names that namespace: a pod's labels
 * may match any service, so its reconcile re-lists them all. Pod records whose images show no
 * change endpoints can see (container-status churn) are dropped.
 */
export function routeToNamespace(record: DynamoDBRecord, key: WorkKey | undefined, controller: string): WorkKey[] {
  if (!key?.namespace) return [];
  if (key.resource === 'pods') {
    const images = imagesOf(record);
    if (images.known && !endpointsMayChange(images.old, images.new)) return [];
  }
  return [namespaceKey(key.namespace, controller)];
}

/**
 * What both endpoint controllers read first: the namespace's services and, only when one of them
 * selects pods, its pods (most pod records land in namespaces where no service selects any).
 */
export async function servicesAndPods(ctx: RestContext, namespace: string): Promise<{ services: Service[]; pods: Pod[] }> {
  const services = await current(ctx, R.services, namespace);
  const pods = services.some(managesEndpoints) ? (await list(ctx, R.pods, namespace)) : [];
  return { services, pods };
}

export async function everyNamespace(ctx: RestContext, controller: string): Promise<WorkKey[]> {
  return (await list(ctx, R.namespaces)).filter((n) => !n.metadata.deletionTimestamp).map((n) => namespaceKey(String(n.metadata.name), controller));
}

/** Runs every step, then throws the first failure: one service's Conflict must not starve the others. */
export async function allSettled(steps: (() => Promise<void>)[]): Promise<void> {
  let first: unknown;
  for (const step of steps) {
    try {
      await step();
    } catch (err) {
      first ??= err;
    }
  }
  if (first !== undefined) throw first;
}
