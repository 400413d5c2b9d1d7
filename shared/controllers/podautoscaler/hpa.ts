import type { HorizontalPodAutoscaler, Pod } from '../../api/types';
import { ApiError, NotFoundError } from '../../api/errors';
import { formatLabelSelector, matchesLabels, parseLabelSelector } from '../../api/selectors/labels';
import { usageSourcesOf, type MetricsContext } from '../../metrics/objects';
import { podKey, podUsages } from '../../metrics/usage';
import { resourceByKind } from '../../registry/catalog';
import type { RestContext } from '../../registry/context';
import type { KubeObject, ResourceDef } from '../../registry/resource';
import { updateObject } from '../../registry/update';
import type { ReconcileResult, WorkKey } from '../../runtime/work';
import { get, list, R, systemWrite } from '../client';
import type { Controller } from '../controller';
import { recordEvent, type PlannedEvent } from '../events';
import { imagesOf } from '../workloads/record-images';
import { groupOf, objectsOfAny } from '../workloads/routing';
import { HISTORY_ANNOTATION, readHistory, writeHistory } from './history';
import { planHpa, setCondition, type TargetScale } from './hpa-plan';
import type { PodMetrics } from './replica-calculator';

const NAME = 'horizontal-pod-autoscaler';
const COMPONENT = 'horizontal-pod-autoscaler';
/** --horizontal-pod-autoscaler-sync-period: each autoscaler is synced every 15 s. */
export const SYNC_PERIOD_SECONDS = 15;
/** A sync this recent means another requeue chain keeps this autoscaler: this one stops (see history.ts). */
const RECENT_MS = (SYNC_PERIOD_SECONDS - 2) * 1000;

export const HPA_RESOURCE = 'horizontalpodautoscalers.autoscaling';
const hpaKey = (namespace: string | undefined, name: string): WorkKey => ({ resource: HPA_RESOURCE, namespace, name, controller: NAME });
const kube = (o: object): KubeObject => o as KubeObject;

/**
 * Upstream's horizontal pod autoscaler controller. Like upstream's, it is periodic rather than
 * event-driven: a new or edited autoscaler is synced at once, and each sync asks to run again in
 * 15 s (an SQS delay on AWS, a timer locally). Its own status writes do not wake it.
 */
export const hpaController: Controller = {
  name: NAME,
  filters: [objectsOfAny([HPA_RESOURCE])],
  route(record, key) {
    if (!key || record.eventName === 'REMOVE') return [];
    const images = imagesOf(record);
    if (images.known && images.old && images.new && images.old.metadata.generation === images.new.metadata.generation) return [];
    return [hpaKey(key.namespace, key.name)];
  },
  reconcile: (ctx, key) => syncHpa(ctx, String(key.namespace), key.name),
  async resync(ctx) {
    return (await list(ctx, R.horizontalpodautoscalers)).map((h) => hpaKey(h.metadata.namespace, String(h.metadata.name)));
  },
};

