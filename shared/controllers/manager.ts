import { rootCaPublisher } from './serviceaccount/root-ca';
import { tokensController } from './serviceaccount/tokens';
import type { DynamoDBRecord } from 'aws-lambda';
import { RestContext } from '../registry/context';
import { StreamConsumer } from '../runtime/consumer';
import { dispatch } from '../runtime/dispatch';
import { matchesAny } from '../runtime/filters';
import { keyOfRecord, Requeuer, WorkKey } from '../runtime/work';
import { CONTROLLER_MANAGER_SOURCE, ConsumerSource, localSettings } from '../runtime/sources';
import { Controller } from './controller';
import { get } from './client';
import { recordEvent } from './events';
import { RESOURCES } from '../registry/catalog';
import { storageKey } from '../registry/resource';
import { namespaceController } from './namespace';
import { serviceAccountController } from './serviceaccount';
import { disruptionController } from './disruption';
import { deploymentController } from './workloads/deployment';
import { replicaSetController } from './workloads/replicaset';
import { endpointsController } from './endpoints/endpoints';
import { endpointSliceController } from './endpoints/endpointslice';
import { garbageCollector } from './gc/garbage-collector';
import { podGC } from './gc/podgc';
import { jobController } from './batch/job';
import { daemonSetController } from './daemonset/daemonset';
import { cronJobController } from './batch/cronjob';
import { ttlAfterFinishedController } from './batch/ttl-after-finished';
import { hpaController } from './podautoscaler/hpa';
import { statefulSetController } from './statefulset/statefulset';
import { volumeController } from './volume/volume';
import { replicationControllerController } from './replication/replicationcontroller';
import { crdController } from './crd/crd-controller';
import { clusterRoleAggregationController } from './rbac/clusterrole-aggregation';
import { resourceQuotaController } from './resourcequota/controller';
import { csrSigningController } from './certificates/signer';
import { apiServiceAvailabilityController } from './apiservice/availability-controller';

/** Every controller the controller-manager runs, as upstream compiles them into one binary. */
export const CONTROLLERS: Controller[] = [
  deploymentController,
  replicaSetController,
  daemonSetController,
  jobController,
  cronJobController,
  ttlAfterFinishedController,
  statefulSetController,
  volumeController,
  replicationControllerController,
  endpointsController,
  endpointSliceController,
  garbageCollector,
  podGC,
  namespaceController,
  serviceAccountController,
  rootCaPublisher,
  tokensController,
  disruptionController,
  hpaController,
  crdController,
  clusterRoleAggregationController,
  resourceQuotaController,
  csrSigningController,
  apiServiceAvailabilityController,
];

/**
 * The controller-manager as one stream consumer: the union of its controllers' filters. The
 * cloud-controller-manager is the same consumer over its own controllers, under its own name.
 */
export function controllerManager(
  ctx: RestContext,
  requeuer?: Requeuer,
  controllers: Controller[] = CONTROLLERS,
  source: ConsumerSource = CONTROLLER_MANAGER_SOURCE,
): StreamConsumer {
  const name = source.name;
  const byName = new Map(controllers.map((c) => [c.name, c]));
  return {
    ...localSettings(source),
    // Locally the poller filters with the controllers' own patterns (on AWS, one broad one).
    filters: controllers.flatMap((c) => c.filters),
    handler: (event) =>
      dispatch(
        name,
        event,
        {
          route(record: DynamoDBRecord): WorkKey[] {
            const key = keyOfRecord(record);
            return controllers.filter((c) => matchesAny(record, c.filters)).flatMap((c) => c.route(record, key));
          },
          reconcile(key) {
            const c = key.controller ? byName.get(key.controller) : undefined;
            if (!c) return Promise.resolve({});
            return c.reconcile(ctx, key);
          },
          groupOf(key) {
            const c = key.controller ? byName.get(key.controller) : undefined;
            const group = c?.reconcileGroup ? c.groupOf?.(key) : undefined;
            return group === undefined ? undefined : `${c?.name}:${group}`;
          },
          reconcileGroup(keys) {
            const c = byName.get(String(keys[0].controller)) as Controller;
            return (c.reconcileGroup as NonNullable<Controller['reconcileGroup']>)(ctx, keys);
          },
          onTerminal: (keys, error) => reportInvalid(ctx, keys, error),
          async resync() {
            const keys: WorkKey[] = [];
            for (const c of controllers) if (c.resync) keys.push(...(await c.resync(ctx)));
            return keys;
          },
        },
        requeuer,
      ),
  };
}

/**
 * An object a controller cannot process (see runtime/permanent.ts): a Warning event on it, as
 * upstream's controllers report what they cannot sync, so `kubectl describe` shows why.
 */
async function reportInvalid(ctx: RestContext, keys: WorkKey[], error: Error): Promise<void> {
  for (const key of keys) {
    const def = RESOURCES.find((r) => storageKey(r) === key.resource);
    if (!def || key.name === '*') continue;
    const obj = await get(ctx, def, key.namespace, key.name);
    if (obj) await recordEvent(ctx, obj, 'Warning', 'FailedSync', `${key.controller ?? 'controller'}: ${error.message}`, 'kube-controller-manager');
  }
}
