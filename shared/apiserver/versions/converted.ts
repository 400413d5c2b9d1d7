import { MethodNotAllowedError, NotFoundError } from '../../api/errors';
import { findResource } from '../../registry/catalog';
import { createObject } from '../../registry/create';
import { deleteObject } from '../../registry/delete';
import { hpaFromV1, hpaToV1 } from '../../registry/kinds/hpa-conversion';
import { KubeObject, ResourceDef, storageKey } from '../../registry/resource';
import { updateObject } from '../../registry/update';
import { parseBody } from '../body';
import type { ApiContext } from '../context';
import { deleteOptions } from '../delete-options';
import type { ApiRequest, ApiResponse } from '../http';
import { buildMatcher } from '../list-query';
import { writeQuery } from '../options';
import { patchFunction } from '../patch';
import { wantsTable } from '../printers/table';
import { respondList, respondObject } from '../respond';
import type { ResourceRoute } from '../route';

/** A served version that is a view of another, stored one (upstream's conversion through the internal version). */
interface ConvertedVersion {
  stored: () => ResourceDef;
  toServed(stored: KubeObject): KubeObject;
  fromServed(body: unknown, stored?: KubeObject): KubeObject;
}

const VIEWS: Record<string, ConvertedVersion> = {
  'autoscaling/v1/horizontalpodautoscalers': {
    stored: () => findResource('autoscaling', 'v2', 'horizontalpodautoscalers') as ResourceDef,
    toServed: hpaToV1,
    fromServed: hpaFromV1,
  },
};

export function convertedVersionOf(def: ResourceDef): ConvertedVersion | undefined {
  return VIEWS[`${def.group}/${def.version}/${def.resource}`];
}

/**
 * Requests to a converted version: bodies converted to the stored version before the registry
 * (defaults, validation, storage) sees them, answers converted back. Tables print from the stored
 * version (the printer's). Watches of a converted version are not served (405).
 */
export async function serveConverted(ctx: ApiContext, req: ApiRequest, route: ResourceRoute, def: ResourceDef, view: ConvertedVersion): Promise<ApiResponse> {
  const stored = view.stored();
  const namespace = def.namespaced ? route.namespace : undefined;
  const q = () => ({ ...writeQuery(req.query), userAgent: req.headers['user-agent'] });
  const body = () => parseBody(req.body, req.headers['content-type'], req.rawBody);
  const answer = (obj: KubeObject, code: number, warnings: string[] = []) =>
    wantsTable(req) ? respondObject(req, stored, obj, code, warnings) : respondObject(req, def, view.toServed(obj), code, warnings);
  const sub = route.subresource;
  if (req.query.get('watch') === 'true' || req.query.get('watch') === '1' || route.watch) throw new MethodNotAllowedError();
  if (!route.name) {
    if (req.method === 'GET') {
      const matcher = buildMatcher(stored, req.query);
      const page = await ctx.store.list(storageKey(stored), namespace, { accept: (o) => matcher(o as KubeObject) });
      const items = page.items as KubeObject[];
      const meta = { resourceVersion: String(page.resourceVersion) };
      return wantsTable(req) ? respondList(req, stored, items, meta) : respondList(req, def, items.map(view.toServed), meta);
    }
    if (req.method === 'POST') {
      const result = await createObject(ctx, stored, namespace, view.fromServed(body()), q());
      return answer(result.object, 201, result.warnings);
    }
    throw new MethodNotAllowedError();
  }
  const name = route.name;
  switch (req.method) {
    case 'GET': {
      const obj = await ctx.store.get(storageKey(stored), namespace, name);
      if (!obj) throw new NotFoundError({ group: def.group, resource: def.resource }, name);
      return answer(obj as KubeObject, 200);
    }
    case 'PUT': {
      const desired = body();
      const result = await updateObject(ctx, stored, namespace, name, sub, (current) => view.fromServed(desired, current), q());
      return answer(result.object, 200, result.warnings);
    }
    case 'PATCH': {
      const patch = patchFunction(def, req, q());
      const result = await updateObject(ctx, stored, namespace, name, sub, (current) => view.fromServed(patch.apply(view.toServed(current)), current), {
        ...q(),
        applied: patch.applied,
        fieldValidation: patch.fieldValidation ?? q().fieldValidation,
      });
      return answer(result.object, 200, result.warnings);
    }
    case 'DELETE': {
      if (sub) throw new MethodNotAllowedError();
      const result = await deleteObject(ctx, stored, namespace, name, deleteOptions(req));
      return answer(result.object, 200);
    }
    default:
      throw new MethodNotAllowedError();
  }
}
