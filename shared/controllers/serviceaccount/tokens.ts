import type { Secret } from '../../api/types';
import { issueLegacyToken } from '../../auth/authn/sa-tokens';
import { Controller, objectsOf } from '../controller';
import { get, R, remove, resource, update } from '../client';

const SECRETS = resource('', 'v1', 'secrets');
export const SA_TOKEN_TYPE = 'kubernetes.io/service-account-token';
const SA_NAME = 'kubernetes.io/service-account.name';
const SA_UID = 'kubernetes.io/service-account.uid';

/**
 * Upstream's legacy token controller: a `kubernetes.io/service-account-token` Secret naming a
 * service account (annotation kubernetes.io/service-account.name) gets a signed token of that
 * account, the CA bundle and the namespace; a Secret whose account is gone (or replaced: another
 * uid) is deleted, which revokes its token.
 */
export const tokensController: Controller = {
  name: 'serviceaccount-token',
  filters: [objectsOf('secrets')],
  route(_record, key) {
    return key?.namespace ? [{ resource: 'secrets', namespace: key.namespace, name: key.name, controller: 'serviceaccount-token' }] : [];
  },
  async reconcile(ctx, key) {
    const obj = await get(ctx, SECRETS, key.namespace, key.name);
    const secret = obj as Secret | undefined;
    if (!obj || !secret || secret.type !== SA_TOKEN_TYPE || secret.metadata?.deletionTimestamp) return {};
    const c = ctx.serviceAccountTokens;
    if (!c) return {};
    const ns = String(key.namespace);
    const saName = secret.metadata?.annotations?.[SA_NAME] ?? '';
    const sa = saName ? await get(ctx, R.serviceaccounts, ns, saName) : undefined;
    const wantUid = secret.metadata?.annotations?.[SA_UID];
    if (!sa || (wantUid && wantUid !== sa.metadata.uid)) {
      await remove(ctx, SECRETS, obj);
      return {};
    }
    const data = secret.data ?? {};
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    const ca = b64(c.rootCaCert ?? '');
    if (data.token && data['ca.crt'] === ca && data.namespace === b64(ns) && wantUid) return {};
    const token = data.token ? Buffer.from(data.token, 'base64').toString() : issueLegacyToken(c, ns, { name: saName, uid: String(sa.metadata.uid) }, key.name);
    const annotations = { ...secret.metadata?.annotations, [SA_UID]: String(sa.metadata.uid) };
    await update(ctx, SECRETS, { ...obj, metadata: { ...obj.metadata, annotations }, data: { ...data, token: b64(token), 'ca.crt': ca, namespace: b64(ns) } });
    return {};
  },
};
