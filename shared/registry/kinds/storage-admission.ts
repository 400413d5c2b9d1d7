/**
 * Upstream's DefaultStorageClass and StorageObjectInUseProtection admission plugins, for claims
 * and volumes: a claim that names no class gets the default one; claims and volumes get their
 * protection finalizers on create.
 */
import type { KubeObject, StrategyContext } from '../resource';

export const DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';
export const PVC_PROTECTION = 'kubernetes.io/pvc-protection';
export const PV_PROTECTION = 'kubernetes.io/pv-protection';

interface ClassView {
  metadata?: { name?: string; creationTimestamp?: string; annotations?: Record<string, string> };
}

/** The default class as upstream picks it: annotated `true`, the newest if several (then by name). */
export function defaultStorageClass(classes: ClassView[]): string | undefined {
  const defaults = classes.filter((c) => c.metadata?.annotations?.[DEFAULT_CLASS_ANNOTATION] === 'true');
  defaults.sort((a, b) => String(b.metadata?.creationTimestamp).localeCompare(String(a.metadata?.creationTimestamp)) || String(a.metadata?.name).localeCompare(String(b.metadata?.name)));
  return defaults[0]?.metadata?.name;
}

export function addFinalizer(obj: KubeObject, finalizer: string): void {
  const list = (obj.metadata.finalizers as string[] | undefined) ?? [];
  if (!list.includes(finalizer)) obj.metadata.finalizers = [...list, finalizer];
}

export async function admitDefaultStorageClass(ctx: StrategyContext, obj: KubeObject): Promise<void> {
  addFinalizer(obj, PVC_PROTECTION);
  const spec = (obj.spec ??= {}) as { storageClassName?: string };
  // An empty string asks for no class (static binding only); only an absent one gets the default.
  if (spec.storageClassName !== undefined) return;
  const page = await ctx.store.list('storageclasses.storage.k8s.io', undefined, { limit: 1000 });
  const name = defaultStorageClass(page.items as ClassView[]);
  if (name) spec.storageClassName = name;
}
