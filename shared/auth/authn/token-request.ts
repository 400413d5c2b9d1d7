import { BadRequestError, ConflictError, InternalError, InvalidError, NotFoundError } from '../../api/errors';
import type { TokenRequest } from '../../api/types';
import { get, R, resource } from '../../controllers/client';
import type { RestContext } from '../../registry/context';
import type { KubeObject } from '../../registry/resource';
import { KubernetesClaim } from './sa-claims';
import { issueToken } from './sa-tokens';

const GR = { group: '', resource: 'serviceaccounts' };

/** Upstream's defaults and limits: an hour unless asked, at least 10 minutes, at most 2^32 s. */
export const DEFAULT_EXPIRATION_SECONDS = 3600;
const MIN_EXPIRATION_SECONDS = 600;
const MAX_EXPIRATION_SECONDS = 2 ** 32;

type Spec = NonNullable<TokenRequest['spec']>;

/**
 * serviceaccounts/token (TokenRequest): a token for the service account, for the audiences asked
 * (the API server's by default), bound to a Pod, Secret or Node when asked; a pod-bound token
 * also names the pod's node, as upstream's do since v1.32.
 */
export async function requestToken(ctx: RestContext, namespace: string, name: string, spec: Spec): Promise<TokenRequest> {
  const c = ctx.serviceAccountTokens;
  if (!c) throw new InternalError('service account tokens are not configured');
  const expirationSeconds = spec.expirationSeconds ?? DEFAULT_EXPIRATION_SECONDS;
  if (expirationSeconds < MIN_EXPIRATION_SECONDS) {
    throw new InvalidError('TokenRequest', 'authentication.k8s.io', name, [{ reason: 'FieldValueInvalid', field: 'spec.expirationSeconds', message: `Invalid value: ${expirationSeconds}: may not specify a duration less than 10 minutes` }]);
  }
  if (expirationSeconds > MAX_EXPIRATION_SECONDS) {
    throw new InvalidError('TokenRequest', 'authentication.k8s.io', name, [{ reason: 'FieldValueInvalid', field: 'spec.expirationSeconds', message: `Invalid value: ${expirationSeconds}: may not specify a duration larger than 2^32 seconds` }]);
  }
  const sa = await get(ctx, R.serviceaccounts, namespace, name);
  if (!sa || sa.metadata.deletionTimestamp) throw new NotFoundError(GR, name);
  const claim: KubernetesClaim = { namespace, serviceaccount: { name, uid: String(sa.metadata.uid) } };
  const ref = spec.boundObjectRef;
  if (ref) {
    const bound = await boundObject(ctx, namespace, name, ref);
    const r = { name: String(bound.metadata.name), uid: String(bound.metadata.uid) };
    if (ref.kind === 'Pod') {
      claim.pod = r;
      const nodeName = (bound.spec as { nodeName?: string } | undefined)?.nodeName;
      const node = nodeName ? await get(ctx, R.nodes, undefined, nodeName) : undefined;
      if (node) claim.node = { name: String(node.metadata.name), uid: String(node.metadata.uid) };
    } else if (ref.kind === 'Secret') claim.secret = r;
    else claim.node = r;
  }
  const audiences = spec.audiences?.length ? spec.audiences : c.audiences;
  const granted = Math.min(expirationSeconds, c.maxExpirationSeconds ?? MAX_EXPIRATION_SECONDS);
  const { token, exp } = issueToken(c, claim, audiences, granted);
  return {
    kind: 'TokenRequest',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: { name, namespace, creationTimestamp: new Date((c.now?.() ?? Date.now())).toISOString().replace(/\.\d+Z$/, 'Z') },
    spec: { audiences, expirationSeconds: granted, ...(ref ? { boundObjectRef: { ...ref, uid: claim.pod?.uid ?? claim.secret?.uid ?? claim.node?.uid } } : {}) },
    status: { token, expirationTimestamp: new Date(exp * 1000).toISOString().replace(/\.\d+Z$/, 'Z') },
  };
}

async function boundObject(ctx: RestContext, namespace: string, saName: string, ref: NonNullable<Spec['boundObjectRef']>): Promise<KubeObject> {
  const version = ref.apiVersion ?? 'v1';
  if (version !== 'v1' || !['Pod', 'Secret', 'Node'].includes(ref.kind ?? '')) {
    throw new BadRequestError(`cannot bind token to object of type ${version}, Kind=${ref.kind ?? ''}`);
  }
  const kind = ref.kind as 'Pod' | 'Secret' | 'Node';
  const def = resource('', 'v1', kind === 'Pod' ? 'pods' : kind === 'Secret' ? 'secrets' : 'nodes');
  const name = ref.name ?? '';
  const obj = await get<KubeObject>(ctx, def, kind === 'Node' ? undefined : namespace, name);
  if (!obj) throw new NotFoundError({ group: '', resource: def.resource }, name);
  if (ref.uid && ref.uid !== obj.metadata.uid) {
    throw new ConflictError({ group: '', resource: def.resource }, name, `the UID in the bound object reference (${ref.uid}) does not match the UID in record. The object might have been deleted and then recreated`);
  }
  if (kind === 'Pod' && ((obj.spec as { serviceAccountName?: string } | undefined)?.serviceAccountName ?? 'default') !== saName) {
    throw new BadRequestError(`cannot bind token for serviceaccount "${saName}" to pod running with different serviceaccount name.`);
  }
  if (kind === 'Secret') {
    const owner = (obj.metadata.annotations as Record<string, string> | undefined)?.['kubernetes.io/service-account.name'];
    if (owner !== undefined && owner !== saName) throw new BadRequestError(`cannot bind token for serviceaccount "${saName}" to secret of a different serviceaccount.`);
  }
  return obj;
}
