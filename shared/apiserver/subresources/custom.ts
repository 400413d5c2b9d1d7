import { ApiError, BadRequestError, MethodNotAllowedError, NotFoundError } from '../../api/errors';
import { applyJsonPatch } from '../../api/patch/json-patch';
import { applyMergePatch } from '../../api/patch/merge-patch';
import { evaluateJsonPath, setSimplePath } from '../../registry/custom/jsonpath';
import { KubeObject, ResourceDef, storageKey } from '../../registry/resource';
import { updateObject } from '../../registry/update';
import { parseBody } from '../body';
import { ApiContext } from '../context';
import { ApiRequest, ApiResponse, json } from '../http';
import { mediaType } from '../media';
import { writeQuery } from '../options';
import { PROTOBUF_MEDIA_TYPE } from '../protobuf/decode';
import { scaleObject } from './scale';

type Obj = Record<string, unknown>;

const unsupported = (type: string, accepted: string[]): ApiError =>
  new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')} (got ${type})`);

/**
 * Custom resources have no protobuf encoding and no strategic merge (their schemas carry no patch
 * strategies): upstream answers both with 415, so clients fall back to JSON and merge patches.
 */
export function checkCustomResourceBody(req: ApiRequest): void {
  const type = req.headers['content-type'];
  if (type === undefined || (req.method !== 'POST' && req.method !== 'PUT' && req.method !== 'PATCH')) return;
  const media = mediaType(type);
  if (req.method === 'PATCH') {
    if (media === 'application/strategic-merge-patch+json') {
      throw unsupported(media, ['application/json-patch+json', 'application/merge-patch+json', 'application/apply-patch+yaml']);
    }
  } else if (media === PROTOBUF_MEDIA_TYPE) {
    throw unsupported(media, ['application/json', 'application/yaml']);
  }
}

/** The autoscaling/v1 Scale of a custom resource, from its definition's replica and selector paths. */
export function customScaleOf(def: ResourceDef, obj: KubeObject): Obj {
  const scale = def.custom?.scale;
  if (!scale) throw new NotFoundError({ group: def.group, resource: `${def.resource}/scale` }, String(obj.metadata.name));
  const [spec] = evaluateJsonPath(scale.specReplicasPath, obj);
  const [status] = evaluateJsonPath(scale.statusReplicasPath, obj);
  const [selector] = scale.labelSelectorPath ? evaluateJsonPath(scale.labelSelectorPath, obj) : [];
  return scaleObject(obj, typeof spec === 'number' ? spec : 0, typeof status === 'number' ? status : 0, typeof selector === 'string' && selector ? selector : undefined);
}

export async function customScale(ctx: ApiContext, req: ApiRequest, def: ResourceDef, namespace: string | undefined, name: string): Promise<ApiResponse> {
  if (req.method === 'GET') {
    const obj = await ctx.store.get(storageKey(def), namespace, name);
    if (!obj) throw new NotFoundError({ group: def.group, resource: def.resource }, name);
    return json(200, customScaleOf(def, obj as KubeObject));
  }
  if (req.method !== 'PUT' && req.method !== 'PATCH') throw new MethodNotAllowedError();
  const body = parseBody(req.body, req.headers['content-type'], req.rawBody);
  const path = String(def.custom?.scale?.specReplicasPath);
  const change = (current: KubeObject) => {
    const before = customScaleOf(def, current);
    let desired: Obj;
    if (req.method === 'PUT') desired = body as Obj;
    else if (mediaType(req.headers['content-type']) === 'application/json-patch+json') desired = applyJsonPatch(before, body as never) as Obj;
    else desired = applyMergePatch(before, body) as Obj;
    const replicas = (desired.spec as Obj | undefined)?.replicas;
    if (typeof replicas !== 'number' || !Number.isInteger(replicas)) throw new BadRequestError('spec.replicas: Required value');
    const rv = (desired.metadata as Obj | undefined)?.resourceVersion;
    const next = structuredClone(current);
    setSimplePath(next, path, replicas);
    next.metadata.resourceVersion = req.method === 'PUT' && typeof rv === 'string' ? rv : undefined;
    return next;
  };
  const result = await updateObject(ctx, def, namespace, name, undefined, change, { ...writeQuery(req.query), userAgent: req.headers['user-agent'] });
  return json(200, customScaleOf(def, result.object));
}
