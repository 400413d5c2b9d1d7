import { sameJson } from '../api/patch/json';
import { validateEphemeralContainersUpdate, withEphemeralContainers } from './kinds/pod-ephemeral';
import { BadRequestError, ConflictError, InvalidError, NotFoundError, STALE_OBJECT_MESSAGE } from '../api/errors';
import { PreconditionFailed } from '../storage/errors';
import { mapStoreError } from './errors-map';
import { validateMeta } from './meta';
import { apiVersionOf, hasStatus, KubeObject, ResourceDef, SideWrites, storageKey, storedApiVersion } from './resource';
import { RestContext, WriteOptions, WriteResult } from './context';
import { decodeObject } from './decode';
import { createObject, ordered } from './create';
import { fieldManagerName, recordUpdate } from '../api/fieldmanager/update';
import { mutatingAdmission, validatingAdmission } from '../admission/chain';
import type { AdmissionAttributes } from '../admission/attributes';
import { Attempt, fromLastSeen } from './last-seen';

const UPDATE_ATTEMPTS = 10;

/** Fields only the server sets; an update keeps the stored values. */
const SERVER_META = ['uid', 'creationTimestamp', 'generation', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'selfLink'] as const;

/**
 * A read-modify-write against the stored object, retried on concurrent writes unless the client
 * pinned a resourceVersion (then a stale one is 409 Conflict, as upstream's GuaranteedUpdate does).
 * `change` returns the client's desired object given the current one (a PUT body, or a patch result).
 */
export async function updateObject(
  ctx: RestContext,
  def: ResourceDef,
  namespace: string | undefined,
  name: string,
  subresource: string | undefined,
  change: (current: KubeObject) => unknown,
  opts: WriteOptions & {
    createIfMissing?: (() => unknown) | undefined;
    statusToo?: boolean;
    /**
     * Whether a resourceVersion in the desired object pins the write (a PUT body, or a patch that
     * itself sets one). A patch computed from the current object carries its version without
     * meaning it: such writes retry on a concurrent change instead of failing with Conflict.
     */
    pinned?: boolean;
    /** Writes that must commit in the same transaction (the scheduler's node guard). */
    sideWrites?: SideWrites['writes'];
  },
): Promise<WriteResult> {
  const gr = { group: def.group, resource: subresource ? `${def.resource}/${subresource}` : def.resource };
  const key = storageKey(def);
  const ns = def.namespaced ? namespace : undefined;
  // The first attempt may start from the object as this process last saw it (./last-seen).
  return fromLastSeen(ctx, { key, namespace: ns, name }, { dryRun: opts.dryRun, attempts: UPDATE_ATTEMPTS }, attemptUpdate);

  /**
   * One read-modify-write from `current`: the write's result, or undefined when a concurrent write
   * moved the object first (try again, unless this is the `last` attempt). From a guess, only a
   * commit is an outcome.
   */
  async function attemptUpdate(current: KubeObject | undefined, { guessed, last }: Attempt): Promise<WriteResult | undefined> {
    if (!current) {
      if (opts.createIfMissing) return createObject(ctx, def, namespace, opts.createIfMissing(), opts);
      throw new NotFoundError({ group: def.group, resource: def.resource }, name);
    }
    // A custom resource is changed as the client's version shows it (conversion None rewrites apiVersion).
    const shown = def.custom ? { ...structuredClone(current), apiVersion: apiVersionOf(def) } : structuredClone(current);
    const { object: desired, warnings } = decodeObject(def, change(shown), opts.fieldValidation);
    const meta = desired.metadata ?? {};
    if (meta.name !== undefined && meta.name !== name) {
      throw new BadRequestError(`the name of the object (${String(meta.name)}) does not match the name on the URL (${name})`);
    }
    if (def.namespaced && meta.namespace !== undefined && meta.namespace !== namespace) {
      throw new BadRequestError('the namespace of the provided object does not match the namespace sent on the request');
    }
    const pinned = opts.pinned !== false && typeof meta.resourceVersion === 'string' && meta.resourceVersion !== '' ? meta.resourceVersion : undefined;
    if (pinned && pinned !== current.metadata.resourceVersion) {
      throw new ConflictError(gr, name, STALE_OBJECT_MESSAGE);
    }
    const next = merge(def, current, desired, subresource, opts.statusToo === true);
    if (!opts.applied) recordUpdate(def, current, next, fieldManagerName(opts.fieldManager, opts.userAgent), subresource);
    if (subresource !== 'status') await def.strategy.authorizeWrite?.(ctx, next, current, opts.user);
    const attrs: AdmissionAttributes = {
      operation: 'UPDATE',
      def,
      subresource,
      object: next,
      oldObject: current,
      namespace: def.namespaced ? namespace : undefined,
      name,
      dryRun: opts.dryRun,
      user: opts.user,
      options: { kind: 'UpdateOptions', apiVersion: 'meta.k8s.io/v1', ...(opts.fieldManager ? { fieldManager: opts.fieldManager } : {}) },
    };
    warnings.push(...(await mutatingAdmission(ctx, attrs)));
    // A status write keeps the stored spec (merge above), so only what it may change is checked, as
    // upstream's status strategies do: a controller can still report on an object it cannot process.
    // A custom resource's status is checked against its schema like the rest of it, as upstream.
    const causes = [
      ...validateMeta(def, next),
      ...(subresource === 'ephemeralcontainers' ? validateEphemeralContainersUpdate(next, current) : subresource === 'status' && !def.custom ? [] : (def.strategy.validate?.(next, current) ?? [])),
    ];
    if (causes.length > 0) throw new InvalidError(def.kind, def.group, name, causes);
    warnings.push(...(await validatingAdmission(ctx, attrs)));
    if (subresource !== 'status') warnings.push(...(def.strategy.warnings?.(next, current) ?? []));
    if (sameJson(withoutVersion(next), withoutVersion(current))) return guessed ? undefined : { object: current, warnings };
    if (opts.dryRun) return { object: next, warnings };
    // The last finalizer gone removes the object, unless a graceful deletion (a pod's) is still under way.
    const finalized =
      next.metadata.deletionTimestamp &&
      ((next.metadata.finalizers as string[] | undefined) ?? []).length === 0 &&
      Number(current.metadata.deletionGracePeriodSeconds ?? 0) === 0;
    const side = finalized ? def.strategy.release?.(current) : await def.strategy.allocate?.(ctx, next, current);
    try {
      const rv = String(current.metadata.resourceVersion);
      const stored = finalized
        ? await ctx.store.delete(key, next, rv, { sideWrites: side?.writes })
        : await ctx.store.update(key, next, rv, { sideWrites: [...(side?.writes ?? []), ...(opts.sideWrites ?? [])] });
      return { object: stored as KubeObject, warnings };
    } catch (err) {
      if (guessed) return undefined;
      if (err instanceof PreconditionFailed) {
        if (pinned) throw new ConflictError(gr, name, STALE_OBJECT_MESSAGE);
        if (!last) return undefined;
      }
      return mapStoreError(err, ctx.store, def, name, side);
    }
  }
}

