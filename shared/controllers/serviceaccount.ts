import { Controller, objectsOf } from './controller';
import { create, get, list, R } from './client';

/** Every active namespace has a `default` ServiceAccount, recreated if deleted (upstream's serviceaccounts-controller). */
export const serviceAccountController: Controller = {
  name: 'serviceaccount',
  filters: [objectsOf('namespaces'), { eventName: ['REMOVE'], dynamodb: { Keys: { pk: { S: ['o#serviceaccounts'] } } } }],
  route(_record, key) {
    if (!key) return [];
    const namespace = key.resource === 'namespaces' ? key.name : key.namespace;
    return namespace ? [{ resource: 'namespaces', name: namespace, controller: 'serviceaccount' }] : [];
  },
  async reconcile(ctx, key) {
    const ns = await get(ctx, R.namespaces, undefined, key.name);
    if (!ns || ns.metadata.deletionTimestamp) return {};
    if (!(await get(ctx, R.serviceaccounts, key.name, 'default'))) {
      await create(ctx, R.serviceaccounts, key.name, { metadata: { name: 'default' } });
    }
    return {};
  },
  async resync(ctx) {
    return (await list(ctx, R.namespaces)).map((n) => ({ resource: 'namespaces', name: String(n.metadata.name), controller: 'serviceaccount' }));
  },
};
