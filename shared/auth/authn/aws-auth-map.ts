import * as yaml from 'js-yaml';
import type { UserInfo } from '../user';

/**
 * The `aws-auth` ConfigMap in kube-system, as on EKS clusters before access entries: `mapRoles`
 * (rolearn, username, groups) and `mapUsers` (userarn, username, groups), each a YAML list.
 * Usernames may use `{{AccountID}}`, `{{SessionName}}` (its `@` as `-`) and `{{SessionNameRaw}}`.
 */
export interface Identity {
  arn: string;
  account: string;
  userId: string;
}

interface Mapping {
  arn: string;
  username: string;
  groups: string[];
}

/** `arn:aws:sts::1:assumed-role/Role/session` -> `arn:aws:iam::1:role/Role`: how mapRoles names it. */
export function canonicalArn(arn: string): { canonical: string; sessionName?: string } {
  const m = /^arn:(aws[a-z-]*):sts::(\d+):assumed-role\/([^/]+)\/(.+)$/.exec(arn);
  if (m) return { canonical: `arn:${m[1]}:iam::${m[2]}:role/${m[3]}`, sessionName: m[4] };
  return { canonical: arn };
}

function entries(text: string | undefined, arnKey: 'rolearn' | 'userarn'): Mapping[] {
  if (!text) return [];
  let parsed: unknown;
  try {
    parsed = yaml.load(text);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  return parsed.flatMap((e: Record<string, unknown>): Mapping[] => {
    const arn = e?.[arnKey];
    if (typeof arn !== 'string') return [];
    const groups = Array.isArray(e.groups) ? e.groups.filter((g): g is string => typeof g === 'string') : [];
    return [{ arn: arn.replace(/:role\/.*\//, ':role/'), username: typeof e.username === 'string' ? e.username : '', groups }];
  });
}

/** The user an STS identity maps to through the ConfigMap's data, or undefined when it is not mapped. */
export function mapIdentity(data: Record<string, string> | undefined, id: Identity, accessKeyId: string): UserInfo | undefined {
  const { canonical, sessionName } = canonicalArn(id.arn);
  const all = [...entries(data?.mapRoles, 'rolearn'), ...entries(data?.mapUsers, 'userarn')];
  const match = all.find((m) => m.arn.toLowerCase() === canonical.toLowerCase());
  if (!match) return undefined;
  const username = (match.username || canonical)
    .replace(/\{\{AccountID\}\}/g, id.account)
    .replace(/\{\{SessionNameRaw\}\}/g, sessionName ?? '')
    .replace(/\{\{SessionName\}\}/g, (sessionName ?? '').replace(/@/g, '-'));
  const extra: Record<string, string[]> = { arn: [id.arn], canonicalArn: [canonical], accessKeyId: [accessKeyId], principalId: [id.userId] };
  if (sessionName) extra.sessionName = [sessionName];
  return {
    username,
    uid: `aws-iam-authenticator:${id.account}:${id.userId}`,
    groups: [...match.groups.filter((g) => g !== 'system:authenticated'), 'system:authenticated'],
    extra,
  };
}
