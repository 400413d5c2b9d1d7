import { BadRequestError, ConflictError, MethodNotAllowedError } from '../../api/errors';
import { writeQuery } from '../options';
import { updateObject } from '../../registry/update';
import { KubeObject, ResourceDef } from '../../registry/resource';
import { nowTimestamp } from '../../registry/time';
import { parseBody } from '../body';
import { ApiContext } from '../context';
import { ApiRequest, ApiResponse, json } from '../http';

/**
 * pods/binding: sets spec.nodeName once. The write is conditional on the revision the binder read,
 * so two schedulers racing on one pod can never both bind it; the loser gets 409 Conflict.
 */
export async function bindPod(ctx: ApiContext, req: ApiRequest, def: ResourceDef, namespace: string, name: string): Promise<ApiResponse> {
  if (req.method !== 'POST') throw new MethodNotAllowedError();
  const q = writeQuery(req.query);
  const binding = parseBody(req.body, req.headers['content-type'], req.rawBody) as { target?: { kind?: string; name?: string }; metadata?: { name?: string } };
  const node = binding?.target?.name;
  if (!node) throw new BadRequestError('target.name: Required value');
  if (binding.target?.kind && binding.target.kind !== 'Node') throw new BadRequestError(`target.kind: Unsupported value: "${binding.target.kind}": supported values: "Node"`);
  const gr = { group: '', resource: 'pods/binding' };
  await updateObject(
    ctx,
    def,
    namespace,
    name,
    undefined,
    (current: KubeObject) => {
      const spec = (current.spec ?? {}) as { nodeName?: string };
      if (current.metadata.deletionTimestamp) throw new ConflictError(gr, name, 'pod is being deleted, cannot be assigned to a host');
      if (spec.nodeName) throw new ConflictError(gr, name, `pod ${name} is already assigned to node "${spec.nodeName}"`);
      spec.nodeName = node;
      current.spec = spec;
      const status = (current.status ?? {}) as { conditions?: Record<string, unknown>[] };
      const conditions = (status.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
      conditions.push({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: nowTimestamp() });
      current.status = { ...status, conditions };
      return current;
    },
    { ...q, statusToo: true },
  );
  return json(201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
}
