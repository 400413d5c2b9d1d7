import { Deployment, Endpoints, Pod } from '../../shared/api/types';
import { create, get, list, R, remove } from '../../shared/controllers/client';
import { endpointsController } from '../../shared/controllers/endpoints/endpoints';
import { endpointSliceController } from '../../shared/controllers/endpoints/endpointslice';
import { garbageCollector } from '../../shared/controllers/gc/garbage-collector';
import { podGC } from '../../shared/controllers/gc/podgc';
import { controllerManager } from '../../shared/controllers/manager';
import { deploymentController } from '../../shared/controllers/workloads/deployment';
import { replicaSetController } from '../../shared/controllers/workloads/replicaset';
import { bootstrapCluster } from '../../shared/bootstrap/cluster';
import { KubeObject } from '../../shared/registry/resource';
import { Requeuer } from '../../shared/runtime/work';
import { ObjectStore } from '../../shared/storage/store';
import { LocalStreamPoller } from '../../local/stream-poller';
import { freshTable } from '../support/dynamo';
import { deployment, runPods, service } from './support';

/** Polls `probe` until it holds, failing after `ms`. */
async function until(probe: () => Promise<boolean>, ms = 20_000, tick?: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`);
    await tick?.();
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('workload controllers on the stream', () => {
  it('takes a Deployment from create to available endpoints, and cleans up after its deletion', async () => {
    const { client, table, endpoint } = await freshTable();
    const ctx = { store: new ObjectStore({ client, table, gapTimeoutMs: 200 }) };
    await bootstrapCluster(ctx);
    const requeuer: Requeuer = { after: (key, seconds, consumer) => poller.after(key, seconds, consumer) };
    const controllers = [replicaSetController, deploymentController, endpointsController, endpointSliceController, garbageCollector, podGC];
    const poller = new LocalStreamPoller(client, endpoint, table, [controllerManager(ctx, requeuer, controllers)], { pollMs: 20 });
    await poller.start();
    try {
      const d = deployment('api', 2);
      await create(ctx, R.deployments, 'default', { metadata: { name: 'api' }, spec: d.spec });
      const svc = service('api', { selector: { app: 'api' } });
      await create(ctx, R.services, 'default', { metadata: { name: 'api' }, spec: { selector: svc.spec?.selector, ports: svc.spec?.ports } });

      const available = async () => ((await get(ctx, R.deployments, 'default', 'api')) as unknown as Deployment).status?.availableReplicas === 2;
      await until(available, 20_000, () => runPods(ctx));
      await until(async () => ((await get(ctx, R.endpoints, 'default', 'api')) as unknown as Endpoints | undefined)?.subsets?.[0]?.addresses?.length === 2);

      await remove(ctx, R.deployments, (await get(ctx, R.deployments, 'default', 'api')) as KubeObject, { propagationPolicy: 'Background' });
      const pods = async () => ((await list(ctx, R.pods, 'default')) as unknown as Pod[]).filter((p) => p.metadata?.labels?.app === 'api');
      // runPods stands in for the kubelet, confirming the pods' graceful deletions.
      await until(async () => (await pods()).length === 0 && (await list(ctx, R.replicasets, 'default')).length === 0, 20_000, () => runPods(ctx));
      await until(async () => ((await get(ctx, R.endpoints, 'default', 'api')) as unknown as Endpoints | undefined)?.subsets === undefined);
    } finally {
      await poller.stop();
    }
  });
});
