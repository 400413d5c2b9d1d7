import { BadRequestError, InvalidError, UnsupportedMediaTypeError } from '../api/errors';
import { applyJsonPatch } from '../api/patch/json-patch';
import { applyMergePatch } from '../api/patch/merge-patch';
import { PatchError } from '../api/patch/errors';
import { applyStrategicMergePatch } from '../api/patch/strategic-merge-patch';
import { mergeKeysFor } from '../api/patch/patch-strategies';
import { KubeObject, ResourceDef } from '../registry/resource';
import { applyConfiguration } from './apply';
import { parseBody } from './body';
import { mediaType } from './media';
import { ApiRequest } from './http';
import { WriteQuery } from './options';
import type { PatchPlan } from './patch-plan';

export type { PatchPlan } from './patch-plan';

/** Chooses the patch semantics from the Content-Type, as kube-apiserver does. */
export function patchFunction(def: ResourceDef, req: ApiRequest, q: WriteQuery): PatchPlan {
  const type = mediaType(req.headers['content-type']);
  const raw = req.body ?? '';
  const wrap = (fn: (current: KubeObject) => unknown) => (current: KubeObject) => {
    try {
      return fn(current);
    } catch (err) {
      if (err instanceof PatchError) {
        throw new InvalidError(def.kind, def.group, String(current.metadata.name), [{ reason: 'FieldValueInvalid', message: err.message }]);
      }
      throw err;
    }
  };
  switch (type) {
    case 'application/json-patch+json': {
      const ops = parseBody(raw, 'application/json');
      if (!Array.isArray(ops)) throw new BadRequestError('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
      return { apply: wrap((current) => applyJsonPatch(current, ops)) };
    }
    case 'application/merge-patch+json': {
      const patch = parseBody(raw, 'application/json');
      return { apply: wrap((current) => applyMergePatch(current, patch)) };
    }
    case 'application/strategic-merge-patch+json': {
      const patch = parseBody(raw, 'application/json');
      if (!patch || typeof patch !== 'object' || Array.isArray(patch)) throw new BadRequestError('the body of a strategic merge patch must be an object');
      return { apply: wrap((current) => applyStrategicMergePatch(current, patch, mergeKeysFor(def.kind))) };
    }
    case 'application/apply-patch+yaml':
    case 'application/apply-patch+json': {
      const config = parseBody(raw, 'application/yaml');
      if (!q.fieldManager) throw new BadRequestError('PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch');
      return applyConfiguration(def, config, q.fieldManager, q.force);
    }
    default:
      throw new UnsupportedMediaTypeError(type);
  }
}
