import { DescribeRulesCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Event, Ingress, Pod } from '../../shared/api/types';
import { create, get, list, R, remove, update } from '../../shared/controllers/client';
import { endpointSliceController } from '../../shared/controllers/endpoints/endpointslice';
import { ingressController } from '../../shared/cloud-controller-manager/ingress/controller';
import type { RestContext } from '../../shared/registry/context';
import type { KubeObject } from '../../shared/registry/resource';
import { resetAws } from '../support/aws';
import { listOf, runPods, testContext } from '../controllers/support';
import { emulatorAws, tagged } from './support';

const CLASS_GROUP = 'ingress/class/alb';

const backend = (name: string, number: number) => ({ service: { name, port: { number } } });
const site = {
  metadata: { name: 'site', annotations: { 'alb.ingress.kubernetes.io/scheme': 'internet-facing' } },
  spec: {
    rules: [
      { host: 'www.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: backend('web', 80) }, { path: '/api', pathType: 'Prefix', backend: backend('api', 8080) }] } },
      { host: 'shop.example.com', http: { paths: [{ path: '/cart', pathType: 'Exact', backend: backend('web', 80) }] } },
    ],
  },
};

describe('Ingress controller (against the AWS emulator)', () => {
  let ctx: RestContext;
  const aws = emulatorAws('ingtest');
  const controller = ingressController(() => aws);
  const sync = async () => {
    await endpointSliceController.reconcile(ctx, { resource: 'services', namespace: 'default', name: '*', controller: 'endpointslice' });
    return controller.reconcile(ctx, { resource: 'ingresses.networking.k8s.io', name: '*', controller: 'ingress' });
  };
  const rulesOf = async (listenerArn: string | undefined) =>
    ((await aws.elb.send(new DescribeRulesCommand({ ListenerArn: listenerArn }))).Rules ?? [])
      .filter((r) => !r.IsDefault)
      .sort((a, b) => Number(a.Priority) - Number(b.Priority))
      .map((r): [number, string[], string[]] => [
        Number(r.Priority),
        r.Conditions?.find((c) => c.Field === 'host-header')?.HostHeaderConfig?.Values ?? [],
        r.Conditions?.find((c) => c.Field === 'path-pattern')?.PathPatternConfig?.Values ?? [],
      ]);
  const ingress = async (name: string) => (await get(ctx, R.ingresses, 'default', name)) as unknown as Ingress | undefined;
  const events = async (name: string) => (await listOf<Event>(ctx, R.events)).filter((e) => e.involvedObject.kind === 'Ingress' && e.involvedObject.name === name);
  const podIps = async (app: string, port: number) =>
    (await listOf<Pod>(ctx, R.pods)).filter((p) => p.metadata?.labels?.app === app && p.status?.podIP).map((p) => `${p.status?.podIP}:${port}`).sort();

  beforeAll(async () => {
    await resetAws();
    ctx = await testContext();
    for (const [app, port, targetPort] of [['web', 80, 8080], ['api', 8080, 9090]] as const) {
      await create(ctx, R.services, 'default', { metadata: { name: app }, spec: { selector: { app }, ports: [{ port, targetPort }] } });
      for (const i of [1, 2]) {
        await create(ctx, R.pods, 'default', { metadata: { name: `${app}-${i}`, labels: { app } }, spec: { containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: targetPort }] }] } });
      }
    }
    await runPods(ctx);
  });

  it('gets the default class at admission, and its hosts and paths become rules on one ALB', async () => {
    await create(ctx, R.ingresses, 'default', site);
    expect((await ingress('site'))?.spec?.ingressClassName).toBe('alb');
    await sync();

    const held = await tagged(aws, CLASS_GROUP);
    expect(held.loadBalancers).toHaveLength(1);
    expect(held.loadBalancers[0].lb).toMatchObject({ Scheme: 'internet-facing', Type: 'application' });
    const listeners = held.loadBalancers[0].listeners;
    expect(listeners.map((l) => [l.Port, l.Protocol])).toEqual([[80, 'HTTP']]);
    expect(listeners[0].DefaultActions?.[0]).toMatchObject({ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404' } });
    // Per host, Exact first, then Prefix longest first: /api before /.
    expect(await rulesOf(listeners[0].ListenerArn)).toEqual([
      [1, ['www.example.com'], ['/api', '/api/*']],
      [2, ['www.example.com'], ['/*']],
      [3, ['shop.example.com'], ['/cart']],
    ]);
    const targets = held.targetGroups.map((t) => t.targets).sort((a, b) => a[0].localeCompare(b[0]));
    expect(targets).toEqual([await podIps('api', 9090), await podIps('web', 8080)].sort((a, b) => a[0].localeCompare(b[0])));
    expect(held.targetGroups.every((t) => t.tg.TargetType === 'ip')).toBe(true);
    expect(held.securityGroups).toHaveLength(1);

    const stored = await ingress('site');
    expect(stored?.metadata?.finalizers).toEqual(['ingress.skiff.dev/resources']);
    expect(stored?.status?.loadBalancer?.ingress).toEqual([{ hostname: held.loadBalancers[0].lb.DNSName }]);
    expect((await events('site')).map((e) => [e.type, e.reason, e.message])).toContainEqual(['Normal', 'SuccessfullyReconciled', 'Successfully reconciled']);
  });

  it('puts a second Ingress of the class on the same ALB, its rules ordered by namespace/name', async () => {
    const before = await tagged(aws, CLASS_GROUP);
    await create(ctx, R.ingresses, 'default', {
      metadata: { name: 'blog' },
      spec: { ingressClassName: 'alb', rules: [{ host: 'blog.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: backend('web', 80) }] } }] },
    });
    await sync();
    const held = await tagged(aws, CLASS_GROUP);
    expect(held.loadBalancers.map((l) => l.lb.LoadBalancerArn)).toEqual(before.loadBalancers.map((l) => l.lb.LoadBalancerArn));
    expect(held.targetGroups).toHaveLength(2);
    expect((await rulesOf(held.loadBalancers[0].listeners[0].ListenerArn)).map((r) => r[1][0])).toEqual(['blog.example.com', 'www.example.com', 'www.example.com', 'shop.example.com']);
    expect((await ingress('blog'))?.status?.loadBalancer?.ingress?.[0]?.hostname).toBe(held.loadBalancers[0].lb.DNSName);
  });

  it('targets follow the endpoints', async () => {
    await create(ctx, R.pods, 'default', { metadata: { name: 'web-3', labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 8080 }] }] } });
    await runPods(ctx);
    await sync();
    const web = (await tagged(aws, CLASS_GROUP)).targetGroups.find((t) => t.targets[0]?.endsWith(':8080'));
    expect(web?.targets).toEqual(await podIps('web', 8080));
    expect(web?.targets).toHaveLength(3);
  });

  it('warns naming a bad annotation and keeps the last good ALB', async () => {
    const before = await tagged(aws, CLASS_GROUP);
    const blog = (await get(ctx, R.ingresses, 'default', 'blog')) as KubeObject;
    await update(ctx, R.ingresses, { ...blog, metadata: { ...blog.metadata, annotations: { 'alb.ingress.kubernetes.io/listen-ports': '80' } } });
    await sync();
    const warning = (await events('blog')).find((e) => e.type === 'Warning');
    expect(warning).toMatchObject({ reason: 'FailedBuildModel' });
    expect(warning?.message).toContain('alb.ingress.kubernetes.io/listen-ports="80"');
    const after = await tagged(aws, CLASS_GROUP);
    expect(after.loadBalancers[0].lb.LoadBalancerArn).toBe(before.loadBalancers[0].lb.LoadBalancerArn);
    expect(await rulesOf(after.loadBalancers[0].listeners[0].ListenerArn)).toEqual(await rulesOf(before.loadBalancers[0].listeners[0].ListenerArn));
    await update(ctx, R.ingresses, { ...((await get(ctx, R.ingresses, 'default', 'blog')) as KubeObject), metadata: { ...blog.metadata, resourceVersion: undefined, annotations: {} } });
  });

  it('leaves an Ingress of another class alone, and gives an explicit group its own ALB', async () => {
    await create(ctx, R.ingressclasses, undefined, { metadata: { name: 'nginx' }, spec: { controller: 'k8s.io/ingress-nginx' } });
    await create(ctx, R.ingresses, 'default', { metadata: { name: 'other' }, spec: { ingressClassName: 'nginx', defaultBackend: backend('web', 80) } });
    await create(ctx, R.ingresses, 'default', {
      metadata: { name: 'grouped', annotations: { 'alb.ingress.kubernetes.io/group.name': 'team-a' } },
      spec: { ingressClassName: 'alb', defaultBackend: backend('api', 8080) },
    });
    await sync();
    expect((await ingress('other'))?.metadata?.finalizers).toBeUndefined();
    expect((await ingress('other'))?.status?.loadBalancer).toEqual({});
    const group = await tagged(aws, 'ingress/group/team-a');
    expect(group.loadBalancers).toHaveLength(1);
    expect(group.loadBalancers[0].listeners[0].DefaultActions?.[0]?.Type).toBe('forward');
    expect((await tagged(aws)).loadBalancers).toHaveLength(2);
    await remove(ctx, R.ingresses, (await get(ctx, R.ingresses, 'default', 'grouped')) as KubeObject);
    await sync();
    expect(await tagged(aws, 'ingress/group/team-a')).toEqual({ loadBalancers: [], targetGroups: [], securityGroups: [] });
    expect(await ingress('grouped')).toBeUndefined();
  });

  it('removes the ALB and everything tagged for the group once its last Ingress is deleted', async () => {
    await remove(ctx, R.ingresses, (await get(ctx, R.ingresses, 'default', 'site')) as KubeObject);
    await sync();
    expect((await rulesOf((await tagged(aws, CLASS_GROUP)).loadBalancers[0].listeners[0].ListenerArn)).map((r) => r[1][0])).toEqual(['blog.example.com']);
    expect(await ingress('site')).toBeUndefined();
    await remove(ctx, R.ingresses, (await get(ctx, R.ingresses, 'default', 'blog')) as KubeObject);
    await sync();
    expect(await tagged(aws, CLASS_GROUP)).toEqual({ loadBalancers: [], targetGroups: [], securityGroups: [] });
    expect((await list(ctx, R.ingresses, 'default')).map((i) => i.metadata.name)).toEqual(['other']);
  });
});
