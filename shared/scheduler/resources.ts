/**
 * A pod's effective resource requests, as component-helpers' `resource.PodRequests` computes them:
 * app containers and sidecars (restartable init containers) are summed, each ordinary init container
 * counts with the sidecars started before it, the pod needs the larger of the two, plus overhead.
 * Amounts are integers: milli-CPU for `cpu`, bytes or counts for everything else.
 */
import type { Container, PodSpec, QuantityMap } from '../api/types';
import { parseResource } from './quantity';

export type ResourceList = Map<string, number>;

/** schedutil.DefaultMilliCPURequest / DefaultMemoryRequest: what a container without requests "uses" when scoring. */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

export const CPU = 'cpu';
export const MEMORY = 'memory';
export const EPHEMERAL_STORAGE = 'ephemeral-storage';
export const PODS = 'pods';

function toList(q: QuantityMap | undefined): ResourceList {
  const list: ResourceList = new Map();
  for (const [name, amount] of Object.entries(q ?? {})) list.set(name, parseResource(name, amount));
  return list;
}

/** API defaulting sets a missing request to its limit; pods that skipped defaulting get the same here. */
function containerRequests(container: Container, nonMissing: boolean): ResourceList {
  const requests = toList(container.resources?.requests);
  for (const [name, amount] of toList(container.resources?.limits)) {
    if (!requests.has(name)) requests.set(name, amount);
  }
  if (nonMissing) {
    if (!requests.has(CPU)) requests.set(CPU, DEFAULT_MILLI_CPU_REQUEST);
    if (!requests.has(MEMORY)) requests.set(MEMORY, DEFAULT_MEMORY_REQUEST);
  }
  return requests;
}

function add(into: ResourceList, from: ResourceList): void {
  for (const [name, amount] of from) into.set(name, (into.get(name) ?? 0) + amount);
}

function max(into: ResourceList, from: ResourceList): void {
  for (const [name, amount] of from) into.set(name, Math.max(into.get(name) ?? 0, amount));
}

/**
 * resource.PodRequests. With `nonMissing`, containers lacking a cpu or memory request count as
 * 100m / 200Mi (NodeResourcesFit scoring and NodeInfo.NonZeroRequested).
 */
export function podRequests(spec: PodSpec | undefined, nonMissing = false): ResourceList {
  const requests: ResourceList = new Map();
  for (const container of spec?.containers ?? []) add(requests, containerRequests(container, nonMissing));

  const sidecars: ResourceList = new Map();
  const initPeak: ResourceList = new Map();
  for (const container of spec?.initContainers ?? []) {
    const own = containerRequests(container, nonMissing);
    if (container.restartPolicy === 'Always') {
      add(requests, own);
      add(sidecars, own);
      max(initPeak, sidecars);
    } else {
      const whileRunning = new Map(own);
      add(whileRunning, sidecars);
      max(initPeak, whileRunning);
    }
  }
  max(requests, initPeak);

  add(requests, toList(spec?.overhead));
  return requests;
}

/**
 * schedutil.IsScalarResourceName: extended resources (`example.com/gpu`), hugepages-*,
 * attachable-volumes-* and `kubernetes.io/`-prefixed ones. Other unprefixed names are ignored.
 */
export function isScalarResourceName(name: string): boolean {
  if (name.startsWith('hugepages-') || name.startsWith('attachable-volumes-')) return true;
  if (!name.includes('/')) return false;
  return !name.startsWith('requests.');
}
