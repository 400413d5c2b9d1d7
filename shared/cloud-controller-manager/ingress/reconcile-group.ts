import type { Ingress } from '../../api/types';
import { NotFoundError } from '../../api/errors';
import { R, systemWrite, updateStatusOf } from '../../controllers/client';
import type { RestContext } from '../../registry/context';
import { updateObject } from '../../registry/update';
import type { ReconcileResult } from '../../runtime/work';
import type { FailureBackoff } from '../cloud';
import type { LbAws } from '../elb/aws';
import { awsErrorText } from '../elb/aws';
import { deleteLoadBalancer, ensureLoadBalancer } from '../elb/apply';
import type { Found } from '../elb/discover';
import { TAG } from '../elb/model';
import { syncTargets } from '../elb/targets';
import { targetsOfPort } from '../service/targets';
import { parseIngressAnnotations } from './annotations';
import type { ClusterView } from './view';
import { IngressEvents, REASON } from './events';
import { groupOf, INGRESS_FINALIZER, isOurIngress, Member, planIngressGroup } from './plan';

const holds = (ing: Ingress) => !!ing.metadata?.finalizers?.includes(INGRESS_FINALIZER);

/**
 * One Ingress group: its members (Skiff's class, not being deleted) planned as one ALB and applied;
 * no members left, everything found for the group by tags is removed. Then the finalizer comes off
 * the Ingresses that left (deleted, or of another class now). Bad input keeps the last good ALB,
 * whose targets still follow the endpoints.
 */
export async function reconcileGroup(ctx: RestContext, aws: LbAws, events: IngressEvents, backoff: FailureBackoff, owner: string, view: ClusterView, found: Found): Promise<ReconcileResult> {
  const inGroup = view.ingresses.filter((i) => groupOf(i).owner === owner);
  const ours = inGroup.filter((i) => isOurIngress(i, view.classes) && !i.metadata?.deletionTimestamp);
  const leaving = view.ingresses.filter((i) => holds(i) && ((i.metadata?.deletionTimestamp && groupOf(i).owner === owner) || !isOurIngress(i, view.classes)));
  try {
    if (ours.length === 0) {
      await deleteLoadBalancer(aws, found);
    } else {
      for (const ing of ours) if (!holds(ing)) await setFinalizer(ctx, ing, true);
      const members: Member[] = [];
      const problems: { ingress: Ingress; message: string }[] = [];
      for (const ingress of ours) {
        const parsed = parseIngressAnnotations(ingress);
        if (parsed.ok) members.push({ ingress, options: parsed.options });
        else problems.push(...parsed.problems.map((message) => ({ ingress, message })));
      }
      const plan = problems.length === 0 ? planIngressGroup(aws.settings.cluster, groupOf(ours[0]), members, view) : { ok: false as const, problems };
      if (!plan.ok) {
        for (const p of plan.problems) await events.warnOnce(ctx, p.ingress, REASON.failedBuild, `Failed build model due to ${p.message}`);
        await followEndpoints(aws, found, view);
        return {};
      }
      const ensured = await ensureLoadBalancer(aws, plan.lb, found);
      for (const ing of ours) {
        if (ensured.changed || !sameHostname(ing, ensured.dnsName)) await events.reconciled(ctx, ing);
        await writeHostname(ctx, ing, ensured.dnsName);
      }
    }
    backoff.succeeded(owner);
  } catch (err) {
    const retry = backoff.failed(owner);
    for (const ing of ours) await events.warnOnce(ctx, ing, REASON.failedDeploy, `Failed deploy model due to ${awsErrorText(err)}`);
    return { requeueAfterSeconds: retry };
  }
  for (const ing of leaving) {
    events.forget(ing);
    if (ing.status?.loadBalancer?.ingress?.length && !ing.metadata?.deletionTimestamp) await writeHostname(ctx, ing, undefined);
    await setFinalizer(ctx, ing, false);
  }
  return {};
}

/** The targets of the target groups that exist, from the endpoints of the Service ports their keys name. */
async function followEndpoints(aws: LbAws, found: Found, view: ClusterView): Promise<void> {
  for (const tg of found.targetGroups) {
    const m = /^([^/]+)\/([^:]+):(.+)$/.exec(tg.tags[TAG.targetGroupKey] ?? '');
    if (!m) continue;
    const [, namespace, name, port] = m;
    const svc = view.services.find((s) => s.metadata?.namespace === namespace && s.metadata?.name === name);
    const sp = svc?.spec?.ports?.find((p) => (p.name || String(p.port)) === port);
    if (!svc || !sp) continue;
    const slices = view.slices.filter((s) => s.metadata?.namespace === namespace && s.metadata?.labels?.['kubernetes.io/service-name'] === name);
    await syncTargets(aws, String(tg.TargetGroupArn), targetsOfPort(svc, sp, slices, view.pods.filter((p) => p.metadata?.namespace === namespace)));
  }
}

const sameHostname = (ing: Ingress, hostname: string) => ing.status?.loadBalancer?.ingress?.[0]?.hostname === hostname;

async function writeHostname(ctx: RestContext, ing: Ingress, hostname: string | undefined): Promise<void> {
  const want = hostname ? [{ hostname }] : undefined;
  if (JSON.stringify(ing.status?.loadBalancer?.ingress) === JSON.stringify(want)) return;
  await updateStatusOf(ctx, R.ingresses, ing, (current) => ({ ...(current.status as object), loadBalancer: want ? { ingress: want } : {} }));
}

/** Adds or removes the finalizer on the Ingress as stored now (unless replaced by a namesake). */
async function setFinalizer(ctx: RestContext, ing: Ingress, present: boolean): Promise<void> {
  try {
    await updateObject(ctx, R.ingresses, ing.metadata?.namespace, String(ing.metadata?.name), undefined, (current) => {
      if (current.metadata.uid !== ing.metadata?.uid) return current;
      const others = ((current.metadata.finalizers as string[] | undefined) ?? []).filter((f) => f !== INGRESS_FINALIZER);
      const finalizers = present ? [...others, INGRESS_FINALIZER] : others;
      return { ...current, metadata: { ...current.metadata, finalizers: finalizers.length ? finalizers : undefined } };
    }, systemWrite(ctx));
  } catch (err) {
    if (!(err instanceof NotFoundError)) throw err;
  }
}
