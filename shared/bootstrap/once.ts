import { createHash } from 'node:crypto';
import { AlreadyExistsError, ConflictError } from '../api/errors';
import { findResource } from '../registry/catalog';
import type { RestContext } from '../registry/context';
import { createObject } from '../registry/create';
import { ResourceDef, storageKey } from '../registry/resource';
import { updateObject } from '../registry/update';
import { SYSTEM_PRIORITY_CLASSES } from '../admission/plugins/priority';
import { bootstrapCluster, BootstrapOptions, DEFAULT_INGRESS_CLASS, defaultStorageClass, localApiServices, SYSTEM_NAMESPACES } from './cluster';
import { BOOTSTRAP_CLUSTER_ROLE_BINDINGS, BOOTSTRAP_CLUSTER_ROLES } from './rbac-policy';

/** Where a cluster records which bootstrap it has had, as kube-apiserver's bootstrap hooks leave their marks in kube-system. */
export const BOOTSTRAP_MARKER = { namespace: 'kube-system', name: 'skiff-bootstrap' };

/** A digest of everything the bootstrap writes: a new Skiff version with a changed policy bootstraps again. */
export function bootstrapDigest(apiPort: number, options: BootstrapOptions = {}): string {
  const content = JSON.stringify({
    SYSTEM_NAMESPACES,
    DEFAULT_INGRESS_CLASS,
    storageClass: defaultStorageClass(options),
    SYSTEM_PRIORITY_CLASSES,
    // Their status carries the time it is made: only what they declare counts.
    apiServices: localApiServices().map(({ metadata, spec }) => ({ metadata, spec })),
    BOOTSTRAP_CLUSTER_ROLES,
    BOOTSTRAP_CLUSTER_ROLE_BINDINGS,
    apiPort,
    // Bumped when a bootstrap step is added that existing clusters must run once (2: quota markers).
    steps: 2,
  });
  return createHash('sha256').update(content).digest('hex').slice(0, 16);
}

/**
 * The bootstrap as a serverless API server runs it: at a cold start, only when the cluster has not
 * had this version's bootstrap yet (one read otherwise). Concurrent cold starts may both run it: every
 * step is idempotent (create-if-absent, reconcile-without-overwrite), so that costs writes, not harm.
 */
export async function bootstrapOnce(ctx: RestContext, apiPort = 443, options: BootstrapOptions = {}): Promise<boolean> {
  const configMaps = findResource('', 'v1', 'configmaps') as ResourceDef;
  const digest = bootstrapDigest(apiPort, options);
  const marker = await ctx.store.get(storageKey(configMaps), BOOTSTRAP_MARKER.namespace, BOOTSTRAP_MARKER.name);
  if ((marker?.data as Record<string, string> | undefined)?.digest === digest) return false;
  await bootstrapCluster(ctx, apiPort, options);
  const body = { metadata: { name: BOOTSTRAP_MARKER.name, namespace: BOOTSTRAP_MARKER.namespace, labels: { 'app.kubernetes.io/managed-by': 'skiff' } }, data: { digest } };
  const write = { dryRun: false, fieldValidation: 'Strict' as const, fieldManager: 'kube-apiserver' };
  try {
    if (marker) await updateObject(ctx, configMaps, BOOTSTRAP_MARKER.namespace, BOOTSTRAP_MARKER.name, undefined, (current) => ({ ...current, data: { digest } }), write);
    else await createObject(ctx, configMaps, BOOTSTRAP_MARKER.namespace, body, write);
  } catch (err) {
    // Another cold start recorded it first: the bootstrap is done either way.
    if (!(err instanceof AlreadyExistsError) && !(err instanceof ConflictError)) throw err;
  }
  return true;
}
