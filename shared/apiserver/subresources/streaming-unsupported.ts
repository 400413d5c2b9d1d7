import { ApiError, BadRequestError, MethodNotAllowedError, NotFoundError } from '../../api/errors';
import type { Pod } from '../../api/types';
import { containerIdScheme } from '../../nodes/logs/source';
import { ApiContext } from '../context';
import { ApiRequest, ApiResponse } from '../http';

/** The pod subresources that open a stream to the container runtime. */
export const STREAMING_SUBRESOURCES = ['attach', 'exec', 'portforward'] as const;

/** What runs a pod's containers, by the scheme of their IDs. */
const NODE_KINDS: Record<string, string> = { 'skiff-sim': 'simulated nodes (no container runs there)', ecs: 'ECS tasks' };

/**
 * `pods/exec`, `pods/attach`, `pods/portforward` (GET or POST, plain or as the SPDY/WebSocket
 * upgrade kubectl sends): no node kind Skiff runs offers a stream into a container yet, so each
 * answers upstream's Status for an operation a resource does not support (405 MethodNotAllowed,
 * as apimachinery's NewMethodNotSupported), naming the node kind. kubectl prints it as
 * `Error from server (MethodNotAllowed): ...` and exits. The pod is looked up first, so a missing
 * pod is a 404 and an unscheduled one a 400, as upstream.
 */
export async function streamingNotSupported(ctx: ApiContext, req: ApiRequest, namespace: string, name: string, sub: string): Promise<ApiResponse> {
  if (req.method !== 'GET' && req.method !== 'POST') throw new MethodNotAllowedError();
  const pod = (await ctx.store.get('pods', namespace, name)) as Pod | undefined;
  if (!pod) throw new NotFoundError({ group: '', resource: 'pods' }, name);
  const node = pod.spec?.nodeName;
  if (!node) throw new BadRequestError(`pod ${name} does not have a host assigned`);
  const ids = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])].map((c) => c.containerID ?? '');
  const scheme = ids.map(containerIdScheme).find((s) => s !== undefined);
  const kind = (scheme && NODE_KINDS[scheme]) ?? `node ${node}`;
  const verb = sub === 'portforward' ? 'port-forward' : sub;
  throw new ApiError(405, 'MethodNotAllowed', `${verb} is not supported yet for pods on ${kind}: pod "${name}" runs on node "${node}"`, {
    name,
    kind: 'pods',
  });
}
