import { BadRequestError } from '../../api/errors';
import { formatLabelSelector } from '../../api/selectors/labels';
import { KubeObject } from '../../registry/resource';
import { applyMergePatch } from '../../api/patch/merge-patch';
import { applyJsonPatch } from '../../api/patch/json-patch';
import { parseBody } from '../body';
import { mediaType } from '../media';
import { ApiRequest } from '../http';

type Obj = Record<string, unknown>;

/** A label selector's text; a ReplicationController's selector is a plain equality map. */
function selectorText(selector: unknown): string {
  const sel = (selector ?? {}) as Obj;
  const structured = 'matchLabels' in sel || 'matchExpressions' in sel;
  return formatLabelSelector((structured ? sel : { matchLabels: sel }) as Parameters<typeof formatLabelSelector>[0]);
}

/** The autoscaling/v1 Scale of an object: its identity, the desired and observed replicas, the selector. */
export function scaleObject(obj: KubeObject, replicas: number, observed: number, selector?: string): Record<string, unknown> {
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: obj.metadata.name,
      namespace: obj.metadata.namespace,
      uid: obj.metadata.uid,
      resourceVersion: obj.metadata.resourceVersion,
      creationTimestamp: obj.metadata.creationTimestamp,
    },
    spec: { replicas },
    status: { replicas: observed, ...(selector ? { selector } : {}) },
  };
}

/** The autoscaling/v1 Scale view of a Deployment, ReplicaSet, StatefulSet or ReplicationController. */
export function scaleOf(obj: KubeObject): Record<string, unknown> {
  const spec = (obj.spec ?? {}) as Obj;
  const status = (obj.status ?? {}) as Obj;
  return scaleObject(obj, (spec.replicas as number | undefined) ?? 0, (status.replicas as number | undefined) ?? 0, selectorText(spec.selector));
}

/** Turns a PUT or PATCH of the Scale into a change of the owner's spec.replicas. */
export function scaleUpdate(req: ApiRequest): (current: KubeObject) => KubeObject {
  const body = parseBody(req.body, req.headers['content-type'], req.rawBody);
  return (current) => {
    const before = scaleOf(current);
    let desired: Obj;
    if (req.method === 'PUT') desired = body as Obj;
    else if (mediaType(req.headers['content-type']) === 'application/json-patch+json') desired = applyJsonPatch(before, body as never) as Obj;
    else desired = applyMergePatch(before, body) as Obj;
    const replicas = (desired.spec as Obj | undefined)?.replicas;
    if (typeof replicas !== 'number' || !Number.isInteger(replicas)) throw new BadRequestError('spec.replicas: Required value');
    const rv = (desired.metadata as Obj | undefined)?.resourceVersion;
    const next = structuredClone(current);
    (next.spec as Obj).replicas = replicas;
    next.metadata.resourceVersion = req.method === 'PUT' && typeof rv === 'string' ? rv : undefined;
    return next;
  };
}
