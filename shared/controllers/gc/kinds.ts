import { RESOURCES, resourceByKind } from '../../registry/catalog';
import type { RestContext } from '../../registry/context';
import { customResources } from '../../registry/custom/registry';
import { ResourceDef, storageKey } from '../../registry/resource';

/**
 * One definition per stored kind (a kind served at several versions is stored once, and listing it
 * twice would hand the collector two copies of each object, the second always stale). Events never
 * own anything and come in floods; they are neither scanned nor routed.
 */
const BUILT_IN = onePerStorageKey(RESOURCES.filter((r) => r.resource !== 'events'));

function onePerStorageKey(defs: ResourceDef[]): ResourceDef[] {
  const byKey = new Map<string, ResourceDef>();
  for (const def of defs) {
    const key = storageKey(def);
    if (!byKey.has(key) || def.custom?.storageVersion === def.version) byKey.set(key, def);
  }
  return [...byKey.values()];
}

/**
 * The custom resources served now, one definition per stored kind (its storage version where it
 * is served): their objects own and are owned as built-in ones are.
 */
async function customKinds(ctx: RestContext, fresh = false): Promise<ResourceDef[]> {
  const registry = customResources(ctx.store);
  if (fresh) await registry.refresh();
  return onePerStorageKey(await registry.all());
}

/** Every kind the garbage collector looks at: the built-in ones and the custom resources. */
export async function collectedKinds(ctx: RestContext): Promise<ResourceDef[]> {
  return [...BUILT_IN, ...(await customKinds(ctx))];
}

/**
 * The kind stored under `key` (a stream record's or a work key's resource). A key no cached
 * definition names is looked up once more in the definitions as stored now: a custom resource
 * established a moment ago is collected from its first object.
 */
export async function kindOfStorageKey(ctx: RestContext, key: string): Promise<ResourceDef | undefined> {
  const builtIn = BUILT_IN.find((r) => storageKey(r) === key);
  if (builtIn) return builtIn;
  const match = (defs: ResourceDef[]) => defs.find((r) => storageKey(r) === key);
  return match(await customKinds(ctx)) ?? match(await customKinds(ctx, true));
}

/** The kind an owner reference names, built in or custom (looked up as `kindOfStorageKey` does). */
export async function kindOfOwner(ctx: RestContext, group: string, kind: string): Promise<ResourceDef | undefined> {
  const builtIn = resourceByKind(group, kind);
  if (builtIn) return builtIn;
  const match = (defs: ResourceDef[]) => defs.find((r) => r.group === group && r.kind === kind);
  return match(await customKinds(ctx)) ?? match(await customKinds(ctx, true));
}