export async function syncHpa(ctx: RestContext & MetricsContext, namespace: string, name: string, now = Date.now()): Promise<ReconcileResult> {
  const hpa = (await get(ctx, R.horizontalpodautoscalers, namespace, name)) as HorizontalPodAutoscaler | undefined;
  if (!hpa?.spec) return {};
  const history = readHistory(hpa);
  const edited = hpa.metadata?.generation !== hpa.status?.observedGeneration;
  if (!edited && history.synced !== undefined && now - history.synced < RECENT_MS && now >= history.synced) return {};
  const requeue = { requeueAfterSeconds: SYNC_PERIOD_SECONDS };
  const ref = hpa.spec.scaleTargetRef;
  const target = await readTarget(ctx, namespace, ref);
  if ('error' in target) {
    const conditions = setCondition(hpa.status?.conditions ?? [], { type: 'AbleToScale', status: 'False', reason: 'FailedGetScale', message: `the HPA controller was unable to get the target's current scale: ${target.error}` }, now);
    await writeHpa(ctx, hpa, { ...hpa.status, desiredReplicas: hpa.status?.desiredReplicas ?? 0, observedGeneration: hpa.metadata?.generation, conditions }, writeHistory({ ...history, synced: now }));
    await recordEvent(ctx, kube(hpa), 'Warning', 'FailedGetScale', target.error, COMPONENT);
    return requeue;
  }
  const pods = target.scale.selector ? await selectedPods(ctx, namespace, target.scale.selector) : [];
  const usages = await podUsages(pods, usageSourcesOf(ctx), now);
  const metricsOf = (resource: string, container?: string): PodMetrics => {
    const out: PodMetrics = new Map();
    for (const pod of pods) {
      const u = usages.get(podKey(pod));
      if (!u) continue;
      const containers = u.containers.filter((c) => !container || c.name === container);
      if (containers.length === 0) continue;
      const value = containers.reduce((a, c) => a + (resource === 'cpu' ? c.cpuMilli : resource === 'memory' ? c.memoryBytes * 1000 : 0), 0);
      if (resource !== 'cpu' && resource !== 'memory') continue;
      out.set(String(pod.metadata?.name), { value, timestamp: u.timestamp, windowMs: u.windowSeconds * 1000 });
    }
    return out;
  };
  const plan = planHpa({ hpa, scale: target.scale, pods, metricsOf, history, now });
  const events: PlannedEvent[] = [...plan.events];
  let status = plan.status;
  if (plan.rescaleTo !== undefined) {
    try {
      await setReplicas(ctx, target.def, namespace, ref.name, plan.rescaleTo);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      const reason = events.find((e) => e.reason === 'SuccessfulRescale')?.message.replace(/^New size: \d+; reason: /, '') ?? '';
      const kept = events.filter((e) => e.reason !== 'SuccessfulRescale');
      kept.push({ type: 'Warning', reason: 'FailedRescale', message: `New size: ${plan.rescaleTo}; reason: ${reason}; error: ${err.message}` });
      const conditions = setCondition(hpa.status?.conditions ?? [], { type: 'AbleToScale', status: 'False', reason: 'FailedUpdateScale', message: `the HPA controller was unable to update the target scale: ${err.message}` }, now);
      status = { ...status, desiredReplicas: hpa.status?.desiredReplicas ?? 0, lastScaleTime: hpa.status?.lastScaleTime, conditions };
      events.splice(0, events.length, ...kept);
    }
  }
  await writeHpa(ctx, hpa, status, writeHistory(plan.history));
  for (const e of events) await recordEvent(ctx, kube(hpa), e.type, e.reason, e.message, COMPONENT);
  return requeue;
}

/** The target's scale (its spec and status replicas and selector), as the scale subresource shows it. */
async function readTarget(ctx: RestContext, namespace: string, ref: { apiVersion?: string; kind: string; name: string }): Promise<{ def: ResourceDef; scale: TargetScale } | { error: string }> {
  const group = groupOf(ref.apiVersion);
  const def = resourceByKind(group, ref.kind);
  if (!def || !def.subresources.includes('scale')) return { error: `no matches for kind "${ref.kind}" in group "${group}"` };
  const obj = await get<{ spec?: unknown; status?: unknown }>(ctx, def, namespace, ref.name);
  if (!obj) return { error: new NotFoundError({ group: def.group, resource: def.resource }, ref.name).message };
  const spec = (obj.spec ?? {}) as { replicas?: number; selector?: Parameters<typeof formatLabelSelector>[0] };
  const status = (obj.status ?? {}) as { replicas?: number };
  const selector = spec.selector ? formatLabelSelector(spec.selector) : '';
  return { def, scale: { specReplicas: spec.replicas ?? 0, statusReplicas: status.replicas ?? 0, selector } };
}

async function selectedPods(ctx: RestContext, namespace: string, selector: string): Promise<Pod[]> {
  const requirements = parseLabelSelector(selector);
  return ((await list(ctx, R.pods, namespace)) as Pod[]).filter((p) => matchesLabels(requirements, p.metadata?.labels ?? {}));
}

/** What PUT on the target's scale subresource does: only spec.replicas changes. */
async function setReplicas(ctx: RestContext, def: ResourceDef, namespace: string, name: string, replicas: number): Promise<void> {
  await updateObject(ctx, def, namespace, name, undefined, (current) => ({ ...current, spec: { ...(current.spec as object), replicas } }), systemWrite(ctx));
}

/** Status and the sync history in one conditional write of the autoscaler as stored now (unless replaced by a namesake). */
async function writeHpa(ctx: RestContext, hpa: HorizontalPodAutoscaler, status: HorizontalPodAutoscaler['status'], history: string): Promise<void> {
  const uid = hpa.metadata?.uid;
  try {
    await updateObject(ctx, R.horizontalpodautoscalers, hpa.metadata?.namespace, String(hpa.metadata?.name), undefined, (current) => {
      if (current.metadata.uid !== uid) return current;
      const annotations = { ...((current.metadata.annotations as Record<string, string> | undefined) ?? {}), [HISTORY_ANNOTATION]: history };
      return { ...current, metadata: { ...current.metadata, annotations }, status };
    }, { ...systemWrite(ctx), statusToo: true });
  } catch (err) {
    if (!(err instanceof NotFoundError)) throw err;
  }
}
