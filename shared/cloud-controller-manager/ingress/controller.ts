import { list, R } from '../../controllers/client';
import type { Controller } from '../../controllers/controller';
import { objectsOfAny } from '../../controllers/workloads/routing';
import type { RestContext } from '../../registry/context';
import type { ReconcileResult } from '../../runtime/work';
import { logger } from '../../logging';
import { FailureBackoff } from '../cloud';
import type { LbAws } from '../elb/aws';
import { awsErrorText } from '../elb/aws';
import { deleteLoadBalancer } from '../elb/apply';
import { discoverAll } from '../elb/discover';
import { IngressEvents } from './events';
import { groupOf, INGRESS_FINALIZER, isOurIngress } from './plan';
import { reconcileGroup } from './reconcile-group';
import { ALL_GROUPS, INGRESS_RESOURCE, ORPHANS, ownerOfKey, routeIngressRecord } from './routing';
import type { ClusterView } from './view';

const NAME = 'ingress';


async function clusterView(ctx: RestContext, namespaces: Set<string>): Promise<ClusterView> {
  const [ingresses, classes] = await Promise.all([list(ctx, R.ingresses), list(ctx, R.ingressclasses)]);
  const per = await Promise.all([...namespaces].map((ns) => Promise.all([list(ctx, R.services, ns), list(ctx, R.endpointslices, ns), list(ctx, R.pods, ns)])));
  return {
    ingresses,
    classes,
    services: per.flatMap((p) => p[0]),
    slices: per.flatMap((p) => p[1]),
    pods: per.flatMap((p) => p[2]),
  };
}

/**
 * aws-load-balancer-controller's Ingress reconciler for Skiff: each Ingress group (an explicit
 * group.name, else the IngressClass) of a class with controller skiff.dev/alb is one ALB whose
 * listener rules route its members' hosts and paths to ip target groups of their backend Services.
 */
export function ingressController(aws: () => LbAws): Controller {
  const events = new IngressEvents();
  const backoff = new FailureBackoff();
  return {
    name: NAME,
    filters: [objectsOfAny([INGRESS_RESOURCE, 'ingressclasses.networking.k8s.io', 'services', 'endpointslices.discovery.k8s.io'])],
    route: (record, key) => routeIngressRecord(record, key, NAME),
    async reconcile(ctx, key) {
      if (key.name === ORPHANS) return cleanOrphans(ctx, aws());
      const [ingresses, classes] = await Promise.all([list(ctx, R.ingresses), list(ctx, R.ingressclasses)]);
      const only = ownerOfKey(key);
      const owners = new Set<string>(only !== undefined ? [only] : []);
      for (const ing of only !== undefined ? [] : ingresses) {
        const relevant = isOurIngress(ing, classes) || !!ing.metadata?.finalizers?.includes(INGRESS_FINALIZER);
        if (relevant && (key.namespace === undefined || ing.metadata?.namespace === key.namespace)) owners.add(groupOf(ing).owner);
      }
      if (owners.size === 0) return {};
      const namespaces = new Set(ingresses.filter((i) => owners.has(groupOf(i).owner)).map((i) => String(i.metadata?.namespace)));
      const view = await clusterView(ctx, namespaces);
      const found = await discoverAll(aws());
      const times: number[] = [];
      for (const owner of owners) {
        const result = await reconcileGroup(ctx, aws(), events, backoff, owner, view, found.get(owner) ?? { targetGroups: [] });
        if (result.requeueAfterSeconds !== undefined) times.push(result.requeueAfterSeconds);
      }
      return times.length ? { requeueAfterSeconds: Math.min(...times) } : {};
    },
    async resync() {
      return [{ resource: INGRESS_RESOURCE, name: ALL_GROUPS, controller: NAME }, { resource: INGRESS_RESOURCE, name: ORPHANS, controller: NAME }];
    },
  };
}

/** ALBs tagged for an Ingress group that no Ingress of Skiff's classes belongs to any more: removed. */
async function cleanOrphans(ctx: RestContext, aws: LbAws): Promise<ReconcileResult> {
  const [ingresses, classes] = await Promise.all([list(ctx, R.ingresses), list(ctx, R.ingressclasses)]);
  const live = new Set(ingresses.filter((i) => isOurIngress(i, classes) || i.metadata?.finalizers?.includes(INGRESS_FINALIZER)).map((i) => groupOf(i).owner));
  let retry: number | undefined;
  for (const [owner, f] of await discoverAll(aws)) {
    if (!owner.startsWith('ingress/') || live.has(owner)) continue;
    try {
      await deleteLoadBalancer(aws, f);
    } catch (err) {
      logger.warn('could not remove orphaned ingress load balancer', { owner, error: awsErrorText(err) });
      retry = 30;
    }
  }
  return retry ? { requeueAfterSeconds: retry } : {};
}
