import { BadRequestError, MethodNotAllowedError } from '../../api/errors';
import { writeQuery } from '../options';
import { ResourceDef } from '../../registry/resource';
import { bindPodToNode } from '../../registry/binding';
import { parseBody } from '../body';
import { ApiContext } from '../context';
import { ApiRequest, ApiResponse, json } from '../http';

/**
 * pods/binding: sets spec.nodeName once. The write is conditional on the revision the binder read,
 * so two schedulers racing on one pod can never both bind it; the loser gets 409 Conflict.
 */
export async function bindPod(ctx: ApiContext, req: ApiRequest, _def: ResourceDef, namespace: string, name: string): Promise<ApiResponse> {
  if (req.method !== 'POST') throw new MethodNotAllowedError();
  const q = { ...writeQuery(req.query), user: req.user };
  const binding = parseBody(req.body, req.headers['content-type'], req.rawBody) as { target?: { kind?: string; name?: string }; metadata?: { name?: string } };
  const node = binding?.target?.name;
  if (!node) throw new BadRequestError('target.name: Required value');
  if (binding.target?.kind && binding.target.kind !== 'Node') throw new BadRequestError(`target.kind: Unsupported value: "${binding.target.kind}": supported values: "Node"`);
  await bindPodToNode(ctx, namespace, name, node, { dryRun: q.dryRun });
  return json(201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
}
