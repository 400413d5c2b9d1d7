import { BadRequestError } from '../api/errors';
import { JsonObject, toJsonValue } from '../api/patch/json';
import { apiVersionOf, hasStatus, KubeObject, ResourceDef } from '../registry/resource';
import { applyFields } from '../api/fieldmanager/apply';
import type { PatchPlan } from './patch-plan';

/**
 * Server-side apply (application/apply-patch+yaml): the applied configuration is merged into the
 * live object with field ownership tracked per manager in managedFields; see
 * shared/api/fieldmanager/apply.ts for the semantics (conflicts, force, removal of fields
 * the manager stopped applying).
 */
export function applyConfiguration(def: ResourceDef, config: unknown, manager: string, force: boolean): PatchPlan {
  if (!config || typeof config !== 'object' || Array.isArray(config)) throw new BadRequestError('the body of an apply patch must be an object');
  const applied = toJsonValue(config) as JsonObject;
  const expected = apiVersionOf(def);
  if (applied.apiVersion !== undefined && applied.apiVersion !== expected) {
    throw new BadRequestError(`Incorrect version specified in apply patch. Specified patch version: ${String(applied.apiVersion)}, expected: ${expected}`);
  }
  const meta = applied.metadata;
  if (meta && typeof meta === 'object' && !Array.isArray(meta) && meta.managedFields !== undefined && meta.managedFields !== null) {
    throw new BadRequestError('metadata.managedFields must be nil');
  }
  const run = (live: KubeObject | undefined) =>
    applyFields({
      kind: def.kind,
      schema: def.custom?.schema,
      apiVersion: expected,
      hasStatus: hasStatus(def),
      live: live ? (toJsonValue(live) as JsonObject) : undefined,
      config: applied,
      manager,
      force,
    });
  return {
    fieldValidation: 'Strict',
    applied: true,
    createIfMissing: () => run(undefined),
    apply: (current: KubeObject) => run(current),
  };
}
