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
  const binding = parseBody(req.body, req.headers['content-type'], req.rawBody) as BindingBody;
  if (binding?.metadata?.name !== undefined && binding.metadata.name !== name) throw new BadRequestError('name in URL does not match name in Binding object');
  return bind(ctx, req, namespace, name, binding);
}

/**
 * The top-level `bindings` resource (POST /api/v1/namespaces/{ns}/bindings): the same bind as
 * pods/binding, of the pod the Binding is named after (upstream's LegacyBindingREST).
 */
export async function createBinding(ctx: ApiContext, req: ApiRequest, namespace: string | undefined): Promise<ApiResponse> {
  if (req.method !== 'POST' || namespace === undefined) throw new MethodNotAllowedError();
  const binding = parseBody(req.body, req.headers['content-type'], req.rawBody) as BindingBody;
  const name = binding?.metadata?.name;
  if (!name) throw new BadRequestError('name is required for Binding');
  return bind(ctx, req, namespace, name, binding);
}

interface BindingBody {
  target?: { kind?: string; name?: string };
  metadata?: { name?: string };
}

async function bind(ctx: ApiContext, req: ApiRequest, namespace: string, name: string, binding: BindingBody): Promise<ApiResponse> {
  const q = { ...writeQuery(req.query), user: req.user };
  const node = binding?.target?.name;
  if (!node) throw new BadRequestError('target.name: Required value');
  if (binding.target?.kind && binding.target.kind !== 'Node') throw new BadRequestError(`target.kind: Unsupported value: "${binding.target.kind}": supported values: "Node"`);
  await bindPodToNode(ctx, namespace, name, node, { dryRun: q.dryRun });
  return json(201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
}
