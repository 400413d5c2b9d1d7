import { CreateClusterCommand, ECSClient } from '@aws-sdk/client-ecs';
import { DescribeRulesCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { awsClientConfig, awsEndpoint, resetAws } from '../support/aws';
import { eventually, startCluster, TestCluster } from '../support/cluster';
import { emulatorAws, tagged } from '../cloud-controller-manager/support';

const CLUSTER = 'e2e-ing';
const OWNER = 'ingress/class/alb';

jest.setTimeout(300_000);

const APPS = ['web', 'api']
  .map(
    (app) => `
apiVersion: apps/v1
kind: Deployment
metadata: { name: ${app} }
spec:
  replicas: 1
  selector: { matchLabels: { app: ${app} } }
  template:
    metadata: { labels: { app: ${app} } }
    spec:
      containers: [{ name: ${app}, image: nginx, ports: [{ containerPort: 80 }], resources: { requests: { cpu: 250m, memory: 512Mi } } }]
---
apiVersion: v1
kind: Service
metadata: { name: ${app} }
spec: { selector: { app: ${app} }, ports: [{ name: http, port: 80, targetPort: 80 }] }
`,
  )
  .join('---');

const SITE = `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: site
  annotations: { alb.ingress.kubernetes.io/scheme: internet-facing }
spec:
  rules:
  - host: www.example.com
    http:
      paths:
      - { path: /, pathType: Prefix, backend: { service: { name: web, port: { name: http } } } }
      - { path: /api, pathType: Prefix, backend: { service: { name: api, port: { number: 80 } } } }
  - host: api.example.com
    http:
      paths:
      - { path: /v1, pathType: Exact, backend: { service: { name: api, port: { number: 80 } } } }
      - { path: /, pathType: Prefix, backend: { service: { name: api, port: { number: 80 } } } }
`;

const BLOG = `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: blog, annotations: { alb.ingress.kubernetes.io/scheme: internet-facing } }
spec:
  ingressClassName: alb
  rules:
  - host: blog.example.com
    http: { paths: [{ path: /, pathType: Prefix, backend: { service: { name: web, port: { number: 80 } } } }] }
`;

/** Issue 13's Ingress acceptance: real kubectl, the runner in AWS mode on the emulator (pods as ECS tasks, the CCM's Ingress controller). */
describe('Ingress with kubectl (AWS mode, emulator)', () => {
  let c: TestCluster;
  const aws = emulatorAws(CLUSTER);

  beforeAll(async () => {
    await resetAws();
    await new ECSClient(awsClientConfig()).send(new CreateClusterCommand({ clusterName: CLUSTER }));
    c = await startCluster({ provider: 'ecs', awsEndpoint: awsEndpoint(), awsRegion: 'us-east-1', ecsCluster: CLUSTER, subnets: [], securityGroups: [] });
  });
  afterAll(async () => {
    await c?.stop();
  });

  const rules = async (listenerArn: string | undefined) =>
    ((await aws.elb.send(new DescribeRulesCommand({ ListenerArn: listenerArn }))).Rules ?? [])
      .filter((r) => !r.IsDefault)
      .sort((a, b) => Number(a.Priority) - Number(b.Priority))
      .map((r) => `${r.Conditions?.find((x) => x.Field === 'host-header')?.HostHeaderConfig?.Values?.join(',')} ${r.Conditions?.find((x) => x.Field === 'path-pattern')?.PathPatternConfig?.Values?.join(',')}`);
  const podTargets = async (app: string) =>
    (JSON.parse((await c.kubectl(['get', 'pods', '-l', `app=${app}`, '-o', 'json'])).stdout).items as { status: { podIP?: string } }[]).map((p) => `${p.status.podIP}:80`).sort();

  it('serves the default IngressClass and refuses an Ingress path without a pathType, as upstream', async () => {
    const classes = (await c.kubectl(['get', 'ingressclass'])).stdout.trim().split('\n');
    expect(classes[0].split(/\s+/)).toEqual(['NAME', 'CONTROLLER', 'PARAMETERS', 'AGE']);
    expect(classes[1].split(/\s+/).slice(0, 3)).toEqual(['alb', 'skiff.dev/alb', '<none>']);
    const bad = await c.kubectl(['apply', '-f', '-'], { input: SITE.replace('pathType: Exact, ', ''), allowFail: true });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('The Ingress "site" is invalid: spec.rules[1].http.paths[0].pathType: Required value: pathType must be specified');
  });

  it('turns an Ingress with two hosts and two paths each into listener rules on one ALB, shown as ADDRESS', async () => {
    await c.kubectl(['apply', '-f', '-'], { input: APPS });
    await c.kubectl(['apply', '-f', '-'], { input: SITE });
    const held = await eventually(async () => {
      const h = await tagged(aws, OWNER);
      if (h.loadBalancers.length !== 1 || h.targetGroups.length !== 2) return false;
      const want = [...(await podTargets('api')), ...(await podTargets('web'))].sort();
      return want.length === 2 && JSON.stringify(h.targetGroups.flatMap((t) => t.targets).sort()) === JSON.stringify(want) && h;
    }, 120_000, 500);
    expect(held.loadBalancers[0].listeners.map((l) => [l.Port, l.Protocol])).toEqual([[80, 'HTTP']]);
    expect(await rules(held.loadBalancers[0].listeners[0].ListenerArn)).toEqual([
      'www.example.com /api,/api/*',
      'www.example.com /*',
      'api.example.com /v1',
      'api.example.com /*',
    ]);
    const dns = String(held.loadBalancers[0].lb.DNSName);
    const out = await eventually(async () => {
      const text = (await c.kubectl(['get', 'ing'])).stdout;
      return text.includes(dns) && text;
    }, 30_000, 500);
    const [header, row] = out.trim().split('\n');
    expect(header.split(/\s+/)).toEqual(['NAME', 'CLASS', 'HOSTS', 'ADDRESS', 'PORTS', 'AGE']);
    expect(row.split(/\s+/).slice(0, 5)).toEqual(['site', 'alb', 'www.example.com,api.example.com', dns, '80']);
    const described = (await c.kubectl(['describe', 'ingress', 'site'])).stdout;
    expect(described).toMatch(/Ingress Class:\s+alb/);
    expect(described).toMatch(/www\.example\.com\s*\n\s+\/\s+web:http/);
    expect(described).toContain('SuccessfullyReconciled');
    expect((await c.kubectl(['get', 'ing', 'site', '-o', 'jsonpath={.metadata.finalizers}'])).stdout).toContain('ingress.skiff.dev/resources');
  });

  it('puts a second Ingress of the same class on the same ALB', async () => {
    const before = (await tagged(aws, OWNER)).loadBalancers.map((l) => l.lb.LoadBalancerArn);
    await c.kubectl(['apply', '-f', '-'], { input: BLOG });
    const held = await eventually(async () => {
      const h = await tagged(aws, OWNER);
      return h.loadBalancers.length === 1 && (await rules(h.loadBalancers[0].listeners[0].ListenerArn)).length === 5 && h;
    }, 60_000, 500);
    expect(held.loadBalancers.map((l) => l.lb.LoadBalancerArn)).toEqual(before);
    expect((await rules(held.loadBalancers[0].listeners[0].ListenerArn))[0]).toBe('blog.example.com /*');
    await eventually(async () => (await c.kubectl(['get', 'ing', 'blog', '-o', 'jsonpath={.status.loadBalancer.ingress[0].hostname}'])).stdout === held.loadBalancers[0].lb.DNSName, 30_000, 500);
  });

  it('leaves no ALB, listener, rule, target group or security group tagged for them once both are deleted', async () => {
    await c.kubectl(['delete', 'ingress', 'site', 'blog', '--timeout=90s']);
    expect(await tagged(aws, OWNER)).toEqual({ loadBalancers: [], targetGroups: [], securityGroups: [] });
    expect((await c.kubectl(['get', 'ing', '-o', 'name'])).stdout.trim()).toBe('');
  });
});
