/**
 * The one table's key layout (see docs/storage.md). `resource` is upstream's group-qualified
 * resource name (`pods`, `deployments.apps`), so every kind gets its own partitions.
 *
 *   object    pk `o#<resource>`   sk `<namespace>/<name>` (cluster-scoped: `/<name>`)
 *   counter   pk `r#<resource>`   sk `-`                   attributes rev, resolved
 *   change    pk `l#<resource>`   sk zero-padded revision  attributes t (type), b (body), exp
 *   tombstone pk `d#<resource>`   sk `<namespace>/<name>`  attributes rv (the deletion's revision), exp
 */
export const objectPk = (resource: string): string => `o#${resource}`;
export const counterPk = (resource: string): string => `r#${resource}`;
export const logPk = (resource: string): string => `l#${resource}`;
export const tombstonePk = (resource: string): string => `d#${resource}`;
export const COUNTER_SK = '-';

export const objectSk = (namespace: string | undefined, name: string): string => `${namespace ?? ''}/${name}`;
export const namespacePrefix = (namespace: string): string => `${namespace}/`;

const REV_WIDTH = 16;
export const revSk = (rev: number): string => String(rev).padStart(REV_WIDTH, '0');
export const MAX_REV_SK = '9'.repeat(REV_WIDTH);

/** Which kind of item a key names; stream consumers use the same prefixes in their filters. */
export const ITEM_PREFIX = { object: 'o#', counter: 'r#', log: 'l#', tombstone: 'd#' } as const;
