import { randomUUID } from 'node:crypto';
import { AlreadyExistsError, BadRequestError, ConflictError, InvalidError, STALE_OBJECT_MESSAGE } from '../api/errors';
import { generateName } from '../api/validation/names';
import { CompanionWriteFailed, PreconditionFailed, SideWriteFailed } from '../storage/errors';
import { NamespaceGuard } from '../storage/store';
import { decodeObject } from './decode';
import { mapStoreError } from './errors-map';
import { validateMeta } from './meta';
import { hasStatus, storedApiVersion, KubeObject, ResourceDef, SideWrites, storageKey } from './resource';
import { RestContext, WriteOptions, WriteResult } from './context';
import { nowTimestamp } from './time';
import { fieldManagerName, recordUpdate } from '../api/fieldmanager/update';
import { mutatingAdmission, validatingAdmission } from '../admission/chain';
import type { AdmissionAttributes } from '../admission/attributes';

const GENERATE_NAME_ATTEMPTS = 3;
/** Admissions of one create whose companion writes (a quota's usage) or checks keep finding their items changed. */
const COMPANION_ATTEMPTS = 5;

/** POST: decode, default, validate, then one conditional transaction (object, change, allocations). */
export async function createObject(
  ctx: RestContext,
  def: ResourceDef,
  namespace: string | undefined,
  raw: unknown,
  opts: WriteOptions,
): Promise<WriteResult> {
  const { object, warnings } = decodeForCreate(def, namespace, raw, opts);
  return commitCreate(ctx, def, object, warnings, opts);
}

/** A create's body decoded, its namespace taken from the request when it names none. */
export function decodeForCreate(def: ResourceDef, namespace: string | undefined, raw: unknown, opts: WriteOptions): { object: KubeObject; warnings: string[] } {
  const { object, warnings } = decodeObject(def, raw, opts.fieldValidation);
  const meta = object.metadata ?? {};
  object.metadata = meta;
  if (def.namespaced) {
    if (meta.namespace && namespace && meta.namespace !== namespace) {
      throw new BadRequestError('the namespace of the provided object does not match the namespace sent on the request');
    }
    meta.namespace = namespace ?? meta.namespace;
  }
  return { object, warnings };
}

/** One attempt's candidate, prepared and admitted: what its commit writes and the warnings it earned. */
export interface AdmittedCreate {
  candidate: KubeObject;
  attrs: AdmissionAttributes;
  warnings: string[];
  side?: SideWrites;
}

/** Prepares a decoded object for a create attempt: defaults, managed fields, mutating admission, validation, validating admission, allocations. */
export async function admitCreate(ctx: RestContext, def: ResourceDef, object: KubeObject, opts: WriteOptions, attempt: number): Promise<AdmittedCreate> {
  const candidate = prepareCreate(def, structuredClone(object));
  if (!opts.applied) recordUpdate(def, undefined, candidate, fieldManagerName(opts.fieldManager, opts.userAgent));
  await def.strategy.admit?.(ctx, candidate);
  await def.strategy.authorizeWrite?.(ctx, candidate, undefined, opts.user);
  const attrs: AdmissionAttributes = {
    operation: 'CREATE',
    def,
    object: candidate,
    namespace: def.namespaced ? String(candidate.metadata.namespace) : undefined,
    name: String(candidate.metadata.name ?? ''),
    dryRun: opts.dryRun,
    user: opts.user,
    options: { kind: 'CreateOptions', apiVersion: 'meta.k8s.io/v1', ...(opts.fieldManager ? { fieldManager: opts.fieldManager } : {}) },
  };
  const warnings = [...(await mutatingAdmission(ctx, attrs))];
  const name = String(candidate.metadata.name ?? '');
  const causes = [...validateMeta(def, candidate), ...(def.strategy.validate?.(candidate) ?? [])];
  if (causes.length > 0) throw new InvalidError(def.kind, def.group, name, causes);
  warnings.push(...(await validatingAdmission(ctx, attrs)));
  if (attempt === 1) warnings.push(...(def.strategy.warnings?.(candidate) ?? []));
  const side = await def.strategy.allocate?.(ctx, candidate);
  return { candidate, attrs, warnings, side };
}

