import { KubeObject, Strategy } from '../resource';
import { defaultPodSpec } from './pod-defaults';
import { admitLoadBalancerGates } from './pod-readiness-gates';
import { admitServiceAccount } from './pod-serviceaccount';
import { validatePodSpec, validatePodSpecUpdate } from './pod-validate';

type Obj = Record<string, unknown>;

/** Upstream's QoS classes, from requests and limits of every container. */
export function qosClass(spec: Obj): string {
  const containers = [...((spec.containers as Obj[]) ?? []), ...((spec.initContainers as Obj[]) ?? [])];
  let anySet = false;
  let guaranteed = true;
  for (const c of containers) {
    const r = (c.resources ?? {}) as { requests?: Obj; limits?: Obj };
    const req = r.requests ?? {};
    const lim = r.limits ?? {};
    if (Object.keys(req).length || Object.keys(lim).length) anySet = true;
    for (const res of ['cpu', 'memory']) {
      if (lim[res] === undefined || String(lim[res]) !== String(req[res] ?? lim[res])) guaranteed = false;
    }
  }
  if (!anySet) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

export const podStrategy: Strategy = {
  prepareForCreate(obj) {
    const spec = (obj.spec ?? {}) as Obj;
    obj.status = { phase: 'Pending', qosClass: qosClass(spec) };
  },
  defaults(obj) {
    obj.spec ??= {};
    defaultPodSpec(obj.spec as Obj, true);
  },
  async admit(ctx, obj) {
    await admitServiceAccount(ctx, obj);
    await admitLoadBalancerGates(ctx, obj);
  },
  validate(obj, old) {
    const causes = validatePodSpec(obj.spec as Obj | undefined, 'spec');
    if (old) causes.push(...validatePodSpecUpdate(obj.spec as Obj, old.spec as Obj));
    return causes;
  },
  fieldLabels(obj: KubeObject) {
    const spec = (obj.spec ?? {}) as Obj;
    const status = (obj.status ?? {}) as Obj;
    return {
      'spec.nodeName': String(spec.nodeName ?? ''),
      'spec.restartPolicy': String(spec.restartPolicy ?? ''),
      'spec.schedulerName': String(spec.schedulerName ?? ''),
      'spec.serviceAccountName': String(spec.serviceAccountName ?? ''),
      'spec.hostNetwork': String(spec.hostNetwork ?? false),
      'status.phase': String(status.phase ?? ''),
      'status.podIP': String(status.podIP ?? ''),
      'status.nominatedNodeName': String(status.nominatedNodeName ?? ''),
    };
  },
};
