import { Deployment, Event, ReplicaSet } from '../../shared/api/types';
import { create, R, update } from '../../shared/controllers/client';
import { deploymentController } from '../../shared/controllers/workloads/deployment';
import { replicaSetController } from '../../shared/controllers/workloads/replicaset';
import { RestContext } from '../../shared/registry/context';
import { KubeObject } from '../../shared/registry/resource';
import { converge, deployment, getOf, listOf, replicaSet, runPods, streamRecord, testContext } from './support';

describe('deploymentController', () => {
  describe('route', () => {
    const d = deployment('web', 1);
    const owned = replicaSet('web-abc', 1);
    owned.metadata!.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'uid-deploy-web', controller: true }];
    const key = { resource: 'replicasets.apps', namespace: 'default', name: 'web-abc' };

    it.each([
      ['a ReplicaSet to its Deployment', streamRecord('replicasets.apps', 'MODIFY', owned, owned), [{ resource: 'deployments.apps', namespace: 'default', name: 'web', controller: 'deployment' }]],
      ['an orphan ReplicaSet to itself, to find who adopts it', streamRecord('replicasets.apps', 'INSERT', undefined, replicaSet('web-abc', 1)), [{ ...key, controller: 'deployment' }]],
    ])('routes %s', (_case, record, keys) => {
      expect(deploymentController.route(record, key)).toEqual(keys);
    });

    it('routes a Deployment record to the Deployment', () => {
      const record = streamRecord('deployments.apps', 'INSERT', undefined, d);
      expect(deploymentController.route(record, { resource: 'deployments.apps', namespace: 'default', name: 'web' })).toEqual([
        { resource: 'deployments.apps', namespace: 'default', name: 'web', controller: 'deployment' },
      ]);
    });
  });

  describe('against DynamoDB Local', () => {
    let ctx: RestContext;
    beforeAll(async () => {
      ctx = await testContext();
    });

    const controllers = [deploymentController, replicaSetController];
    const read = async (name: string) => (await getOf<Deployment>(ctx, R.deployments, name)) as Deployment;
    const replicaSetsOf = async (name: string) => (await listOf<ReplicaSet>(ctx, R.replicasets)).filter((rs) => rs.metadata?.labels?.app === name);
    const rolledOut = (name: string) => async () => {
      const d = await read(name);
      const s = d.status ?? {};
      const want = d.spec?.replicas;
      return (d.metadata?.generation ?? 0) <= (s.observedGeneration ?? 0) && s.updatedReplicas === want && s.replicas === want && s.availableReplicas === want;
    };
    const kubelet = { between: () => runPods(ctx) };
    const setImage = async (name: string, image: string) => {
      const d = await read(name);
      d.spec!.template.spec!.containers[0].image = image;
      await update(ctx, R.deployments, d as unknown as KubeObject);
    };

    it('rolls out, rolls over to a new template and rolls back, as kubectl reads it', async () => {
      const body = deployment('shop', 2);
      await create(ctx, R.deployments, 'default', { metadata: { name: 'shop' }, spec: body.spec });
      await converge(ctx, controllers, rolledOut('shop'), kubelet);

      let d = await read('shop');
      expect(d.metadata?.annotations?.['deployment.kubernetes.io/revision']).toBe('1');
      expect(d.status?.conditions?.map((c) => [c.type, c.status, c.reason])).toEqual(
        expect.arrayContaining([
          ['Available', 'True', 'MinimumReplicasAvailable'],
          ['Progressing', 'True', 'NewReplicaSetAvailable'],
        ]),
      );
      const [first] = await replicaSetsOf('shop');
      const events = (await listOf<Event>(ctx, R.events)).filter((e) => e.involvedObject.kind === 'Deployment');
      expect(events.map((e) => e.message)).toContain(`Scaled up replica set ${String(first.metadata?.name)} from 0 to 2`);
      expect(events[0]).toMatchObject({ reason: 'ScalingReplicaSet', source: { component: 'deployment-controller' } });

      await setImage('shop', 'nginx:1.28');
      await converge(ctx, controllers, rolledOut('shop'), kubelet);
      let all = await replicaSetsOf('shop');
      expect(all).toHaveLength(2);
      const second = all.find((rs) => rs.metadata?.name !== first.metadata?.name) as ReplicaSet;
      expect(Object.fromEntries(all.map((rs) => [rs.metadata?.name, [rs.spec?.replicas, rs.metadata?.annotations?.['deployment.kubernetes.io/revision']]]))).toEqual({
        [String(first.metadata?.name)]: [0, '1'],
        [String(second.metadata?.name)]: [2, '2'],
      });

      await setImage('shop', 'nginx:1.27');
      await converge(ctx, controllers, rolledOut('shop'), kubelet);
      all = await replicaSetsOf('shop');
      expect(all).toHaveLength(2);
      const revived = all.find((rs) => rs.metadata?.name === first.metadata?.name) as ReplicaSet;
      expect(revived.spec?.replicas).toBe(2);
      expect(revived.metadata?.annotations).toMatchObject({ 'deployment.kubernetes.io/revision': '3', 'deployment.kubernetes.io/revision-history': '1' });
      d = await read('shop');
      expect(d.metadata?.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
      expect((await listOf(ctx, R.pods)).filter((p) => (p as { metadata: { labels?: Record<string, string> } }).metadata.labels?.app === 'shop')).toHaveLength(2);
    });

    it('recreates: the new pods start only once the old ones are gone', async () => {
      const body = deployment('batch', 2, { strategy: { type: 'Recreate' } });
      await create(ctx, R.deployments, 'default', { metadata: { name: 'batch' }, spec: body.spec });
      await converge(ctx, controllers, rolledOut('batch'), kubelet);
      await setImage('batch', 'nginx:1.28');
      let overlap = false;
      await converge(ctx, controllers, rolledOut('batch'), {
        between: async () => {
          const images = new Set((await listOf(ctx, R.pods)).filter((p) => p.metadata.labels?.app === 'batch').map((p) => p.spec?.containers[0].image));
          if (images.size > 1) overlap = true;
          await runPods(ctx);
        },
      });
      expect(overlap).toBe(false);
      const all = await replicaSetsOf('batch');
      expect(all.map((rs) => rs.spec?.replicas).sort()).toEqual([0, 2]);
    });
  });
});
