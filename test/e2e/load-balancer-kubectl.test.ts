import fs from 'node:fs';
import path from 'node:path';
import { loadBalancerControllers } from '../../shared/cloud-controller-manager/load-balancers';
import { resetAws } from '../support/aws';
import { eventually, startCluster, TestCluster } from '../support/cluster';
import { emulatorAws, tagged } from '../cloud-controller-manager/support';

const EXAMPLES = path.resolve(__dirname, '../../examples');
const OWNER = 'service/default/test-nginx-service';

jest.setTimeout(300_000);

/** Issue 13's acceptance for LoadBalancer Services: real kubectl, simulated nodes, ALBs on the AWS emulator. */
describe('LoadBalancer Service with kubectl', () => {
  let c: TestCluster;
  const aws = emulatorAws('e2e-lb');

  beforeAll(async () => {
    await resetAws();
    c = await startCluster({ nodes: 2 }, { extraControllers: loadBalancerControllers(() => aws) });
  });
  afterAll(async () => {
    await c?.stop();
  });

  /** The endpoints as EndpointSlices list them, ready ones, as `IP:port`. */
  const endpoints = async () => {
    const slices = JSON.parse((await c.kubectl(['get', 'endpointslices', '-l', 'kubernetes.io/service-name=test-nginx-service', '-o', 'json'])).stdout);
    return slices.items
      .flatMap((s: { endpoints?: { addresses: string[]; conditions?: { ready?: boolean } }[]; ports?: { port: number }[] }) =>
        (s.endpoints ?? []).filter((e) => e.conditions?.ready !== false).map((e) => `${e.addresses[0]}:${s.ports?.[0]?.port}`),
      )
      .sort();
  };
  /** Waits until the target group's targets equal the ready endpoints, `count` of them. */
  const targetsFollow = (count: number) =>
    eventually(async () => {
      const want = await endpoints();
      const held = await tagged(aws, OWNER);
      return want.length === count && held.targetGroups.length === 1 && JSON.stringify(held.targetGroups[0].targets) === JSON.stringify(want) && held;
    }, 90_000, 500);

  it('shows the ALB as EXTERNAL-IP, with one listener on the service port and the endpoints as targets', async () => {
    await c.kubectl(['apply', '-f', path.join(EXAMPLES, 'nginx-deployment.yml')]);
    const manifest = fs.readFileSync(path.join(EXAMPLES, 'nginx-service.yml'), 'utf8').replace('type: ClusterIP', 'type: LoadBalancer');
    await c.kubectl(['apply', '-f', '-'], { input: manifest });
    const held = await targetsFollow(2);
    expect(held.loadBalancers).toHaveLength(1);
    expect(held.loadBalancers[0].listeners.map((l) => [l.Port, l.Protocol])).toEqual([[8080, 'HTTP']]);
    expect(held.targetGroups[0].targets.every((t) => t.endsWith(':80'))).toBe(true);
    const dns = String(held.loadBalancers[0].lb.DNSName);
    const row = await eventually(async () => {
      const out = (await c.kubectl(['get', 'svc', 'test-nginx-service'])).stdout;
      return out.includes(dns) && out;
    }, 30_000, 500);
    expect(row.split('\n')[0].split(/\s+/)).toEqual(['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE']);
    expect(row.split('\n')[1].split(/\s+/).slice(1, 5)).toEqual(['LoadBalancer', expect.stringMatching(/^10\./), dns, expect.stringMatching(/^8080:\d+\/TCP$/)]);
    const events = (await c.kubectl(['get', 'events', '--field-selector', 'involvedObject.name=test-nginx-service', '-o', 'jsonpath={.items[*].reason}'])).stdout;
    expect(events).toContain('EnsuredLoadBalancer');
  });

  it('follows scale 2 -> 3 -> 1 and an image rollout whose new pods wait on their targets', async () => {
    await c.kubectl(['scale', 'deployment/test-nginx-deployment', '--replicas=3']);
    await targetsFollow(3);
    await c.kubectl(['scale', 'deployment/test-nginx-deployment', '--replicas=1']);
    await targetsFollow(1);

    await c.kubectl(['set', 'image', 'deployment/test-nginx-deployment', 'test-nginx-container=nginx:1.27']);
    await c.kubectl(['rollout', 'status', 'deployment/test-nginx-deployment', '--timeout=90s']);
    const held = await targetsFollow(1);
    const pods = JSON.parse((await c.kubectl(['get', 'pods', '-l', 'app=test-nginx', '-o', 'json'])).stdout).items as {
      metadata: { deletionTimestamp?: string };
      spec: { containers: { image: string }[]; readinessGates?: { conditionType: string }[] };
      status: { podIP: string; conditions: { type: string; status: string }[] };
    }[];
    const live = pods.filter((p) => !p.metadata.deletionTimestamp);
    expect(live).toHaveLength(1);
    expect(live[0].spec.containers[0].image).toBe('nginx:1.27');
    expect(live[0].spec.readinessGates).toEqual([{ conditionType: 'target-health.skiff.dev/test-nginx-service' }]);
    expect(live[0].status.conditions.find((x) => x.type === 'target-health.skiff.dev/test-nginx-service')?.status).toBe('True');
    expect(held.targetGroups[0].targets).toEqual([`${live[0].status.podIP}:80`]);
  });

  it('leaves nothing tagged for it once deleted', async () => {
    await c.kubectl(['delete', 'svc', 'test-nginx-service', '--timeout=60s']);
    expect(await tagged(aws, OWNER)).toEqual({ loadBalancers: [], targetGroups: [], securityGroups: [] });
  });
});
