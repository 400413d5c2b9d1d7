import { EC2Client } from '@aws-sdk/client-ec2';
import type { InitializeMiddleware } from '@smithy/types';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { Pod, Service, EndpointSlice, Ingress } from '../../shared/api/types';
import { ensureLoadBalancer } from '../../shared/cloud-controller-manager/elb/apply';
import type { LbAws } from '../../shared/cloud-controller-manager/elb/aws';
import { discover } from '../../shared/cloud-controller-manager/elb/discover';
import { parseServiceAnnotations } from '../../shared/cloud-controller-manager/service/annotations';
import { planServiceLoadBalancer } from '../../shared/cloud-controller-manager/service/plan';
import { parseIngressAnnotations } from '../../shared/cloud-controller-manager/ingress/annotations';
import { planIngressGroup } from '../../shared/cloud-controller-manager/ingress/plan';
import { startAwsEmulator } from '../../local/aws-emulator';
import { loadBalancerCost, LoadBalancerCost } from './cost';

export interface LoadBalancerRow {
  what: string;
  awsCalls: number;
  byOperation: Record<string, number>;
}

/** Counts every AWS request the clients send, by operation. */
function counted(endpoint: string): { aws: LbAws; take(): Record<string, number> } {
  const config = { endpoint, region: 'us-east-1', credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } };
  const aws: LbAws = {
    settings: { endpoint, region: 'us-east-1', cluster: 'bench', subnets: [], securityGroups: [], logGroup: '/skiff/bench/pods' },
    elb: new ElasticLoadBalancingV2Client(config),
    ec2: new EC2Client(config),
  };
  let calls: Record<string, number> = {};
  const counter = <I extends object, O extends object>(): InitializeMiddleware<I, O> => (next, context) => (args) => {
    const op = String(context.commandName).replace(/Command$/, '');
    calls[op] = (calls[op] ?? 0) + 1;
    return next(args);
  };
  aws.elb.middlewareStack.add(counter(), { step: 'initialize', name: 'countCalls' });
  aws.ec2.middlewareStack.add(counter(), { step: 'initialize', name: 'countCalls' });
  return { aws, take: () => ((c) => ((calls = {}), c))(calls) };
}

const service = Service.parse({
  metadata: { name: 'web', namespace: 'default', uid: 'uid-web' },
  spec: { type: 'LoadBalancer', selector: { app: 'web' }, ports: [{ name: 'http', port: 8080, targetPort: 80 }] },
});
const pod = (i: number) => Pod.parse({ metadata: { name: `web-${i}`, namespace: 'default', labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx', ports: [{ containerPort: 80 }] }] }, status: { podIP: `10.0.0.${i}` } });
const slice = (n: number) =>
  EndpointSlice.parse({
    metadata: { name: 'web-x', namespace: 'default' },
    addressType: 'IPv4',
    ports: [{ name: 'http', port: 80 }],
    endpoints: Array.from({ length: n }, (_, i) => ({ addresses: [`10.0.0.${i + 1}`], conditions: { ready: true }, targetRef: { kind: 'Pod', name: `web-${i + 1}` } })),
  });

/**
 * AWS calls of one Service's reconcile (the controller's discovery by tags, then the applier),
 * measured against the AWS emulator: the first (everything created), one with nothing to do, one
 * per endpoint change (a pod added, a pod gone), and a spec change (idle timeout).
 */
export async function loadBalancerSuite(): Promise<{ rows: LoadBalancerRow[]; ingressRows: LoadBalancerRow[]; cost: LoadBalancerCost }> {
  const emulator = await startAwsEmulator();
  try {
    await emulator.reset();
    const { aws, take } = counted(emulator.endpoint);
    const reconcile = async (what: string, replicas: number, annotations: Record<string, string> = {}): Promise<LoadBalancerRow> => {
      const svc = Service.parse({ ...service, metadata: { ...service.metadata, annotations } });
      const parsed = parseServiceAnnotations(svc);
      if (!parsed.ok) throw new Error(parsed.problems.join());
      const pods = Array.from({ length: replicas }, (_, i) => pod(i + 1));
      const desired = planServiceLoadBalancer('bench', svc, [slice(replicas)], pods, parsed.options);
      take();
      await ensureLoadBalancer(aws, desired, await discover(aws, desired.owner));
      const byOperation = take();
      return { what, awsCalls: Object.values(byOperation).reduce((a, b) => a + b, 0), byOperation };
    };
    const rows = [
      await reconcile('first reconcile (creates SG, ALB, target group, listener, targets)', 3),
      await reconcile('reconcile with nothing to change', 3),
      await reconcile('endpoint change: one pod added', 4),
      await reconcile('endpoint change: one pod gone', 3),
      await reconcile('spec change: idle timeout annotation', 3, { 'service.beta.kubernetes.io/aws-load-balancer-connection-idle-timeout': '120' }),
    ];
    const ingressRows = await ingressReconciles(aws, take);
    return { rows, ingressRows, cost: loadBalancerCost() };
  } finally {
    await emulator.stop();
  }
}

const ingress = (name: string, host: string): Ingress =>
  Ingress.parse({
    metadata: { name, namespace: 'default', uid: `uid-${name}` },
    spec: {
      ingressClassName: 'alb',
      rules: [{ host, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { name: 'http' } } } }, { path: '/api', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 8080 } } } }] } }],
    },
  });

/** The same for an Ingress group (the class's ALB): one Ingress of one host and two paths to one Service port, then a second Ingress. */
async function ingressReconciles(aws: LbAws, take: () => Record<string, number>): Promise<LoadBalancerRow[]> {
  const reconcile = async (what: string, replicas: number, ingresses: Ingress[]): Promise<LoadBalancerRow> => {
    const members = ingresses.map((i) => {
      const parsed = parseIngressAnnotations(i);
      if (!parsed.ok) throw new Error(parsed.problems.join());
      return { ingress: i, options: parsed.options };
    });
    const pods = Array.from({ length: replicas }, (_, i) => pod(i + 1));
    const plan = planIngressGroup('bench', { owner: 'ingress/class/alb', label: 'alb' }, members, { services: [service], slices: [{ ...slice(replicas), metadata: { name: 'web-x', namespace: 'default', labels: { 'kubernetes.io/service-name': 'web' } } }], pods });
    if (!plan.ok) throw new Error(plan.problems.map((p) => p.message).join());
    take();
    await ensureLoadBalancer(aws, plan.lb, await discover(aws, plan.lb.owner));
    const byOperation = take();
    return { what, awsCalls: Object.values(byOperation).reduce((a, b) => a + b, 0), byOperation };
  };
  const one = [ingress('site', 'www.example.com')];
  const two = [...one, ingress('blog', 'blog.example.com')];
  return [
    await reconcile('Ingress: first reconcile (creates SG, ALB, target group, listener, 2 rules, targets)', 3, one),
    await reconcile('Ingress: reconcile with nothing to change', 3, one),
    await reconcile('Ingress: endpoint change: one pod added', 4, one),
    await reconcile('Ingress: a second Ingress joins the group (2 more rules)', 4, two),
  ];
}

if (require.main === module) {
  void loadBalancerSuite().then((r) => console.log(JSON.stringify(r, null, 2)));
}
