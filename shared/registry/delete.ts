import { ConflictError, ForbiddenError, NotFoundError, STALE_OBJECT_MESSAGE } from '../api/errors';
import { PreconditionFailed } from '../storage/errors';
import { mapStoreError } from './errors-map';
import { KubeObject, ResourceDef, storageKey } from './resource';
import { RestContext } from './context';
import { nowTimestamp } from './time';
import type { UserInfo } from '../auth/user';
import { validatingAdmission } from '../admission/chain';
import { Attempt, fromLastSeen } from './last-seen';

export interface DeleteOptions {
  dryRun: boolean;
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Foreground' | 'Background' | 'Orphan';
  preconditions?: { uid?: string; resourceVersion?: string };
  /** Who asks (validating admission's userInfo). */
  user?: UserInfo;
}

/** Namespaces the cluster cannot do without, as upstream's NamespaceLifecycle admission protects them. */
const IMMORTAL_NAMESPACES = new Set(['default', 'kube-system', 'kube-public']);

const DELETE_ATTEMPTS = 10;

/**
 * DELETE: an object with finalizers (or a propagation policy that adds one) gets a deletionTimestamp
 * and stays until its finalizers are gone; a pod on a node gets a grace period (upstream's graceful
 * deletion) and stays until its kubelet deletes it with gracePeriodSeconds=0 once its containers
 * have stopped; anything else is removed at once. Returns the object as it was last stored (with
 * the deletion's resourceVersion when removed).
 */
export async function deleteObject(
  ctx: RestContext,
  def: ResourceDef,
  namespace: string | undefined,
  name: string,
  opts: DeleteOptions,
): Promise<{ object: KubeObject; removed: boolean }> {
  const gr = { group: def.group, resource: def.resource };
  if (isNamespace(def) && IMMORTAL_NAMESPACES.has(name)) {
    throw new ForbiddenError(gr, name, 'this namespace may not be deleted');
  }
  const key = storageKey(def);
  const ns = def.namespaced ? namespace : undefined;
  // The first attempt may start from the object as this process last saw it (./last-seen).
  return fromLastSeen(ctx, { key, namespace: ns, name }, { dryRun: opts.dryRun, attempts: DELETE_ATTEMPTS }, attemptDelete);

  /**
   * One attempt from `current`: the deletion's result, or undefined when a concurrent write moved
   * the object first (try again, unless this is the `last` attempt). From a guess, only a commit is
   * an outcome.
   */
  async function attemptDelete(current: KubeObject | undefined, { guessed, first, last }: Attempt): Promise<{ object: KubeObject; removed: boolean } | undefined> {
    if (!current) throw new NotFoundError(gr, name);
    checkPreconditions(gr, name, current, opts.preconditions);
    if (first) {
      await validatingAdmission(ctx, {
        operation: 'DELETE',
        def,
        oldObject: current,
        namespace: ns,
        name,
        dryRun: opts.dryRun,
        user: opts.user,
        options: deleteOptionsObject(opts),
      });
    }
    const finalizers = finalizersFor(def, current, opts);
    const rv = String(current.metadata.resourceVersion);
    const pending = Number(current.metadata.deletionGracePeriodSeconds ?? 0);
    // Graceful deletion under way: only a shorter grace period changes anything (upstream's BeforeDelete).
    const grace = current.metadata.deletionTimestamp ? Math.min(pending, opts.gracePeriodSeconds ?? pending) : gracePeriodFor(def, current, opts);
    const unchanged = { object: current, removed: false };
    try {
      if (current.metadata.deletionTimestamp && pending > 0 && grace === pending) return guessed ? undefined : unchanged;
      // A namespace always goes through Terminating: its controller empties it, then lets it go.
      if (finalizers.length > 0 || isNamespace(def) || grace > 0) {
        if (current.metadata.deletionTimestamp && grace === pending && sameList(finalizers, current.metadata.finalizers)) {
          return guessed ? undefined : unchanged;
        }
        const next = markDeleting(def, current, finalizers, grace);
        if (opts.dryRun) return { object: next, removed: false };
        return { object: (await ctx.store.update(key, next, rv)) as KubeObject, removed: false };
      }
      if (opts.dryRun) return { object: current, removed: true };
      const side = def.strategy.release?.(current);
      const gone = await ctx.store.delete(key, current, rv, { sideWrites: side?.writes });
      return { object: gone as KubeObject, removed: true };
    } catch (err) {
      if (guessed) return undefined;
      if (err instanceof PreconditionFailed) {
        if (opts.preconditions?.resourceVersion) throw new ConflictError(gr, name, STALE_OBJECT_MESSAGE);
        if (!last) return undefined;
      }
      return mapStoreError(err, ctx.store, def, name);
    }
  }
}

