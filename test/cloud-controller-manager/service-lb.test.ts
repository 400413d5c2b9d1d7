import type { Event, Pod, Service } from '../../shared/api/types';
import { create, get, R, remove, update } from '../../shared/controllers/client';
import { endpointSliceController } from '../../shared/controllers/endpoints/endpointslice';
import { serviceLoadBalancerController } from '../../shared/cloud-controller-manager/service/controller';
import type { RestContext } from '../../shared/registry/context';
import type { KubeObject } from '../../shared/registry/resource';
import { resetAws } from '../support/aws';
import { listOf, runPods, testContext } from '../controllers/support';
import { emulatorAws, tagged } from './support';

describe('service load balancer controller (against the AWS emulator)', () => {
  let ctx: RestContext;
  const aws = emulatorAws();
  const lb = serviceLoadBalancerController(() => aws);
  const nsKey = (controller: string) => ({ resource: 'services', namespace: 'default', name: '*', controller });
  const sync = async () => {
    await endpointSliceController.reconcile(ctx, nsKey('endpointslice'));
    return lb.reconcile(ctx, nsKey('service-lb'));
  };
  const owner = 'service/default/web';
  const podIps = async () =>
    (await listOf<Pod>(ctx, R.pods)).filter((p) => p.metadata?.labels?.app === 'web' && !p.metadata.deletionTimestamp && p.status?.podIP).map((p) => `${p.status?.podIP}:80`).sort();
  const addPod = (name: string) =>
    create(ctx, R.pods, 'default', { metadata: { name, labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx', ports: [{ containerPort: 80 }] }] } });
  const events = async () => (await listOf<Event>(ctx, R.events)).filter((e) => e.involvedObject.kind === 'Service');

  beforeAll(async () => {
    await resetAws();
    ctx = await testContext();
  });

  it('creates one ALB with a listener per port and targets equal to the ready endpoints', async () => {
    await create(ctx, R.services, 'default', { metadata: { name: 'web' }, spec: { type: 'LoadBalancer', selector: { app: 'web' }, ports: [{ name: 'web-port', port: 8080, targetPort: 80 }] } });
    for (const name of ['web-1', 'web-2']) await addPod(name);
    await runPods(ctx);
    await sync();

    const held = await tagged(aws, owner);
    expect(held.loadBalancers).toHaveLength(1);
    expect(held.loadBalancers[0].lb).toMatchObject({ Scheme: 'internet-facing', Type: 'application' });
    expect(held.loadBalancers[0].listeners.map((l) => [l.Port, l.Protocol])).toEqual([[8080, 'HTTP']]);
    expect(held.targetGroups).toHaveLength(1);
    expect(held.targetGroups[0].tg).toMatchObject({ TargetType: 'ip', Protocol: 'HTTP' });
    expect(held.targetGroups[0].targets).toEqual(await podIps());
    expect(held.securityGroups).toHaveLength(1);
    expect(held.securityGroups[0].IpPermissions?.map((p) => [p.FromPort, p.IpRanges?.map((r) => r.CidrIp)])).toEqual([[8080, ['0.0.0.0/0']]]);

    const svc = (await get(ctx, R.services, 'default', 'web')) as unknown as Service;
    expect(svc.metadata?.finalizers).toContain('service.kubernetes.io/load-balancer-cleanup');
    expect(svc.status?.loadBalancer?.ingress).toEqual([{ hostname: held.loadBalancers[0].lb.DNSName }]);
    expect((await events()).map((e) => e.reason)).toEqual(expect.arrayContaining(['EnsuringLoadBalancer', 'EnsuredLoadBalancer']));
  });

  it('follows scale-up and scale-down, and a replayed reconcile changes nothing', async () => {
    await addPod('web-3');
    await runPods(ctx);
    await sync();
    expect((await tagged(aws, owner)).targetGroups[0].targets).toEqual(await podIps());
    expect(await podIps()).toHaveLength(3);

    for (const name of ['web-1', 'web-2']) await remove(ctx, R.pods, (await get(ctx, R.pods, 'default', name)) as KubeObject, { gracePeriodSeconds: 0 });
    await sync();
    await sync();
    const held = await tagged(aws, owner);
    expect(held.targetGroups[0].targets).toEqual(await podIps());
    expect(held.targetGroups[0].targets).toHaveLength(1);
    expect(held.loadBalancers).toHaveLength(1);
  });

  it('keeps the last good load balancer and warns, naming the annotation, on a bad value', async () => {
    const before = await tagged(aws, owner);
    const svc = (await get(ctx, R.services, 'default', 'web')) as KubeObject;
    await update(ctx, R.services, { ...svc, metadata: { ...svc.metadata, annotations: { 'service.beta.kubernetes.io/aws-load-balancer-connection-idle-timeout': 'soon' } } });
    await sync();
    const warning = (await events()).find((e) => e.type === 'Warning');
    expect(warning).toMatchObject({ reason: 'SyncLoadBalancerFailed' });
    expect(warning?.message).toContain('service.beta.kubernetes.io/aws-load-balancer-connection-idle-timeout="soon"');
    const after = await tagged(aws, owner);
    expect(after.loadBalancers.map((l) => l.lb.LoadBalancerArn)).toEqual(before.loadBalancers.map((l) => l.lb.LoadBalancerArn));
    expect(after.loadBalancers[0].lb.DNSName).toBe(before.loadBalancers[0].lb.DNSName);
    expect(after.targetGroups.map((t) => t.targets)).toEqual(before.targetGroups.map((t) => t.targets));

    // Its targets still follow the endpoints meanwhile.
    await addPod('web-4');
    await runPods(ctx);
    await sync();
    expect((await tagged(aws, owner)).targetGroups[0].targets).toEqual(await podIps());
    expect(await podIps()).toHaveLength(2);
  });

  it('reports an AWS error as an event and a retry, keeping what it had', async () => {
    // The emulator cannot check certificates (it answers an HTTPS listener with a 500): an AWS failure as any other.
    const before = await tagged(aws, owner);
    const svc = (await get(ctx, R.services, 'default', 'web')) as KubeObject;
    await update(ctx, R.services, { ...svc, metadata: { ...svc.metadata, annotations: { 'service.beta.kubernetes.io/aws-load-balancer-ssl-cert': 'arn:aws:acm:us-east-1:123456789012:certificate/abc' } } });
    const result = await sync();
    expect(result.requeueAfterSeconds).toBe(5);
    expect((await sync()).requeueAfterSeconds).toBe(10);
    const failed = (await events()).filter((e) => e.reason === 'SyncLoadBalancerFailed' && e.message?.startsWith('Error syncing load balancer: failed to ensure load balancer: '));
    expect(failed.length).toBeGreaterThanOrEqual(1);
    expect(failed[0].type).toBe('Warning');
    const after = await tagged(aws, owner);
    expect(after.loadBalancers.map((l) => l.lb.LoadBalancerArn)).toEqual(before.loadBalancers.map((l) => l.lb.LoadBalancerArn));
    expect(after.targetGroups[0].targets).toEqual(before.targetGroups[0].targets);
  });

  it('removes everything tagged for it when the type changes away from LoadBalancer, and drops the finalizer', async () => {
    const svc = (await get(ctx, R.services, 'default', 'web')) as KubeObject;
    await update(ctx, R.services, { ...svc, metadata: { ...svc.metadata, annotations: {} }, spec: { ...(svc.spec as object), type: 'ClusterIP', ports: [{ name: 'web-port', port: 8080, targetPort: 80 }] } });
    await sync();
    const held = await tagged(aws, owner);
    expect(held).toEqual({ loadBalancers: [], targetGroups: [], securityGroups: [] });
    const after = (await get(ctx, R.services, 'default', 'web')) as unknown as Service;
    expect(after.metadata?.finalizers ?? []).not.toContain('service.kubernetes.io/load-balancer-cleanup');
    expect(after.status?.loadBalancer?.ingress).toBeUndefined();
    expect((await events()).map((e) => e.reason)).toEqual(expect.arrayContaining(['DeletingLoadBalancer', 'DeletedLoadBalancer']));
  });

  it('cleans up on deletion before the Service goes, and leaves a Service of another class alone', async () => {
    await create(ctx, R.services, 'default', { metadata: { name: 'other' }, spec: { type: 'LoadBalancer', loadBalancerClass: 'example.com/nlb', selector: { app: 'web' }, ports: [{ port: 80 }] } });
    const svc = (await get(ctx, R.services, 'default', 'web')) as KubeObject;
    await update(ctx, R.services, { ...svc, spec: { ...(svc.spec as object), type: 'LoadBalancer' } });
    await sync();
    expect((await tagged(aws)).loadBalancers).toHaveLength(1);
    await remove(ctx, R.services, (await get(ctx, R.services, 'default', 'web')) as KubeObject);
    expect((await get(ctx, R.services, 'default', 'web'))?.metadata.deletionTimestamp).toBeDefined();
    await sync();
    expect(await tagged(aws)).toEqual({ loadBalancers: [], targetGroups: [], securityGroups: [] });
    expect(await get(ctx, R.services, 'default', 'web')).toBeUndefined();
    expect((await get(ctx, R.services, 'default', 'other'))?.metadata.finalizers).toBeUndefined();
  });
});
