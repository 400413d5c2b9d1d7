/**
 * A binding's parameter objects, as upstream collects them: paramRef.name (one object) or
 * paramRef.selector (every object it selects), in paramRef.namespace or, for a namespaced paramKind
 * without one, the request's namespace. Read through the admission cache (same bound as policies).
 */
import type { ParamKind, ParamRef } from '../../api/types';
import { matchesLabelSelector } from '../../api/selectors/labels';
import { allResources } from '../../registry/custom/registry';
import { KubeObject, StrategyContext, storageKey } from '../../registry/resource';
import type { AdmissionAttributes } from '../attributes';
import { cachedList } from '../cache';

export class ConfigError extends Error {}

export async function collectParams(ctx: StrategyContext, kind: ParamKind, ref: ParamRef | undefined, attrs: AdmissionAttributes): Promise<KubeObject[]> {
  const [group, version] = (kind.apiVersion ?? '').includes('/') ? (kind.apiVersion ?? '').split('/') : ['', kind.apiVersion ?? ''];
  const def = (await allResources(ctx.store)).find((d) => d.group === group && d.version === version && d.kind === kind.kind);
  if (!def) throw new ConfigError(`failed to find resource referenced by paramKind: '${group ? `${group}/` : ''}${version}, Kind=${kind.kind ?? ''}'`);
  if (!ref) throw new ConfigError('paramRef is required when paramKind is set');
  let namespace: string | undefined;
  if (def.namespaced) {
    namespace = ref.namespace || attrs.namespace;
    if (!namespace) throw new ConfigError('cannot use namespaced paramRef in policy binding that matches cluster-scoped resources');
  }
  const items = await cachedList<KubeObject>(ctx, storageKey(def), namespace);
  const found = ref.name
    ? items.filter((o) => o.metadata?.name === ref.name)
    : items.filter((o) => matchesLabelSelector(ref.selector ?? {}, (o.metadata?.labels as Record<string, string> | undefined) ?? {}));
  if (found.length === 0 && ref.parameterNotFoundAction !== 'Allow') {
    throw new ConfigError('no params found for policy binding with `Deny` parameterNotFoundAction');
  }
  return found;
}
