/**
 * A webhook's namespaceSelector (against the labels of the request's namespace; for a Namespace,
 * its own; cluster-scoped objects always match) and objectSelector (against the object's or the
 * old object's labels), as upstream's matchers decide them. An absent selector selects everything.
 */
import { matchesLabelSelector } from '../../api/selectors/labels';
import type { LabelSelector, Namespace } from '../../api/types';
import type { StrategyContext } from '../../registry/resource';
import type { AdmissionAttributes } from '../attributes';

type Labels = Record<string, string>;

const labelsOf = (obj: unknown): Labels => ((obj as { metadata?: { labels?: Labels } } | undefined)?.metadata?.labels ?? {});

async function namespaceLabels(ctx: StrategyContext, attrs: AdmissionAttributes): Promise<Labels | undefined> {
  const { def } = attrs;
  if (def.group === '' && def.resource === 'namespaces') return labelsOf(attrs.object ?? attrs.oldObject);
  if (!def.namespaced || !attrs.namespace) return undefined;
  const ns = (await ctx.store.get('namespaces', undefined, attrs.namespace)) as Namespace | undefined;
  return ns?.metadata?.labels ?? {};
}

export async function selectorsMatch(
  ctx: StrategyContext,
  hook: { namespaceSelector?: LabelSelector; objectSelector?: LabelSelector },
  attrs: AdmissionAttributes,
): Promise<boolean> {
  const objectSel = hook.objectSelector ?? {};
  const objectOk = [attrs.object, attrs.oldObject].some((o) => o !== undefined && matchesLabelSelector(objectSel, labelsOf(o)));
  if (!objectOk) return false;
  const nsSel = hook.namespaceSelector ?? {};
  if (Object.keys(nsSel).length === 0) return true;
  const labels = await namespaceLabels(ctx, attrs);
  return labels === undefined || matchesLabelSelector(nsSel, labels);
}
