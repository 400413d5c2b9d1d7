import type { DynamoDBRecord } from 'aws-lambda';
import type { Service } from '../api/types';
import { get, list, R } from '../controllers/client';
import { Controller } from '../controllers/controller';
import { recordEvent } from '../controllers/events';
import { imagesOf } from '../controllers/workloads/record-images';
import { objectsOfAny } from '../controllers/workloads/routing';
import { logger } from '../logging';
import type { RestContext } from '../registry/context';
import type { KubeObject } from '../registry/resource';
import type { ReconcileResult, WorkKey } from '../runtime/work';
import { awsErrorName, CloudContext, CloudError, FailureBackoff } from './cloud';
import { CloudMapDirectory, CloudMapService, NamespacePending } from './cloud-map';
import { CLUSTER_TAG, desiredDnsNames, MAX_NAME_LENGTH, planInstances, publishes, SERVICE_NAME_LABEL, serviceDnsName, serviceOfDnsName } from './dns-plan';

const NAME = 'service-dns';
const COMPONENT = 'service-dns-controller';

/**
 * Service DNS through Cloud Map, in place of kube-proxy and CoreDNS: each Service's ready endpoints
 * are the instances of `<service>.<namespace>.svc` in the cluster's private DNS namespace, and
 * headless Services' pods with a hostname get a name each. A key names a Service; the reconcile
 * re-reads it and its EndpointSlices and converges Cloud Map to them. There is no finalizer: a
 * Service that is gone leaves names its tags and name still tie to it, removed on its REMOVE record
 * or, if that was missed, on the next resync.
 */
export function serviceDnsController(cloud: CloudContext, directory = new CloudMapDirectory(cloud)): Controller {
  const backoff = new FailureBackoff();
  const key = (namespace: string, name: string): WorkKey => ({ resource: 'services', namespace, name, controller: NAME });
  return {
    name: NAME,
    filters: [objectsOfAny(['services', 'endpointslices.discovery.k8s.io'])],
    route: (record, k) => (k ? routeRecord(record, k).map((n) => key(n.namespace, n.name)) : []),
    async reconcile(ctx, k) {
      const id = `${k.namespace}/${k.name}`;
      const svc = (await get(ctx, R.services, k.namespace, k.name)) as Service | undefined;
      try {
        await reconcileService(ctx, directory, String(k.namespace), k.name, svc);
        backoff.succeeded(id);
        return {};
      } catch (err) {
        if (err instanceof NamespacePending) return { requeueAfterSeconds: 5 };
        if (!(err instanceof CloudError)) throw err;
        if (awsErrorName(err.cause) === 'NamespaceNotFound') directory.forgetNamespace();
        if (svc) await recordEvent(ctx, svc as KubeObject, 'Warning', 'SyncServiceDNSFailed', `Error syncing DNS names in Cloud Map: ${err.message}`, COMPONENT);
        else logger.warn('could not clean up Service DNS', { service: id, error: err.message });
        return { requeueAfterSeconds: backoff.failed(id) } satisfies ReconcileResult;
      }
    },
    async resync(ctx) {
      const keys = new Map<string, WorkKey>();
      for (const s of (await list(ctx, R.services)) as Service[]) keys.set(`${s.metadata?.namespace}/${s.metadata?.name}`, key(String(s.metadata?.namespace), String(s.metadata?.name)));
      try {
        // Names whose Service is gone are reconciled too: that is what removes them if a REMOVE record was missed.
        for (const s of await directory.services()) {
          const owner = serviceOfDnsName(s.name);
          if (owner) keys.set(`${owner.namespace}/${owner.name}`, key(owner.namespace, owner.name));
        }
      } catch (err) {
        if (!(err instanceof CloudError) && !(err instanceof NamespacePending)) throw err;
        logger.warn('service DNS resync could not list Cloud Map', { error: err.message });
      }
      return [...keys.values()];
    },
  };
}

/** A Service record names itself; an EndpointSlice record names the Service of its label (before and after). */
function routeRecord(record: DynamoDBRecord, k: WorkKey): { namespace: string; name: string }[] {
  const namespace = String(k.namespace);
  if (k.resource === 'services') return [{ namespace, name: k.name }];
  const images = imagesOf(record);
  const names = new Set([images.old, images.new].map((o) => (o?.metadata.labels as Record<string, string> | undefined)?.[SERVICE_NAME_LABEL]).filter((n): n is string => !!n));
  return [...names].map((name) => ({ namespace, name }));
}

async function reconcileService(ctx: RestContext, directory: CloudMapDirectory, namespace: string, name: string, svc: Service | undefined): Promise<void> {
  const base = serviceDnsName(namespace, name);
  const ours = (await directory.services()).filter((s) => s.name === base || s.name.endsWith(`.${base}`));
  if (!svc || !publishes(svc)) {
    for (const s of ours) await removeOwned(directory, s);
    return;
  }
  if (base.length > MAX_NAME_LENGTH) {
    await recordEvent(ctx, svc as KubeObject, 'Warning', 'InvalidDNSName', `${base}.${directory.domain} is longer than Cloud Map's ${MAX_NAME_LENGTH} characters; the Service has no DNS name`, COMPONENT);
    return;
  }
  const slices = (await list(ctx, R.endpointslices, namespace)).filter((s) => s.metadata?.labels?.[SERVICE_NAME_LABEL] === name);
  const desired = desiredDnsNames(svc, slices).filter((d) => d.name.length <= MAX_NAME_LENGTH);
  const byName = new Map(ours.map((s) => [s.name, s]));
  for (const d of desired) {
    let s = byName.get(d.name);
    if (!s) {
      s = await directory.createService(d.name, `${namespace}/${name}`);
      if (d.name === base) {
        await recordEvent(ctx, svc as KubeObject, 'Normal', 'EnsuredServiceDNS', `Registered ${base}.${directory.domain} in Cloud Map`, COMPONENT);
      }
    }
    const plan = planInstances(d.instances, await directory.instances(s.id));
    for (const i of plan.register) await directory.register(s.id, i);
    for (const id of plan.deregister) await directory.deregister(s.id, id);
  }
  const wanted = new Set(desired.map((d) => d.name));
  for (const s of ours.filter((o) => !wanted.has(o.name))) await removeOwned(directory, s);
}

/** Removes a name only when its tags say this cluster made it (another cluster's or a person's stays). */
async function removeOwned(directory: CloudMapDirectory, s: CloudMapService): Promise<void> {
  const cluster = s.arn ? (await directory.tags(s.arn))[CLUSTER_TAG] : undefined;
  if (cluster !== directory.cluster) return;
  await directory.deleteService(s);
}
