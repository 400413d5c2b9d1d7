import { AlreadyExistsError } from '../api/errors';
import { findResource } from '../registry/catalog';
import { RestContext } from '../registry/context';
import { createObject } from '../registry/create';
import { ResourceDef } from '../registry/resource';
import { KUBERNETES_SERVICE_IP } from '../registry/allocators/service-ip';
import { bootstrapRbac } from './rbac';

/** What every cluster starts with, as kube-apiserver's bootstrap controllers create it. */
export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

async function ensure(ctx: RestContext, def: ResourceDef, namespace: string | undefined, body: Record<string, unknown>): Promise<void> {
  try {
    await createObject(ctx, def, namespace, body, { dryRun: false, fieldValidation: 'Strict' });
  } catch (err) {
    if (!(err instanceof AlreadyExistsError)) throw err;
  }
}

export async function bootstrapCluster(ctx: RestContext, apiPort = 6443): Promise<void> {
  const namespaces = findResource('', 'v1', 'namespaces') as ResourceDef;
  const services = findResource('', 'v1', 'services') as ResourceDef;
  const serviceAccounts = findResource('', 'v1', 'serviceaccounts') as ResourceDef;
  for (const name of SYSTEM_NAMESPACES) await ensure(ctx, namespaces, undefined, { metadata: { name } });
  await ensure(ctx, services, 'default', {
    metadata: { name: 'kubernetes', labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: {
      type: 'ClusterIP',
      clusterIP: KUBERNETES_SERVICE_IP,
      // A runner asked for any free port (0) bootstraps before it listens: upstream's default port stands in.
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: apiPort > 0 ? apiPort : 6443 }],
      sessionAffinity: 'None',
    },
  });
  for (const ns of SYSTEM_NAMESPACES) await ensure(ctx, serviceAccounts, ns, { metadata: { name: 'default' } });
  await bootstrapRbac(ctx);
}
