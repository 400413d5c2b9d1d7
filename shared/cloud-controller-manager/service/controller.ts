import { viewOf } from '../../registry/resource';
import type { EndpointSlice, Pod, Service } from '../../api/types';
import { list, R, systemWrite, updateStatusOf } from '../../controllers/client';
import { NotFoundError } from '../../api/errors';
import { updateObject } from '../../registry/update';
import type { Controller } from '../../controllers/controller';
import { objectsOfAny } from '../../controllers/workloads/routing';
import type { RestContext } from '../../registry/context';
import { nowTimestamp } from '../../registry/time';
import type { ReconcileResult } from '../../runtime/work';
import type { LbAws } from '../elb/aws';
import { awsErrorText } from '../elb/aws';
import { deleteLoadBalancer, Ensured, ensureLoadBalancer } from '../elb/apply';
import { syncTargets, targetKey } from '../elb/targets';
import { targetsOfPort } from './targets';
import { discoverAll, Found } from '../elb/discover';
import { DesiredLoadBalancer, specHash, TAG } from '../elb/model';
import { parseServiceAnnotations } from './annotations';
import { LbEvents } from './lb-events';
import { albPorts, isOurClass, LB_FINALIZER, planServiceLoadBalancer, serviceOwner, wantsLoadBalancer } from './plan';
import { ALL, ORPHANS, namespaceKey, routeLoadBalancerRecord } from './routing';
import { plannedGateCondition } from './target-health';
import { invalidSourceRanges } from './source-ranges';
import { selectedPods } from '../../controllers/endpoints/pod-endpoints';
import { logger } from '../../logging';

const NAME = 'service-lb';
/** While targets are settling (initial health checks, draining), look again this soon. */
const SETTLING_SECONDS = 5;

/**
 * Upstream's service controller for Skiff: each `type: LoadBalancer` Service (of no other
 * loadBalancerClass) gets an ALB; its targets follow the ready endpoints; its pods' target-health
 * gates follow DescribeTargetHealth; deletion (or a type change) removes all found by tags.
 */
export function serviceLoadBalancerController(aws: () => LbAws): Controller {
  const events = new LbEvents();
  return {
    name: NAME,
    filters: [objectsOfAny(['services', 'endpointslices.discovery.k8s.io', 'pods'])],
    route: (record, key) => routeLoadBalancerRecord(record, key, NAME),
    async reconcile(ctx, key) {
      if (key.name === ORPHANS) return cleanOrphans(ctx, aws());
      if (key.name !== ALL) return {};
      const namespace = String(key.namespace);
      const services = (await list(ctx, R.services, namespace)).filter(
        (s) => isOurClass(s) && (wantsLoadBalancer(s) || s.metadata?.finalizers?.includes(LB_FINALIZER)),
      );
      if (services.length === 0) return {};
      const [slices, pods] = await Promise.all([list(ctx, R.endpointslices, namespace), list(ctx, R.pods, namespace)]);
      const found = await discoverAll(aws());
      const results: ReconcileResult[] = [];
      for (const svc of services) {
        const mine = slices.filter((s) => s.metadata?.labels?.['kubernetes.io/service-name'] === svc.metadata?.name);
        const owner = serviceOwner(namespace, String(svc.metadata?.name));
        results.push(await reconcileService(ctx, aws(), events, svc, mine, pods, found.get(owner) ?? { targetGroups: [] }));
      }
      const times = results.flatMap((r) => (r.requeueAfterSeconds === undefined ? [] : [r.requeueAfterSeconds]));
      return times.length ? { requeueAfterSeconds: Math.min(...times) } : {};
    },
    async resync(ctx) {
      const namespaces = (await list(ctx, R.namespaces)).filter((n) => !n.metadata.deletionTimestamp);
      return [...namespaces.map((n) => namespaceKey(String(n.metadata.name), NAME)), { resource: 'services', name: ORPHANS, controller: NAME }];
    },
  };
}

async function reconcileService(ctx: RestContext, aws: LbAws, events: LbEvents, svc: Service, slices: EndpointSlice[], pods: Pod[], found: Found): Promise<ReconcileResult> {
  if (!wantsLoadBalancer(svc)) return removeLoadBalancer(ctx, aws, events, svc, found);
  if (!svc.metadata?.finalizers?.includes(LB_FINALIZER)) {
    svc = (await setFinalizer(ctx, svc, true)) ?? svc;
  }
  const parsed = parseServiceAnnotations(svc);
  const problems = parsed.ok ? invalidSourceRanges(svc) : parsed.problems;
  if (!parsed.ok || problems.length > 0) {
    // Bad input changes nothing of the last good load balancer but its targets, which keep following the endpoints.
    await events.warnOnce(ctx, svc, 'SyncLoadBalancerFailed', `Error syncing load balancer: ${problems.join('; ')}`);
    try {
      await followEndpoints(aws, svc, slices, pods, found);
    } catch (err) {
      const retry = events.failed(svc);
      await events.warning(ctx, svc, 'SyncLoadBalancerFailed', `Error syncing load balancer: failed to update load balancer targets: ${awsErrorText(err)}`);
      return { requeueAfterSeconds: retry };
    }
    return {};
  }
  const desired = planServiceLoadBalancer(aws.settings.cluster, svc, slices, pods, parsed.options);
  try {
    const structural = !found.loadBalancer || found.loadBalancer.tags['skiff.dev/spec-hash'] !== specHash(desired);
    if (structural) await events.normal(ctx, svc, 'EnsuringLoadBalancer', 'Ensuring load balancer');
    const ensured = await ensureLoadBalancer(aws, desired, found);
    if (ensured.changed) await events.normal(ctx, svc, 'EnsuredLoadBalancer', 'Ensured load balancer');
    events.succeeded(svc);
    await writeHostname(ctx, svc, ensured.dnsName);
    const now = nowTimestamp();
    for (const pod of selectedPods(svc, pods)) {
      const condition = plannedGateCondition(svc, pod, ensured.health, now);
      if (!condition) continue;
      await updateStatusOf(ctx, R.pods, pod, (current) => {
        const status = (current.status ?? {}) as { conditions?: { type: string }[] };
        return { ...status, conditions: [...(status.conditions ?? []).filter((c) => c.type !== condition.type), condition] };
      });
    }
    return settling(desired, ensured) ? { requeueAfterSeconds: SETTLING_SECONDS } : {};
  } catch (err) {
    const retry = events.failed(svc);
    await events.warning(ctx, svc, 'SyncLoadBalancerFailed', `Error syncing load balancer: failed to ensure load balancer: ${awsErrorText(err)}`);
    return { requeueAfterSeconds: retry };
  }
}

