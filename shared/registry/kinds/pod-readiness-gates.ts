import { viewOf } from '../resource';
import type { Pod, Service } from '../../api/types';
import { gateOf, LB_FINALIZER, SKIFF_LB_CLASS } from '../../cloud-controller-manager/names';
import type { KubeObject, StrategyContext } from '../resource';
import { cachedList } from '../../admission/cache';

/**
 * The readiness gates a new pod gets at admission (as aws-load-balancer-controller's pod webhook
 * injects its own): one `target-health.skiff.dev/<service>` per LoadBalancer Service of Skiff's
 * class that selects it and whose load balancer exists (it carries the cleanup finalizer, so a
 * cluster without the load balancer controller never gates pods). Pure.
 */
export function loadBalancerGates(pod: Pod, services: Service[]): string[] {
  const labels = pod.metadata?.labels ?? {};
  const have = new Set((pod.spec?.readinessGates ?? []).map((g) => g.conditionType));
  return services
    .filter((s) => s.spec?.type === 'LoadBalancer' && (s.spec.loadBalancerClass ?? SKIFF_LB_CLASS) === SKIFF_LB_CLASS)
    .filter((s) => !s.metadata?.deletionTimestamp && s.metadata?.finalizers?.includes(LB_FINALIZER))
    .filter((s) => {
      const selector = Object.entries(s.spec?.selector ?? {});
      return selector.length > 0 && selector.every(([k, v]) => labels[k] === v);
    })
    .map((s) => gateOf(String(s.metadata?.name)))
    .filter((g) => !have.has(g))
    .sort();
}

/**
 * Mutating admission of pods: adds the gates above, reading the namespace's Services through
 * admission's cache (at most 1 s old), as aws-load-balancer-controller's webhook reads its informer.
 */
export async function admitLoadBalancerGates(ctx: StrategyContext, obj: KubeObject): Promise<void> {
  const namespace = String(obj.metadata.namespace);
  const services = (await cachedList<KubeObject>(ctx, 'services', namespace)).map((s) => viewOf<Service>(s));
  const gates = loadBalancerGates(viewOf<Pod>(obj), services);
  if (gates.length === 0) return;
  const spec = (obj.spec ?? {}) as { readinessGates?: { conditionType: string }[] };
  spec.readinessGates = [...(spec.readinessGates ?? []), ...gates.map((conditionType) => ({ conditionType }))];
  obj.spec = spec;
}