/**
 * Admits and commits a decoded object, admitting it again when its commit found a companion or a
 * check changed (or, for a generated name, the name taken). `first` is an attempt already admitted
 * (by a create of several objects whose joint commit did not happen).
 */
export async function commitCreate(ctx: RestContext, def: ResourceDef, object: KubeObject, warnings: string[], opts: WriteOptions, first?: AdmittedCreate): Promise<WriteResult> {
  const meta = object.metadata;
  for (let attempt = 1; ; attempt++) {
    const { candidate, attrs, warnings: admitted, side } = attempt === 1 && first ? first : await admitCreate(ctx, def, object, opts, attempt);
    const name = String(candidate.metadata.name ?? '');
    warnings.push(...admitted);
    if (opts.dryRun) return { object: candidate, warnings, created: true };
    try {
      const guard = def.namespaced ? new NamespaceGuard(String(candidate.metadata.namespace)) : undefined;
      const sideWrites = [...(side?.writes ?? []), ...(attrs.checks ?? []).map((c) => c.write)];
      const stored = await ctx.store.create(storageKey(def), candidate, { guard, sideWrites, companions: attrs.companions });
      return { object: stored as KubeObject, warnings, created: true };
    } catch (err) {
      const check = err instanceof SideWriteFailed ? attrs.checks?.[err.index - (side?.writes.length ?? 0)] : undefined;
      if (check) {
        check.failed();
        if (attempt < COMPANION_ATTEMPTS) continue;
        throw new ConflictError({ group: def.group, resource: def.resource }, name, STALE_OBJECT_MESSAGE);
      }
      if (err instanceof CompanionWriteFailed) {
        if (attempt < COMPANION_ATTEMPTS) continue;
        const companion = attrs.companions?.[err.index];
        throw new ConflictError({ group: '', resource: String(companion?.resource) }, String(companion?.obj.metadata.name), STALE_OBJECT_MESSAGE);
      }
      if (err instanceof PreconditionFailed) {
        if (meta.generateName && !meta.name && attempt < GENERATE_NAME_ATTEMPTS) continue;
        throw new AlreadyExistsError({ group: def.group, resource: def.resource }, name);
      }
      return mapStoreError(err, ctx.store, def, name, side);
    }
  }
}

/** A new object as the server stores it: name generated, uid, creation time, defaults. */
export function prepareCreate(def: ResourceDef, obj: KubeObject): KubeObject {
  const meta = obj.metadata;
  obj.apiVersion = storedApiVersion(def);
  obj.kind = def.kind;
  if (!meta.name && typeof meta.generateName === 'string' && meta.generateName) meta.name = generateName(meta.generateName);
  delete meta.resourceVersion;
  delete meta.deletionTimestamp;
  delete meta.deletionGracePeriodSeconds;
  delete meta.selfLink;
  meta.uid = randomUUID();
  meta.creationTimestamp = nowTimestamp();
  if (def.hasGeneration) meta.generation = 1;
  else delete meta.generation;
  def.strategy.prepareForCreate?.(obj);
  def.strategy.defaults?.(obj);
  // A kind with a status has one from the start: upstream's Go structs always serialize it ({} at least).
  // Custom resources are as their schema says: no status until one is written.
  if (hasStatus(def) && !def.custom) obj.status ??= {};
  return ordered(obj);
}

/** apiVersion, kind and metadata first, as upstream serializes objects. */
export function ordered(obj: KubeObject): KubeObject {
  const { apiVersion, kind, metadata, ...rest } = obj;
  return { apiVersion, kind, metadata, ...rest };
}
