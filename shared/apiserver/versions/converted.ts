import { InvalidError, MethodNotAllowedError, NotFoundError, StatusCause } from '../../api/errors';
import { findResource } from '../../registry/catalog';
import { createObject } from '../../registry/create';
import { deleteObject } from '../../registry/delete';
import { decodeObject } from '../../registry/decode';
import { hpaFromV1, hpaToV1 } from '../../registry/kinds/hpa-conversion';
import { eventFromEventsV1, eventToEventsV1 } from '../../registry/kinds/event-conversion';
import { strictEventCreateCauses, strictEventUpdateCauses } from '../../registry/kinds/event-validate';
import type { Event } from '../../api/types';
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
import { queryBool } from '../query-bool';
import { serveWatch } from '../watch';

/** A served version that is a view of another, stored one (upstream's conversion through the internal version). */
interface ConvertedVersion {
  stored: () => ResourceDef;
  toServed(stored: KubeObject): KubeObject;
  fromServed(body: unknown, stored?: KubeObject): KubeObject;
  /**
   * Checks only writes through this version get, on the converted (stored-form) object; `old` is
   * set on update (upstream validates events by the request's version).
   */
  validate?(obj: KubeObject, old?: KubeObject): StatusCause[];
}

const VIEWS: Record<string, ConvertedVersion> = {
  'autoscaling/v1/horizontalpodautoscalers': {
    stored: () => findResource('autoscaling', 'v2', 'horizontalpodautoscalers') as ResourceDef,
    toServed: hpaToV1,
    fromServed: hpaFromV1,
  },
  'events.k8s.io/v1/events': {
    stored: () => findResource('', 'v1', 'events') as ResourceDef,
    toServed: eventToEventsV1,
    fromServed: eventFromEventsV1,
    validate: (obj, old) => (old ? strictEventUpdateCauses(obj as Event, old as Event) : strictEventCreateCauses(obj as Event)),
  },
};

export function convertedVersionOf(def: ResourceDef): ConvertedVersion | undefined {
  return VIEWS[`${def.group}/${def.version}/${def.resource}`];
}

/**
 * Requests to a converted version: bodies converted to the stored version before the registry
 * (defaults, validation, storage) sees them, answers converted back. Tables print from the stored
 * version (the printer's); watches stream the stored objects converted.
 */
export async function serveConverted(ctx: ApiContext, req: ApiRequest, route: ResourceRoute, def: ResourceDef, view: ConvertedVersion): Promise<ApiResponse> {
  const stored = view.stored();
  const namespace = def.namespaced ? route.namespace : undefined;
  const q = () => ({ ...writeQuery(req.query), userAgent: req.headers['user-agent'] });
  // The body is decoded as the served kind first (its unknown fields, its apiVersion), then converted.
  const warnings: string[] = [];
  const served = (raw: unknown) => {
    const decoded = decodeObject(def, raw, q().fieldValidation);
    warnings.push(...decoded.warnings);
    return decoded.object;
  };
  const body = () => served(parseBody(req.body, req.headers['content-type'], req.rawBody));
  const checked = (obj: KubeObject, old?: KubeObject): KubeObject => {
    const causes = view.validate?.(obj, old) ?? [];
    if (causes.length > 0) throw new InvalidError(stored.kind, stored.group, String(obj.metadata?.name ?? old?.metadata.name ?? ''), causes);
    return obj;
  };
  const answer = (obj: KubeObject, code: number, more: string[] = []) => {
    const all = [...warnings, ...more];
    return wantsTable(req) ? respondObject(req, stored, obj, code, all) : respondObject(req, def, view.toServed(obj), code, all);
  };
  const sub = route.subresource;
  if (route.watch || (!route.name && req.method === 'GET' && queryBool(req.query, 'watch'))) {
    if (req.method !== 'GET' || !def.verbs.includes('watch')) throw new MethodNotAllowedError();
    const query = new URLSearchParams(req.query);
    if (route.name) query.set('fieldSelector', [`metadata.name=${route.name}`, query.get('fieldSelector')].filter(Boolean).join(','));
    return serveWatch(ctx, { ...req, query }, stored, namespace, { def, toServed: view.toServed });
  }
  if (!route.name) {
    if (req.method === 'GET') {
      const matcher = buildMatcher(stored, req.query);
      const page = await ctx.store.list(storageKey(stored), namespace, { accept: (o) => matcher(o as KubeObject) });
      const items = page.items as KubeObject[];
      const meta = { resourceVersion: String(page.resourceVersion) };
      return wantsTable(req) ? respondList(req, stored, items, meta) : respondList(req, def, items.map(view.toServed), meta);
    }
    if (req.method === 'POST') {
      const result = await createObject(ctx, stored, namespace, checked(view.fromServed(body())), q());
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
      const result = await updateObject(ctx, stored, namespace, name, sub, (current) => checked(view.fromServed(desired, current), current), q());
      return answer(result.object, 200, result.warnings);
    }
    case 'PATCH': {
      const patch = patchFunction(def, req, q());
      const result = await updateObject(ctx, stored, namespace, name, sub, (current) => checked(view.fromServed(served(patch.apply(view.toServed(current))), current), current), {
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
