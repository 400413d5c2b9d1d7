/**
 * v1 ComponentStatus, computed on each read as upstream does (read-only, never stored): `etcd-0`
 * is Skiff's object store (a real read of the table answers for it); `scheduler` and
 * `controller-manager` are stream consumers with no health endpoint the API server can call, so
 * their condition is Unknown with the reason, not a made-up "ok".
 */
import { MethodNotAllowedError, NotFoundError } from '../api/errors';
import type { KubeObject, ResourceDef } from '../registry/resource';
import type { ApiContext } from './context';
import type { ApiRequest, ApiResponse } from './http';
import { readStore } from './health';
import { respondList, respondObject } from './respond';

const CONSUMER_NOTE = 'runs as a DynamoDB Streams consumer without a health endpoint the API server can reach';

async function statuses(ctx: ApiContext): Promise<KubeObject[]> {
  const component = (name: string, status: string, message?: string, error?: string): KubeObject => ({
    kind: 'ComponentStatus',
    apiVersion: 'v1',
    metadata: { name },
    conditions: [{ type: 'Healthy', status, ...(message ? { message } : {}), ...(error ? { error } : {}) }],
  });
  let etcd: KubeObject;
  try {
    await readStore(ctx.store);
    etcd = component('etcd-0', 'True', 'ok');
  } catch (err) {
    etcd = component('etcd-0', 'False', undefined, (err as Error).message);
  }
  return [component('controller-manager', 'Unknown', undefined, `kube-controller-manager ${CONSUMER_NOTE}`), component('scheduler', 'Unknown', undefined, `kube-scheduler ${CONSUMER_NOTE}`), etcd];
}

export async function componentStatuses(ctx: ApiContext, req: ApiRequest, def: ResourceDef, name: string | undefined): Promise<ApiResponse> {
  if (req.method !== 'GET') throw new MethodNotAllowedError();
  const all = await statuses(ctx);
  if (name === undefined) return respondList(req, def, all, { resourceVersion: '' });
  const found = all.find((c) => c.metadata.name === name);
  if (!found) throw new NotFoundError({ group: '', resource: 'componentstatuses' }, name);
  return respondObject(req, def, found, 200);
}
