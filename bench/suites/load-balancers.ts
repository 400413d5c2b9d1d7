import { EC2Client } from '@aws-sdk/client-ec2';
import type { InitializeMiddleware } from '@smithy/types';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { Pod, Service, EndpointSlice } from '../../shared/api/types';
import { ensureLoadBalancer } from '../../shared/cloud-controller-manager/elb/apply';
import type { LbAws } from '../../shared/cloud-controller-manager/elb/aws';
import { discover } from '../../shared/cloud-controller-manager/elb/discover';
import { parseServiceAnnotations } from '../../shared/cloud-controller-manager/service/annotations';
import { planServiceLoadBalancer } from '../../shared/cloud-controller-manager/service/plan';
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
export async function loadBalancerSuite(): Promise<{ rows: LoadBalancerRow[]; cost: LoadBalancerCost }> {
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
    return { rows, cost: loadBalancerCost() };
  } finally {
    await emulator.stop();
  }
}

if (require.main === module) {
  void loadBalancerSuite().then((r) => console.log(JSON.stringify(r, null, 2)));
}
