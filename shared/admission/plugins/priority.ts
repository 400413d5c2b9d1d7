/**
 * The Priority admission plugin: a pod's priorityClassName resolves to spec.priority and
 * spec.preemptionPolicy (no name: the globalDefault class, else priority 0), with upstream's
 * refusals; PriorityClasses are checked for the one-default rule and system classes are protected.
 */
import { ForbiddenError } from '../../api/errors';
import type { Pod, PriorityClass } from '../../api/types';
import type { StrategyContext } from '../../registry/resource';
import type { AdmissionAttributes, AdmissionPlugin } from '../attributes';
import { cachedList } from '../cache';

export const PRIORITY_CLASSES_KEY = 'priorityclasses.scheduling.k8s.io';

/** The classes every cluster has (upstream's SystemPriorityClasses). */
export const SYSTEM_PRIORITY_CLASSES: PriorityClass[] = [
  {
    metadata: { name: 'system-node-critical' },
    value: 2000001000,
    description: 'Used for system critical pods that must not be moved from their current node.',
  },
  {
    metadata: { name: 'system-cluster-critical' },
    value: 2000000000,
    description: 'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.',
  },
];

const isPod = (attrs: AdmissionAttributes) => attrs.def.group === '' && attrs.def.resource === 'pods';
const isPriorityClass = (attrs: AdmissionAttributes) => attrs.def.group === 'scheduling.k8s.io' && attrs.def.resource === 'priorityclasses';

async function classes(ctx: StrategyContext): Promise<PriorityClass[]> {
  return cachedList<PriorityClass>(ctx, PRIORITY_CLASSES_KEY);
}

/** The default class: the globalDefault one with the highest value, as upstream's getDefaultPriorityClass. */
function defaultClass(all: PriorityClass[]): PriorityClass | undefined {
  return all.filter((c) => c.globalDefault).sort((a, b) => b.value - a.value)[0];
}

async function admitPod(ctx: StrategyContext, attrs: AdmissionAttributes): Promise<void> {
  const pod = attrs.object as Pod;
  const spec = (pod.spec ??= { containers: [] });
  const gr = { group: '', resource: 'pods' };
  const all = await classes(ctx);
  let priority = 0;
  let policy = 'PreemptLowerPriority';
  if (!spec.priorityClassName) {
    const fallback = defaultClass(all);
    if (fallback) {
      spec.priorityClassName = fallback.metadata?.name;
      priority = fallback.value;
      policy = fallback.preemptionPolicy ?? policy;
    }
  } else {
    const found = all.find((c) => c.metadata?.name === spec.priorityClassName);
    if (!found) throw new ForbiddenError(gr, attrs.name, `no PriorityClass with name ${spec.priorityClassName} was found`);
    priority = found.value;
    policy = found.preemptionPolicy ?? policy;
  }
  if (spec.priority !== undefined && spec.priority !== priority) {
    throw new ForbiddenError(
      gr,
      attrs.name,
      `the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${priority} from the given PriorityClass name`,
    );
  }
  spec.priority = priority;
  if (spec.preemptionPolicy !== undefined && spec.preemptionPolicy !== policy) {
    throw new ForbiddenError(
      gr,
      attrs.name,
      `the string value of PreemptionPolicy (${spec.preemptionPolicy}) must not be provided in pod spec; priority admission controller computed ${policy} from the given PriorityClass name`,
    );
  }
  spec.preemptionPolicy = policy;
}

export const priorityMutating: AdmissionPlugin = {
  name: 'Priority',
  handles: (attrs) => isPod(attrs) && attrs.operation === 'CREATE' && !attrs.subresource,
  admit: admitPod,
};

async function validateClass(ctx: StrategyContext, attrs: AdmissionAttributes): Promise<void> {
  const gr = { group: 'scheduling.k8s.io', resource: 'priorityclasses' };
  if (attrs.operation === 'DELETE') {
    if (SYSTEM_PRIORITY_CLASSES.some((c) => c.metadata?.name === attrs.name)) {
      throw new ForbiddenError(gr, attrs.name, 'this is a system priority class and cannot be deleted');
    }
    return;
  }
  const pc = attrs.object as PriorityClass;
  if (!pc.globalDefault) return;
  const other = (await classes(ctx)).find((c) => c.globalDefault && c.metadata?.name !== attrs.name);
  if (other) {
    throw new ForbiddenError(gr, attrs.name, `PriorityClass ${String(other.metadata?.name)} is already marked as default. Only one default can exist`);
  }
}

export const priorityValidating: AdmissionPlugin = {
  name: 'Priority',
  handles: (attrs) => isPriorityClass(attrs),
  admit: validateClass,
};
