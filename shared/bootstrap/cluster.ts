import { forEachLimit } from '../concurrency';
import { AlreadyExistsError } from '../api/errors';
import { findResource, groupVersions } from '../registry/catalog';
import { groupPriorityMinimum, versionPriority } from '../apiserver/group-priority';
import { SYSTEM_PRIORITY_CLASSES } from '../admission/plugins/priority';
import { RestContext } from '../registry/context';
import { createObject } from '../registry/create';
import { ResourceDef } from '../registry/resource';
import { KUBERNETES_SERVICE_IP } from '../registry/allocators/service-ip';
import { bootstrapRbac } from './rbac';
import { rootCaPublisher } from '../controllers/serviceaccount/root-ca';
import { DEFAULT_CLASS_ANNOTATION } from '../registry/kinds/ingress';
import { SKIFF_LB_CLASS } from '../cloud-controller-manager/names';
import { quotaMarker } from '../admission/quota/marker';

/** What every cluster starts with, as kube-apiserver's bootstrap controllers create it. */
export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

async function ensure(ctx: RestContext, def: ResourceDef, namespace: string | undefined, body: Record<string, unknown>): Promise<void> {
  try {
    await createObject(ctx, def, namespace, body, { dryRun: false, fieldValidation: 'Strict' });
  } catch (err) {
    if (!(err instanceof AlreadyExistsError)) throw err;
  }
}

/** Skiff's IngressClass, the cluster's default: its Ingresses become ALB rules (shared/cloud-controller-manager/ingress). */
export const DEFAULT_INGRESS_CLASS = 'alb';

/** Bootstrap writes in flight at once: each is independent of the others in its step. */
const PARALLEL = 8;

export async function bootstrapCluster(ctx: RestContext, apiPort = 6443, options: BootstrapOptions = {}): Promise<void> {
  const namespaces = findResource('', 'v1', 'namespaces') as ResourceDef;
  const services = findResource('', 'v1', 'services') as ResourceDef;
  const serviceAccounts = findResource('', 'v1', 'serviceaccounts') as ResourceDef;
  const priorityClasses = findResource('scheduling.k8s.io', 'v1', 'priorityclasses') as ResourceDef;
  const apiServices = findResource('apiregistration.k8s.io', 'v1', 'apiservices') as ResourceDef;
  // Namespaces first: what follows is created in them.
  await forEachLimit(SYSTEM_NAMESPACES, PARALLEL, (name) => ensure(ctx, namespaces, undefined, { metadata: { name } }));
  const steps: (() => Promise<void>)[] = [
    () =>
      ensure(ctx, services, 'default', {
        metadata: { name: 'kubernetes', labels: { component: 'apiserver', provider: 'kubernetes' } },
        spec: {
          type: 'ClusterIP',
          clusterIP: KUBERNETES_SERVICE_IP,
          // A runner asked for any free port (0) bootstraps before it listens: upstream's default port stands in.
          ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: apiPort > 0 ? apiPort : 6443 }],
          sessionAffinity: 'None',
        },
      }),
    ...SYSTEM_NAMESPACES.map((ns) => () => ensure(ctx, serviceAccounts, ns, { metadata: { name: 'default' } })),
    // The root-CA publisher's ConfigMap in the namespaces that exist before any controller runs (its
    // informer's first list upstream): pods' kube-api-access volumes project it from the first pod on.
    ...SYSTEM_NAMESPACES.map((name) => async () => void (await rootCaPublisher.reconcile(ctx, { resource: 'namespaces', name, controller: rootCaPublisher.name }))),
    () => ensure(ctx, findResource('storage.k8s.io', 'v1', 'storageclasses') as ResourceDef, undefined, defaultStorageClass(options)),
    () => bootstrapRbac(ctx),
    () =>
      ensure(ctx, findResource('networking.k8s.io', 'v1', 'ingressclasses') as ResourceDef, undefined, {
        metadata: { name: DEFAULT_INGRESS_CLASS, annotations: { [DEFAULT_CLASS_ANNOTATION]: 'true' }, labels: { 'app.kubernetes.io/managed-by': 'skiff' } },
        spec: { controller: SKIFF_LB_CLASS },
      }),
    ...SYSTEM_PRIORITY_CLASSES.map((pc) => () => ensure(ctx, priorityClasses, undefined, { ...pc })),
    ...localApiServices().map((body) => () => ensure(ctx, apiServices, undefined, body)),
    () => markQuotaNamespaces(ctx),
  ];
  await forEachLimit(steps, PARALLEL, (step) => step());
}

/**
 * Marks every namespace that has a quota (docs/storage.md, "Items"): a quota's create marks its
 * namespace since quota markers exist, and this marks the namespaces of quotas created before, on
 * the bootstrap a new Skiff version runs (idempotent puts).
 */
export async function markQuotaNamespaces(ctx: RestContext): Promise<void> {
  const namespaces = new Set((await ctx.store.current('resourcequotas', undefined)).map((q) => String(q.metadata.namespace)));
  await forEachLimit([...namespaces], PARALLEL, async (ns) => void (await ctx.store.writeSideItem({ put: quotaMarker(ns), attributes: {} })));
}

/**
 * The APIServices kube-apiserver registers for its own group versions (Local: no service). Not
 * metrics.k8s.io/v1beta1: upstream has none until metrics-server's manifest registers it, so that
 * manifest creates it here too (Skiff serves the group itself either way, see docs/api.md).
 */
export function localApiServices(): Record<string, unknown>[] {
  return groupVersions().filter(({ group }) => group !== 'metrics.k8s.io').map(({ group, version }) => ({
    metadata: { name: `${version}.${group}`, labels: { 'kube-aggregator.kubernetes.io/automanaged': 'onstart' } },
    spec: { ...(group ? { group } : {}), version, groupPriorityMinimum: groupPriorityMinimum(group), versionPriority: versionPriority(group, version) },
    status: {
      conditions: [
        { type: 'Available', status: 'True', lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z'), reason: 'Local', message: 'Local APIServices are always available' },
      ],
    },
  }));
}

/** The default StorageClass: simulated volumes, provisioned once a pod using the claim is scheduled (docs/volumes.md). */
export const SIMULATED_STORAGE_CLASS = {
  metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
  provisioner: 'simulated.skiff.dev',
  reclaimPolicy: 'Delete',
  volumeBindingMode: 'WaitForFirstConsumer',
  allowVolumeExpansion: true,
};

/**
 * The default StorageClass of a cluster whose pods run on ECS with an EFS file system: an access
 * point per claim (shared/controllers/volume/efs-provisioner.ts), so claims outlive their pods, as
 * the simulated class cannot on ECS (there its volumes live as long as the task).
 */
export function efsStorageClass(fileSystemId: string) {
  return {
    metadata: { name: 'efs', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
    provisioner: 'efs.csi.aws.com',
    reclaimPolicy: 'Delete',
    // EFS is regional: any zone's task mounts it, so nothing waits for the pod's placement.
    volumeBindingMode: 'Immediate',
    mountOptions: ['tls', 'iam'],
    parameters: { provisioningMode: 'efs-ap', fileSystemId, directoryPerms: '700' },
  };
}

/** What decides the cluster's bootstrap beyond Skiff's own version. */
export interface BootstrapOptions {
  /** The EFS file system pods' claims live on (AWS mode): the default class is then `efs`, not `standard`. */
  efsFileSystemId?: string;
}

export const defaultStorageClass = (o: BootstrapOptions = {}) => (o.efsFileSystemId ? efsStorageClass(o.efsFileSystemId) : SIMULATED_STORAGE_CLASS);
