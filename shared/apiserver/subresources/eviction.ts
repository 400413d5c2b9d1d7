import { MethodNotAllowedError } from '../../api/errors';
import { evictPod } from '../../registry/kinds/eviction';
import { parseBody } from '../body';
import { Eviction } from '../../api/types';
import { decodeStrict } from '../../registry/decode';
import { ApiContext } from '../context';
import { ApiRequest, ApiResponse, json } from '../http';
import { writeQuery } from '../options';

/** pods/eviction (policy/v1 Eviction): a delete that honours PodDisruptionBudgets, as `kubectl drain` uses. */
export async function evictPodSubresource(ctx: ApiContext, req: ApiRequest, namespace: string, name: string): Promise<ApiResponse> {
  if (req.method !== 'POST') throw new MethodNotAllowedError();
  const q = { ...writeQuery(req.query), user: req.user };
  const body = decodeStrict({ kind: 'Eviction', group: 'policy', version: 'v1' }, Eviction, parseBody(req.body, req.headers['content-type'], req.rawBody));
  if (q.dryRun) body.deleteOptions = { ...body.deleteOptions, dryRun: ['All'] };
  await evictPod(ctx, namespace, name, body);
  return json(201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
}