function checkPreconditions(
  gr: { group: string; resource: string },
  name: string,
  obj: KubeObject,
  pre: DeleteOptions['preconditions'],
): void {
  if (pre?.uid && pre.uid !== obj.metadata.uid) {
    throw new ConflictError(gr, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${String(obj.metadata.uid)}`);
  }
  if (pre?.resourceVersion && pre.resourceVersion !== obj.metadata.resourceVersion) {
    throw new ConflictError(
      gr,
      name,
      `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${String(obj.metadata.resourceVersion)}`,
    );
  }
}

/** The finalizers the object keeps while deleting: its own plus the propagation policy's. */
function finalizersFor(def: ResourceDef, obj: KubeObject, opts: DeleteOptions): string[] {
  const list = [...((obj.metadata.finalizers as string[] | undefined) ?? [])];
  const add = (f: string) => {
    if (!list.includes(f)) list.push(f);
  };
  const drop = (f: string) => {
    const i = list.indexOf(f);
    if (i >= 0) list.splice(i, 1);
  };
  for (const f of def.strategy.deletionFinalizers ?? []) add(f);
  if (opts.propagationPolicy === 'Orphan') {
    add('orphan');
    drop('foregroundDeletion');
  } else if (opts.propagationPolicy === 'Foreground') {
    add('foregroundDeletion');
    drop('orphan');
  }
  return list;
}

/**
 * Seconds a pod gets to stop (upstream's pod CheckGracefulDelete): the request's gracePeriodSeconds,
 * else spec.terminationGracePeriodSeconds; none for a pod no node runs or one already finished.
 * Other kinds have no graceful deletion.
 */
function gracePeriodFor(def: ResourceDef, obj: KubeObject, opts: DeleteOptions): number {
  if (def.group !== '' || def.resource !== 'pods') return 0;
  const spec = (obj.spec ?? {}) as { nodeName?: string; terminationGracePeriodSeconds?: number };
  const phase = (obj.status as { phase?: string } | undefined)?.phase;
  if (!spec.nodeName || phase === 'Succeeded' || phase === 'Failed') return 0;
  const period = opts.gracePeriodSeconds ?? spec.terminationGracePeriodSeconds ?? 0;
  return period < 0 ? 1 : period;
}

/** Marks the object deleting; `grace` seconds from now (upstream's deletionTimestamp is the deadline). */
function markDeleting(def: ResourceDef, obj: KubeObject, finalizers: string[], grace: number): KubeObject {
  const next = structuredClone(obj);
  if (finalizers.length > 0) next.metadata.finalizers = finalizers;
  const pending = Number(obj.metadata.deletionGracePeriodSeconds ?? 0);
  if (!next.metadata.deletionTimestamp) {
    next.metadata.deletionTimestamp = nowTimestamp(new Date(Date.now() + grace * 1000));
    next.metadata.deletionGracePeriodSeconds = grace;
  } else if (grace < pending) {
    // A shorter grace period moves the deadline earlier by the difference.
    const deadline = Date.parse(String(obj.metadata.deletionTimestamp)) - (pending - grace) * 1000;
    next.metadata.deletionTimestamp = nowTimestamp(new Date(deadline));
    next.metadata.deletionGracePeriodSeconds = grace;
  }
  if (!obj.metadata.deletionTimestamp) def.strategy.prepareForDelete?.(next);
  if (isNamespace(def)) {
    next.status = { ...(next.status as object), phase: 'Terminating' };
  }
  return next;
}

function sameList(a: string[], b: unknown): boolean {
  const other = (b as string[] | undefined) ?? [];
  return a.length === other.length && a.every((x) => other.includes(x));
}

const isNamespace = (def: ResourceDef): boolean => def.resource === 'namespaces' && def.group === '';

/** The DeleteOptions object as a webhook's AdmissionReview carries it. */
function deleteOptionsObject(opts: DeleteOptions): Record<string, unknown> {
  const out: Record<string, unknown> = { kind: 'DeleteOptions', apiVersion: 'meta.k8s.io/v1' };
  if (opts.gracePeriodSeconds !== undefined) out.gracePeriodSeconds = opts.gracePeriodSeconds;
  if (opts.propagationPolicy) out.propagationPolicy = opts.propagationPolicy;
  if (opts.preconditions) out.preconditions = opts.preconditions;
  if (opts.dryRun) out.dryRun = ['All'];
  return out;
}
