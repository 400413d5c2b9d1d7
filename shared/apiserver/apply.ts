import { BadRequestError } from '../api/errors';
import { applyStrategicMergePatch } from '../api/patch/strategic-merge-patch';
import { mergeKeysFor } from '../api/patch/patch-strategies';
import { KubeObject, ResourceDef } from '../registry/resource';
import { nowTimestamp } from '../registry/time';
import type { PatchPlan } from './patch';

type Obj = Record<string, unknown>;

/**
 * Server-side apply (application/apply-patch+yaml): the applied configuration is merged into the
 * live object with the kind's merge keys and the manager is recorded in managedFields.
 * Field ownership (conflicts between managers, removal of fields a manager stopped applying)
 * builds on this; see docs/api.md for what is covered today.
 */
export function applyConfiguration(def: ResourceDef, config: unknown, manager: string, _force: boolean): PatchPlan {
  if (!config || typeof config !== 'object' || Array.isArray(config)) throw new BadRequestError('the body of an apply patch must be an object');
  const applied = config as Obj;
  return {
    fieldValidation: 'Strict',
    createIfMissing: () => withManager(structuredClone(applied), manager, applied),
    apply: (current: KubeObject) => {
      const merged = applyStrategicMergePatch(current, stripForMerge(applied), mergeKeysFor(def.kind)) as KubeObject;
      return withManager(merged, manager, applied);
    },
  };
}

function stripForMerge(applied: Obj): Obj {
  const copy = structuredClone(applied);
  const meta = (copy.metadata ?? {}) as Obj;
  delete meta.resourceVersion;
  delete meta.managedFields;
  return copy;
}

/** Records `manager`'s Apply entry with the set of fields it applied (fieldsV1 form). */
function withManager(obj: Obj, manager: string, applied: Obj): Obj {
  const meta = (obj.metadata ??= {}) as Obj;
  const entries = ((meta.managedFields as Obj[] | undefined) ?? []).filter((e) => !(e.manager === manager && e.operation === 'Apply'));
  const { apiVersion, kind: _kind, ...fields } = applied;
  entries.push({
    manager,
    operation: 'Apply',
    apiVersion: String(apiVersion ?? ''),
    time: nowTimestamp(),
    fieldsType: 'FieldsV1',
    fieldsV1: fieldSet(fields),
  });
  meta.managedFields = entries;
  return obj;
}

/** Converts an applied object into upstream's fieldsV1 shape: `f:<field>` for maps, `k:`/`v:` for list items. */
export function fieldSet(value: unknown): Obj {
  const out: Obj = {};
  if (!value || typeof value !== 'object' || Array.isArray(value)) return out;
  for (const [key, v] of Object.entries(value as Obj)) {
    if (key === 'metadata' && v && typeof v === 'object') {
      const meta = v as Obj;
      const sub: Obj = {};
      for (const mk of ['labels', 'annotations']) if (meta[mk]) sub[`f:${mk}`] = fieldSet(meta[mk]);
      if (Object.keys(sub).length > 0) out['f:metadata'] = sub;
      continue;
    }
    if (Array.isArray(v)) {
      const items: Obj = {};
      for (const item of v) {
        if (item && typeof item === 'object' && !Array.isArray(item) && 'name' in (item as Obj)) {
          items[`k:${JSON.stringify({ name: (item as Obj).name })}`] = { '.': {}, ...fieldSet(item) };
        } else if (item === null || typeof item !== 'object') items[`v:${JSON.stringify(item)}`] = {};
      }
      out[`f:${key}`] = Object.keys(items).length > 0 ? items : {};
    } else if (v && typeof v === 'object') out[`f:${key}`] = fieldSet(v);
    else out[`f:${key}`] = {};
  }
  return out;
}