/** Only the targets of the target groups that exist, by port, from the endpoints. */
async function followEndpoints(aws: LbAws, svc: Service, slices: EndpointSlice[], pods: Pod[], found: Found): Promise<void> {
  for (const port of albPorts(svc)) {
    const tg = found.targetGroups.find((t) => t.tags[TAG.targetGroupKey] === (port.name || String(port.port)));
    if (tg) await syncTargets(aws, String(tg.TargetGroupArn), targetsOfPort(svc, port, slices, pods));
  }
}

/** Targets just registered, in initial health checks or draining: their pods' gates will move soon. */
function settling(desired: DesiredLoadBalancer, ensured: Ensured): boolean {
  return desired.targetGroups.some((tg) => {
    const health = ensured.health.get(tg.key) ?? new Map();
    return tg.targets.some((t) => !health.has(targetKey(t))) || [...health.values()].some((s) => s.state === 'initial' || s.state === 'draining');
  });
}

async function removeLoadBalancer(ctx: RestContext, aws: LbAws, events: LbEvents, svc: Service, found: Found): Promise<ReconcileResult> {
  try {
    if (found.loadBalancer || found.targetGroups.length > 0 || found.securityGroupId) {
      await events.normal(ctx, svc, 'DeletingLoadBalancer', 'Deleting load balancer');
      await deleteLoadBalancer(aws, found);
      await events.normal(ctx, svc, 'DeletedLoadBalancer', 'Deleted load balancer');
    }
    events.succeeded(svc);
  } catch (err) {
    const retry = events.failed(svc);
    await events.warning(ctx, svc, 'SyncLoadBalancerFailed', `Error syncing load balancer: failed to delete load balancer: ${awsErrorText(err)}`);
    return { requeueAfterSeconds: retry };
  }
  if (svc.status?.loadBalancer?.ingress?.length) await writeHostname(ctx, svc, undefined);
  if (svc.metadata?.finalizers?.includes(LB_FINALIZER)) await setFinalizer(ctx, svc, false);
  return {};
}

/** Adds or removes the cleanup finalizer on the Service as stored now (unless replaced by a namesake). */
async function setFinalizer(ctx: RestContext, svc: Service, present: boolean): Promise<Service | undefined> {
  try {
    const res = await updateObject(ctx, R.services, svc.metadata?.namespace, String(svc.metadata?.name), undefined, (current) => {
      if (current.metadata.uid !== svc.metadata?.uid) return current;
      const others = ((current.metadata.finalizers as string[] | undefined) ?? []).filter((f) => f !== LB_FINALIZER);
      const finalizers = present ? [...others, LB_FINALIZER] : others;
      return { ...current, metadata: { ...current.metadata, finalizers: finalizers.length ? finalizers : undefined } };
    }, systemWrite(ctx));
    return viewOf<Service>(res.object);
  } catch (err) {
    if (err instanceof NotFoundError) return undefined;
    throw err;
  }
}

async function writeHostname(ctx: RestContext, svc: Service, hostname: string | undefined): Promise<void> {
  const want = hostname ? [{ hostname }] : undefined;
  if (JSON.stringify(svc.status?.loadBalancer?.ingress) === JSON.stringify(want)) return;
  await updateStatusOf(ctx, R.services, svc, (current) => ({ ...(current.status as object), loadBalancer: want ? { ingress: want } : {} }));
}

/** Owners found by tags whose Service is gone, replaced (another uid) or no longer a LoadBalancer: removed. */
async function cleanOrphans(ctx: RestContext, aws: LbAws): Promise<ReconcileResult> {
  const found = await discoverAll(aws);
  const services = await list(ctx, R.services);
  const live = new Map(services.filter(wantsLoadBalancer).map((s) => [serviceOwner(String(s.metadata?.namespace), String(s.metadata?.name)), s]));
  let retry: number | undefined;
  for (const [owner, f] of found) {
    if (!owner.startsWith('service/') || live.has(owner)) continue;
    const holder = services.find((s) => serviceOwner(String(s.metadata?.namespace), String(s.metadata?.name)) === owner);
    // A Service that still holds the finalizer is cleaned by its own reconcile (with its events).
    if (holder?.metadata?.finalizers?.includes(LB_FINALIZER)) continue;
    try {
      await deleteLoadBalancer(aws, f);
    } catch (err) {
      // Retried on a later pass; nothing here has a Service to report an event on.
      logger.warn('could not remove orphaned load balancer', { owner, error: awsErrorText(err) });
      retry = 30;
    }
  }
  return retry ? { requeueAfterSeconds: retry } : {};
}
