import { RESOURCES, resourceByKind } from '../../registry/catalog';
import type { RestContext } from '../../registry/context';
import { customResources } from '../../registry/custom/registry';
import { ResourceDef, storageKey } from '../../registry/resource';

/** Events never own anything and come in floods; they are neither scanned nor routed. */
const BUILT_IN = RESOURCES.filter((r) => r.resource !== 'events');

/**
 * The custom resources served now, one definition per stored kind (its storage version where it
 * is served): their objects own and are owned as built-in ones are.
 */
async function customKinds(ctx: RestContext): Promise<ResourceDef[]> {
  const byKey = new Map<string, ResourceDef>();
  for (const def of await customResources(ctx.store).all()) {
    const key = storageKey(def);
    if (!byKey.has(key) || def.custom?.storageVersion === def.version) byKey.set(key, def);
  }
  return [...byKey.values()];
}

/** Every kind the garbage collector looks at: the built-in ones and the custom resources. */
export async function collectedKinds(ctx: RestContext): Promise<ResourceDef[]> {
  return [...BUILT_IN, ...(await customKinds(ctx))];
}

/** The kind stored under `key` (a stream record's or a work key's resource). */
export async function kindOfStorageKey(ctx: RestContext, key: string): Promise<ResourceDef | undefined> {
  return BUILT_IN.find((r) => storageKey(r) === key) ?? (await customKinds(ctx)).find((r) => storageKey(r) === key);
}

/** The kind an owner reference names, built in or custom. */
export async function kindOfOwner(ctx: RestContext, group: string, kind: string): Promise<ResourceDef | undefined> {
  return resourceByKind(group, kind) ?? (await customKinds(ctx)).find((r) => r.group === group && r.kind === kind);
}
