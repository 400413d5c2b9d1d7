import { viewOf } from '../resource';
import type { CustomResourceDefinition } from '../../api/types/apiextensions/crd';
import type { ObjectStore } from '../../storage/store';
import { findResource, RESOURCES } from '../catalog';
import type { ResourceDef } from '../resource';
import { defsOfCrd } from './defs';

/** Where definitions are stored (upstream's group-qualified resource). */
export const CRD_STORAGE_KEY = 'customresourcedefinitions.apiextensions.k8s.io';

/** How stale this process's view of the definitions may be before a lookup re-reads them. */
export const DEFAULT_STALENESS_MS = 2000;

/**
 * The custom resources served, read from the store: each process (a Lambda instance, the local
 * runner) keeps a copy at most `stalenessMs` old and re-reads it once before answering that a
 * resource does not exist, so a definition established by another process is served at once.
 * Only the store is the truth; the copy is a cache. The definitions' revision is read first, so a
 * refresh with nothing new costs one small read instead of a list.
 */
export class CustomResources {
  private defs: ResourceDef[] = [];
  private byPath = new Map<string, ResourceDef>();
  private loadedAt = -Infinity;
  private revision = -1;
  private loading?: Promise<void>;

  constructor(
    private readonly store: ObjectStore,
    private readonly stalenessMs = DEFAULT_STALENESS_MS,
  ) {}

  /** Every custom resource served, at most `stalenessMs` stale. */
  async all(): Promise<ResourceDef[]> {
    if (performance.now() - this.loadedAt > this.stalenessMs) await this.refresh();
    return this.defs;
  }

  async find(group: string, version: string, resource: string): Promise<ResourceDef | undefined> {
    await this.all();
    const key = `${group}/${version}/${resource}`;
    const hit = this.byPath.get(key);
    if (hit) return hit;
    await this.refresh();
    return this.byPath.get(key);
  }

  /** Re-reads the definitions (one read at a time; callers during a read share it). */
  refresh(): Promise<void> {
    this.loading ??= this.load().finally(() => (this.loading = undefined));
    return this.loading;
  }

  private async load(): Promise<void> {
    const started = performance.now();
    if ((await this.store.revisions.resolve(CRD_STORAGE_KEY)) === this.revision) {
      this.loadedAt = started;
      return;
    }
    const page = await this.store.list(CRD_STORAGE_KEY, undefined);
    if (page.resourceVersion !== this.revision) {
      const defs = page.items.map((o) => viewOf<CustomResourceDefinition>(o)).flatMap(defsOfCrd);
      this.defs = defs;
      this.byPath = new Map(defs.map((d) => [`${d.group}/${d.version}/${d.resource}`, d]));
      this.revision = page.resourceVersion;
    }
    this.loadedAt = started;
  }
}

const registries = new WeakMap<ObjectStore, CustomResources>();

/** This process's view of a store's custom resources. */
export function customResources(store: ObjectStore): CustomResources {
  let r = registries.get(store);
  if (!r) {
    r = new CustomResources(store);
    registries.set(store, r);
  }
  return r;
}

/** A built-in kind, else a custom resource (re-read once on a miss). */
export async function resolveResource(store: ObjectStore, group: string, version: string, resource: string): Promise<ResourceDef | undefined> {
  return findResource(group, version, resource) ?? (await customResources(store).find(group, version, resource));
}

/**
 * Built-in kinds then custom resources, as discovery and OpenAPI list them. Always checked against
 * the store (one small read when nothing changed): a client that saw a definition Established
 * (helm installing a chart's crds/) reads discovery next and must find it there.
 */
export async function allResources(store: ObjectStore): Promise<ResourceDef[]> {
  const custom = customResources(store);
  await custom.refresh();
  return [...RESOURCES, ...(await custom.all())];
}
