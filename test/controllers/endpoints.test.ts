import { Endpoints, EndpointSlice, Pod } from '../../shared/api/types';
import { create, get, R, remove } from '../../shared/controllers/client';
import { endpointsController } from '../../shared/controllers/endpoints/endpoints';
import { endpointSliceController } from '../../shared/controllers/endpoints/endpointslice';
import { RestContext } from '../../shared/registry/context';
import { KubeObject } from '../../shared/registry/resource';
import { getOf, listOf, pod, runPods, service, streamRecord, testContext } from './support';

describe('endpoint controllers', () => {
  describe('route', () => {
    const key = { resource: 'pods', namespace: 'default', name: 'a' };
    const running = pod('a', { podIP: '10.0.0.1' });
    const restarted = { ...running, status: { ...running.status, containerStatuses: [{ ...running.status!.containerStatuses![0], restartCount: 1 }] } };

    it.each([
      ['a new pod', streamRecord('pods', 'INSERT', undefined, running), 1],
      ['a pod that became unready', streamRecord('pods', 'MODIFY', running, pod('a', { podIP: '10.0.0.1', ready: false })), 1],
      ['a pod whose change endpoints cannot see', streamRecord('pods', 'MODIFY', running, restarted), 0],
      ['a record without bodies', streamRecord('pods', 'MODIFY', running, restarted, false), 1],
    ])('routes %s to its namespace', (_case, record, count) => {
      expect(endpointsController.route(record, key)).toEqual(Array(count).fill({ resource: 'services', namespace: 'default', name: '*', controller: 'endpoints' }));
    });
  });

  describe('against DynamoDB Local', () => {
    let ctx: RestContext;
    beforeAll(async () => {
      ctx = await testContext();
    });
    const key = (controller: string) => ({ resource: 'services', namespace: 'default', name: '*', controller });
    const sync = async () => {
      await endpointsController.reconcile(ctx, key('endpoints'));
      await endpointSliceController.reconcile(ctx, key('endpointslice'));
    };
    const slicesOf = async (name: string) => (await listOf<EndpointSlice>(ctx, R.endpointslices)).filter((s) => s.metadata?.labels?.['kubernetes.io/service-name'] === name);

    it('follows the pods of a service as they come, become ready and go', async () => {
      const svc = service('api', { selector: { app: 'api' } });
      await create(ctx, R.services, 'default', { metadata: { name: 'api', labels: svc.metadata?.labels }, spec: { selector: svc.spec?.selector, ports: svc.spec?.ports } });
      const template = pod('x', { labels: { app: 'api' } });
      for (const name of ['api-1', 'api-2']) await create(ctx, R.pods, 'default', { metadata: { name, labels: template.metadata?.labels }, spec: { containers: template.spec?.containers } });
      await sync();
      expect((await getOf<Endpoints>(ctx, R.endpoints, 'api'))?.subsets).toBeUndefined();
      expect((await slicesOf('api')).map((s) => s.endpoints)).toEqual([[]]);

      await runPods(ctx, 'default', (p) => p.metadata?.labels?.app === 'api');
      await sync();
      const pods = (await listOf<Pod>(ctx, R.pods)).filter((p) => p.metadata?.labels?.app === 'api');
      const ips = pods.map((p) => p.status?.podIP).sort();
      const endpoints = await getOf<Endpoints>(ctx, R.endpoints, 'api');
      expect(endpoints?.subsets?.[0].addresses?.map((a) => a.ip).sort()).toEqual(ips);
      expect(endpoints?.subsets?.[0].ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
      let slices = await slicesOf('api');
      expect(slices).toHaveLength(1);
      expect(slices[0].metadata?.name).toMatch(/^api-[a-z0-9]{5}$/);
      expect(slices[0].endpoints.map((e) => e.addresses[0]).sort()).toEqual(ips);

      // The kubelet's final delete (grace 0): graceful deletion would keep it Terminating until then.
      await remove(ctx, R.pods, (await get(ctx, R.pods, 'default', 'api-1')) as KubeObject, { gracePeriodSeconds: 0 });
      await sync();
      expect((await getOf<Endpoints>(ctx, R.endpoints, 'api'))?.subsets?.[0].addresses?.map((a) => a.targetRef?.name)).toEqual(['api-2']);
      slices = await slicesOf('api');
      expect(slices.map((s) => s.endpoints.map((e) => e.targetRef?.name))).toEqual([['api-2']]);

      await remove(ctx, R.services, (await get(ctx, R.services, 'default', 'api')) as KubeObject);
      await sync();
      expect(await get(ctx, R.endpoints, 'default', 'api')).toBeUndefined();
      expect(await slicesOf('api')).toEqual([]);
    });

    it('leaves the Endpoints of a service without a selector alone', async () => {
      await create(ctx, R.services, 'default', { metadata: { name: 'external' }, spec: { ports: [{ port: 443 }] } });
      await create(ctx, R.endpoints, 'default', { metadata: { name: 'external' }, subsets: [{ addresses: [{ ip: '192.0.2.10' }], ports: [{ port: 443 }] }] });
      await sync();
      expect((await getOf<Endpoints>(ctx, R.endpoints, 'external'))?.subsets).toEqual([{ addresses: [{ ip: '192.0.2.10' }], ports: [{ port: 443 }] }]);
      expect(await slicesOf('external')).toEqual([]);
    });

    it('resyncs the namespaces holding a service or an object of its own, and no other', async () => {
      for (const name of ['ep-empty', 'ep-service', 'ep-leftover']) await create(ctx, R.namespaces, undefined, { metadata: { name } });
      await create(ctx, R.configmaps, 'ep-empty', { metadata: { name: 'not-a-service' } });
      await create(ctx, R.services, 'ep-service', { metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } });
      await create(ctx, R.endpoints, 'ep-leftover', { metadata: { name: 'gone' }, subsets: [] });
      const namespaces = async (controller: typeof endpointsController) => (await controller.resync!(ctx)).map((k) => k.namespace).filter((n) => n?.startsWith('ep-')).sort();
      expect(await namespaces(endpointsController)).toEqual(['ep-leftover', 'ep-service']);
      expect(await namespaces(endpointSliceController)).toEqual(['ep-service']);
    });
  });
});
