import { sameJson } from '../api/patch/json';
import type { Pod, PodCondition, PodStatus } from '../api/types';
import { R, remove, updateStatusOf } from '../controllers/client';
import type { RestContext } from '../registry/context';
import type { KubeObject } from '../registry/resource';
import { mayStopContainers } from './lb-drain';
import type { NodeProvider } from './provider';
import { applyReadinessGates } from './readiness-gates';

/** Conditions the kubelet owns and rewrites; any other (PodScheduled, DisruptionTarget, gates) is kept. */
const KUBELET_CONDITIONS = ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady'];

/**
 * The status to store: the provider's report over what is stored. A kubelet condition whose status
 * did not change keeps its stored lastTransitionTime (so an unchanged pod is not rewritten), fields
 * the kubelet does not own (qosClass, nominatedNodeName, other writers' conditions) stay, and
 * PodScheduled is added if the scheduler was bypassed (spec.nodeName set at create).
 */
export function mergePodStatus(current: PodStatus | undefined, reported: PodStatus): PodStatus {
  const before = new Map((current?.conditions ?? []).map((c) => [c.type, c]));
  const own = (reported.conditions ?? []).map((c): PodCondition => {
    const old = before.get(c.type);
    return old && old.status === c.status && old.lastTransitionTime ? { ...c, lastTransitionTime: old.lastTransitionTime } : c;
  });
  const scheduled = before.get('PodScheduled') ?? { type: 'PodScheduled', status: 'True', lastTransitionTime: reported.startTime };
  const others = (current?.conditions ?? []).filter((c) => c.type !== 'PodScheduled' && !KUBELET_CONDITIONS.includes(c.type));
  return { ...current, ...reported, conditions: [...own, scheduled, ...others] };
}

/**
 * One pass of the kubelet's pod worker over a pod bound to one of the provider's nodes: a deleted
 * pod (once its load balancer targets are deregistered, see lb-drain.ts) has its containers stopped and is then deleted for good (the kubelet's final delete with a
 * zero grace period); any other is started if new and its status written when it changed.
 */
export async function syncPodOnNode(ctx: RestContext, provider: NodeProvider, pod: Pod): Promise<void> {
  const meta = pod.metadata ?? {};
  const nodeName = pod.spec?.nodeName;
  if (!nodeName || !provider.serves(nodeName)) return;
  if (meta.deletionTimestamp) {
    // Behind a load balancer, containers keep serving until the pod's targets are drained and gone.
    if (!mayStopContainers(pod, new Date())) return;
    if (await provider.stopPod(pod)) {
      await remove(ctx, R.pods, pod as KubeObject, { gracePeriodSeconds: 0 });
      provider.forgetPod(String(meta.namespace), String(meta.name));
    }
    return;
  }
  await provider.runPod(pod);
  const reported = await provider.podStatus(pod);
  if (!reported || sameJson(applyReadinessGates(pod.spec, mergePodStatus(pod.status, reported), pod.status), pod.status)) return;
  await writePodStatus(ctx, pod, reported);
}

/** Writes the report over the pod as stored now (re-read on conflict), unless it was replaced or is deleting. */
async function writePodStatus(ctx: RestContext, pod: Pod, reported: PodStatus): Promise<void> {
  await updateStatusOf(ctx, R.pods, pod, (current) =>
    current.metadata.deletionTimestamp ? undefined : applyReadinessGates((current as Pod).spec, mergePodStatus(current.status as PodStatus | undefined, reported), current.status as PodStatus | undefined),
  );
}