/** The stored object after the client's change, keeping what the client may not change here. */
function merge(def: ResourceDef, current: KubeObject, desired: KubeObject, subresource: string | undefined, statusToo: boolean): KubeObject {
  let next: KubeObject;
  if (subresource === 'status' || subresource === 'approval') {
    next = { ...structuredClone(current), status: desired.status };
  } else if (subresource === 'ephemeralcontainers') {
    next = withEphemeralContainers(current, desired);
  } else {
    next = { ...desired, apiVersion: apiVersionOf(def), kind: def.kind };
    next.metadata = { ...desired.metadata };
    if (hasStatus(def) && !statusToo) {
      if (current.status === undefined) delete next.status;
      else next.status = structuredClone(current.status);
    }
  }
  next.apiVersion = storedApiVersion(def);
  next.kind = def.kind;
  const meta = next.metadata;
  meta.name = current.metadata.name;
  if (def.namespaced) meta.namespace = current.metadata.namespace;
  for (const key of SERVER_META) {
    if (current.metadata[key] === undefined) delete meta[key];
    else meta[key] = current.metadata[key];
  }
  meta.resourceVersion = current.metadata.resourceVersion;
  // metadata.finalizers come from the request as sent: removing the last one of a deleting object
  // finalizes it (see updateObject). Upstream also refuses new finalizers on a deleting object;
  // Skiff does not check that yet.
  def.strategy.defaults?.(next);
  if (def.hasGeneration && specChanged(current, next)) meta.generation = Number(current.metadata.generation ?? 0) + 1;
  return ordered(next);
}

function specChanged(a: KubeObject, b: KubeObject): boolean {
  const strip = (o: KubeObject) => ({ ...o, metadata: undefined, status: undefined });
  return !sameJson(strip(a), strip(b));
}

function withoutVersion(o: KubeObject): KubeObject {
  const copy = { ...o, metadata: { ...o.metadata } };
  delete copy.metadata.resourceVersion;
  // Ownership changes are changes (an apply may only move fields between managers); entry times are not.
  const managed = copy.metadata.managedFields;
  if (Array.isArray(managed)) copy.metadata.managedFields = managed.map(({ time: _time, ...entry }) => entry);
  return copy;
}
