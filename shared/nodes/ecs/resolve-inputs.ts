import type { ConfigMap, Pod, Secret, ServiceAccount } from '../../api/types';
import { get, resource } from '../../controllers/client';
import type { RestContext } from '../../registry/context';
import { ComputeType, ConfigError, MappingInputs, ROLE_ARN_ANNOTATION } from './inputs';
import { pullEntryName } from './names';
import type { SecretsMirror } from './secrets-mirror';
import { tokenVolumes } from './token-sidecar';

const CONFIGMAPS = resource('', 'v1', 'configmaps');
const SECRETS = resource('', 'v1', 'secrets');
const SERVICEACCOUNTS = resource('', 'v1', 'serviceaccounts');

/** The settings every pod's mapping shares. */
export type MappingSettings = Pick<MappingInputs, 'cluster' | 'region' | 'logGroup' | 'executionRoleArn' | 'volumeWriterImage' | 'defaultTaskRoleArn' | 'podToken'>;

/** The ConfigMaps and Secrets a pod refers to (env, envFrom, volumes, projected sources), by name. */
export function referencedObjects(pod: Pod): { configMaps: Set<string>; secrets: Set<string> } {
  const configMaps = new Set<string>();
  const secrets = new Set<string>();
  const spec = pod.spec;
  for (const c of [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])]) {
    for (const e of c.env ?? []) {
      if (e.valueFrom?.configMapKeyRef?.name) configMaps.add(e.valueFrom.configMapKeyRef.name);
      if (e.valueFrom?.secretKeyRef?.name) secrets.add(e.valueFrom.secretKeyRef.name);
    }
    for (const f of c.envFrom ?? []) {
      if (f.configMapRef?.name) configMaps.add(f.configMapRef.name);
      if (f.secretRef?.name) secrets.add(f.secretRef.name);
    }
  }
  for (const v of spec?.volumes ?? []) {
    if (v.configMap?.name) configMaps.add(v.configMap.name);
    if (v.secret?.secretName) secrets.add(v.secret.secretName);
    for (const s of v.projected?.sources ?? []) {
      if (s.configMap?.name) configMaps.add(s.configMap.name);
      if (s.secret?.name) secrets.add(s.secret.name);
    }
  }
  return { configMaps, secrets };
}

/** Docker config registries as hosts: `https://index.docker.io/v1/` is docker.io. */
function registryHost(key: string): string {
  const host = key.replace(/^https?:\/\//, '').split('/')[0];
  return host === 'index.docker.io' ? 'docker.io' : host;
}

/**
 * Reads what a pod's mapping needs: its ConfigMaps, its Secrets (mirrored to Secrets Manager, only
 * their ARNs and keys come back), its service account's role and its image pull credentials.
 */
export async function resolveInputs(ctx: RestContext, pod: Pod, compute: ComputeType, settings: MappingSettings, mirror: SecretsMirror): Promise<MappingInputs> {
  const ns = pod.metadata?.namespace ?? 'default';
  // The runner learns its API URL only once it listens: a pod with a token waits for it.
  if (settings.podToken && !settings.podToken.url && tokenVolumes(pod).length) throw new ConfigError('the API URL pods fetch their service account token from is not known yet', 'volume');
  const refs = referencedObjects(pod);
  const configMaps: MappingInputs['configMaps'] = new Map();
  const secrets: MappingInputs['secrets'] = new Map();
  for (const name of refs.configMaps) {
    const cm = (await get(ctx, CONFIGMAPS, ns, name)) as ConfigMap | undefined;
    if (cm) configMaps.set(name, cm);
  }
  for (const name of refs.secrets) {
    const s = (await get(ctx, SECRETS, ns, name)) as Secret | undefined;
    if (s) secrets.set(name, await mirror.ensure(ns, name, s));
  }
  const sa = (await get(ctx, SERVICEACCOUNTS, ns, pod.spec?.serviceAccountName ?? 'default')) as ServiceAccount | undefined;
  const pullCredentials = new Map<string, string>();
  for (const ref of pod.spec?.imagePullSecrets ?? []) {
    const s = (await get(ctx, SECRETS, ns, ref.name ?? '')) as Secret | undefined;
    const raw = s?.data?.['.dockerconfigjson'];
    if (!raw) continue;
    const auths = (JSON.parse(Buffer.from(raw, 'base64').toString('utf8')) as { auths?: Record<string, { username?: string; password?: string; auth?: string }> }).auths ?? {};
    for (const [key, a] of Object.entries(auths)) {
      const host = registryHost(key);
      if (pullCredentials.has(host)) continue;
      const [user, pass] = a.username !== undefined ? [a.username, a.password ?? ''] : Buffer.from(a.auth ?? '', 'base64').toString('utf8').split(/:(.*)/s);
      const arn = await mirror.ensureEntry(pullEntryName(settings.cluster, ns, String(ref.name), host), { username: user ?? '', password: pass ?? '' }, `Registry credentials ${ns}/${ref.name} for ${host}`);
      pullCredentials.set(host, arn);
    }
  }
  return {
    ...settings,
    compute,
    configMaps,
    secrets,
    pullCredentials,
    // A pod whose token the sidecar fetches signs with a role: its account's, else the cluster's default.
    taskRoleArn: sa?.metadata?.annotations?.[ROLE_ARN_ANNOTATION] ?? (tokenVolumes(pod).length ? settings.defaultTaskRoleArn : undefined),
  };
}
