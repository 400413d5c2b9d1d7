import { Pod } from '../../shared/api/types';
import { bootstrapCluster } from '../../shared/bootstrap/cluster';
import { create, get, R } from '../../shared/controllers/client';
import { RestContext } from '../../shared/registry/context';
import { ObjectStore } from '../../shared/storage/store';
import { freshTable } from '../support/dynamo';

/** A bootstrapped cluster's registry context on a fresh table of the run's DynamoDB Local. */
export async function freshCluster(): Promise<RestContext> {
  const { client, table } = await freshTable();
  const ctx: RestContext = { store: new ObjectStore({ client, table, gapTimeoutMs: 200 }) };
  await bootstrapCluster(ctx);
  return ctx;
}

export { eventually } from '../support/eventually';

/** A pod fixture, checked against the Pod schema. */
export function podFixture(name: string, spec: Partial<NonNullable<Pod['spec']>> & { containers?: NonNullable<Pod['spec']>['containers'] }, labels?: Record<string, string>): Pod {
  return Pod.parse({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', ...(labels ? { labels } : {}) },
    spec: { containers: [{ name: 'app', image: 'nginx' }], ...spec },
  });
}

export async function createPod(ctx: RestContext, pod: Pod): Promise<Pod> {
  const created = await create(ctx, R.pods, pod.metadata?.namespace ?? 'default', pod);
  if (!created) throw new Error(`pod ${pod.metadata?.name} already exists`);
  return created as Pod;
}

export async function getPod(ctx: RestContext, name: string, namespace = 'default'): Promise<Pod | undefined> {
  return (await get(ctx, R.pods, namespace, name)) as Pod | undefined;
}
