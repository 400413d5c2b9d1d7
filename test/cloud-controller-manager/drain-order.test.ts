import { DescribeSecurityGroupsCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  DeregisterTargetsCommand,
  DescribeLoadBalancersCommand,
  DescribeTagsCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  RegisterTargetsCommand,
  TargetHealthDescription,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { mockClient } from 'aws-sdk-client-mock';
import type { EndpointSlice, Pod, Service } from '../../shared/api/types';
import { create, get, list, R, remove } from '../../shared/controllers/client';
import { endpointSliceController } from '../../shared/controllers/endpoints/endpointslice';
import { parseServiceAnnotations } from '../../shared/cloud-controller-manager/service/annotations';
import { serviceLoadBalancerController } from '../../shared/cloud-controller-manager/service/controller';
import { planServiceLoadBalancer } from '../../shared/cloud-controller-manager/service/plan';
import { specHash } from '../../shared/cloud-controller-manager/elb/model';
import type { NodeProvider } from '../../shared/nodes/provider';
import { syncPodOnNode } from '../../shared/nodes/pod-sync';
import type { RestContext } from '../../shared/registry/context';
import type { KubeObject } from '../../shared/registry/resource';
import { runPods, testContext } from '../controllers/support';

/**
 * Target health moving (initial -> healthy, draining -> gone) is what the emulator cannot do: ELBv2
 * is a recording fake here, whose DescribeTargetHealth answers as the test says AWS would.
 */
describe('no 502s: a pod behind a load balancer', () => {
  const elb = mockClient(ElasticLoadBalancingV2Client);
  const ec2 = mockClient(EC2Client);
  const calls: string[] = [];
  let health: TargetHealthDescription[] = [];
  let ctx: RestContext;
  const settings = { region: 'us-east-1', cluster: 'drain', subnets: [], securityGroups: [], logGroup: '/skiff/drain/pods' };
  const lb = serviceLoadBalancerController(() => ({ settings, elb: new ElasticLoadBalancingV2Client({ region: 'us-east-1' }), ec2: new EC2Client({ region: 'us-east-1' }) }));
  const gate = 'target-health.skiff.dev/web';
  const key = (controller: string) => ({ resource: 'services', namespace: 'default', name: '*', controller });
  const provider: NodeProvider = {
    start: async () => undefined,
    stop: async () => undefined,
    registerNodes: async () => undefined,
    heartbeat: async () => undefined,
    serves: () => true,
    runPod: async () => undefined,
    podStatus: async () => undefined,
    stopPod: async () => {
      calls.push('stopPod');
      return true;
    },
    forgetPod: () => undefined,
  };
  const webPod = async () => (await get(ctx, R.pods, 'default', 'web-1')) as unknown as Pod | undefined;
  const gateCondition = async () => (await webPod())?.status?.conditions?.find((c) => c.type === gate);
  const reconcile = async () => {
    await endpointSliceController.reconcile(ctx, key('endpointslice'));
    return lb.reconcile(ctx, key('service-lb'));
  };

  beforeAll(async () => {
    ctx = await testContext();
    await create(ctx, R.services, 'default', { metadata: { name: 'web' }, spec: { type: 'LoadBalancer', selector: { app: 'web' }, ports: [{ name: 'http', port: 8080, targetPort: 80 }] } });
    await create(ctx, R.pods, 'default', {
      metadata: { name: 'web-1', labels: { app: 'web' } },
      spec: { containers: [{ name: 'nginx', image: 'nginx', ports: [{ containerPort: 80 }] }], readinessGates: [{ conditionType: gate }], terminationGracePeriodSeconds: 30 },
    });
    await runPods(ctx);
    await endpointSliceController.reconcile(ctx, key('endpointslice'));
    // The load balancer exists already, with the spec the controller plans (so only targets move).
    const svc = (await get(ctx, R.services, 'default', 'web')) as unknown as Service;
    const options = parseServiceAnnotations(svc);
    if (!options.ok) throw new Error('bad annotations');
    const pods = (await list(ctx, R.pods, 'default')) as unknown as Pod[];
    const slices = (await list(ctx, R.endpointslices, 'default')) as unknown as EndpointSlice[];
    const plan = planServiceLoadBalancer('drain', { ...svc, metadata: { ...svc.metadata, finalizers: ['service.kubernetes.io/load-balancer-cleanup'] } }, slices, pods, options.options);
    const tags = (extra: Record<string, string>) => Object.entries({ ...plan.tags, ...extra }).map(([Key, Value]) => ({ Key, Value }));
    elb.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [{ LoadBalancerArn: 'arn:lb', DNSName: 'web.elb.example', Scheme: 'internet-facing' }] });
    elb.on(DescribeTargetGroupsCommand).resolves({ TargetGroups: [{ TargetGroupArn: 'arn:tg' }] });
    elb.on(DescribeTagsCommand).resolves({
      TagDescriptions: [
        { ResourceArn: 'arn:lb', Tags: tags({ 'skiff.dev/spec-hash': specHash(plan) }) },
        { ResourceArn: 'arn:tg', Tags: tags({ 'skiff.dev/target-group': 'http' }) },
      ],
    });
    elb.on(DescribeTargetHealthCommand).callsFake(() => ({ TargetHealthDescriptions: health }));
    elb.on(RegisterTargetsCommand).callsFake(() => (calls.push('RegisterTargets'), {}));
    elb.on(DeregisterTargetsCommand).callsFake(() => (calls.push('DeregisterTargets'), {}));
    ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [] });
  });
  afterAll(() => {
    elb.restore();
    ec2.restore();
  });

  it('is registered, and its gate opens only once its target is healthy', async () => {
    const ip = String((await webPod())?.status?.podIP);
    expect(await reconcile()).toEqual({ requeueAfterSeconds: 5 });
    expect(calls).toEqual(['RegisterTargets']);
    expect(elb.commandCalls(RegisterTargetsCommand)[0].args[0].input).toEqual({ TargetGroupArn: 'arn:tg', Targets: [{ Id: ip, Port: 80 }] });

    health = [{ Target: { Id: ip, Port: 80 }, TargetHealth: { State: 'initial', Reason: 'Elb.InitialHealthChecking', Description: 'Initial health checks in progress' } }];
    expect(await reconcile()).toEqual({ requeueAfterSeconds: 5 });
    expect(await gateCondition()).toMatchObject({ status: 'False', reason: 'Elb.InitialHealthChecking' });

    health = [{ Target: { Id: ip, Port: 80 }, TargetHealth: { State: 'healthy' } }];
    expect(await reconcile()).toEqual({});
    expect(await gateCondition()).toMatchObject({ status: 'True' });
    expect(calls).toEqual(['RegisterTargets']);
  });

  it('is deregistered first and its containers stop only after draining ended', async () => {
    const ip = String((await webPod())?.status?.podIP);
    await remove(ctx, R.pods, (await webPod()) as unknown as KubeObject);
    expect((await webPod())?.metadata?.deletionTimestamp).toBeDefined();

    await reconcile();
    expect(calls).toEqual(['RegisterTargets', 'DeregisterTargets']);
    expect(await gateCondition()).toMatchObject({ status: 'False', reason: 'Target.DeregistrationInProgress' });
    await syncPodOnNode(ctx, provider, (await webPod()) as Pod);
    expect(calls).not.toContain('stopPod');

    // AWS keeps the target draining for the group's deregistration delay.
    health = [{ Target: { Id: ip, Port: 80 }, TargetHealth: { State: 'draining', Reason: 'Target.DeregistrationInProgress' } }];
    expect(await reconcile()).toEqual({ requeueAfterSeconds: 5 });
    await syncPodOnNode(ctx, provider, (await webPod()) as Pod);
    expect(calls).toEqual(['RegisterTargets', 'DeregisterTargets']);

    health = [];
    await reconcile();
    expect(await gateCondition()).toMatchObject({ status: 'False', reason: 'Target.NotRegistered' });
    await syncPodOnNode(ctx, provider, (await webPod()) as Pod);
    expect(calls).toEqual(['RegisterTargets', 'DeregisterTargets', 'stopPod']);
    expect(await webPod()).toBeUndefined();
  });
});
