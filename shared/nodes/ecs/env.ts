import type { KeyValuePair, Secret as EcsSecret } from '@aws-sdk/client-ecs';
import type { Container, EnvVar, Pod } from '../../api/types';
import { parseMilliValue, parseValue } from '../../scheduler/quantity';
import { ConfigError, MappingInputs } from './inputs';

/**
 * A container's environment split three ways: values the template fixes (in the task definition),
 * values of this one pod (RunTask container overrides, so one template shares one revision), and
 * Secret keys (ECS `secrets`, read by ECS from Secrets Manager: never a value in either).
 */
export interface MappedEnv {
  environment: KeyValuePair[];
  podEnvironment: KeyValuePair[];
  secrets: EcsSecret[];
  /** fieldRefs not known when the task starts (status.podIP and the like): left unset, reported. */
  unknownFields: string[];
}

const PER_POD_FIELDS: Record<string, (pod: Pod) => string | undefined> = {
  'metadata.name': (p) => p.metadata?.name,
  'metadata.namespace': (p) => p.metadata?.namespace,
  'metadata.uid': (p) => p.metadata?.uid,
  'spec.nodeName': (p) => p.spec?.nodeName,
  'spec.serviceAccountName': (p) => p.spec?.serviceAccountName,
};

function fieldValue(pod: Pod, path: string): string | undefined | null {
  const m = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
  if (m) return pod.metadata?.[m[1] as 'labels' | 'annotations']?.[m[2]] ?? '';
  const read = PER_POD_FIELDS[path];
  return read ? (read(pod) ?? '') : null;
}

function resourceValue(c: Container, resource: string, divisor?: string | number): string {
  const [kind, name] = resource.split('.') as ['limits' | 'requests', string];
  const q = c.resources?.[kind]?.[name] ?? (kind === 'requests' ? c.resources?.limits?.[name] : undefined);
  if (q === undefined) return '0';
  if (name === 'cpu') return String(Math.ceil(parseMilliValue(q) / parseMilliValue(divisor ?? '1')));
  return String(Math.ceil(parseValue(q) / parseValue(divisor ?? '1')));
}

/** Upstream's $(VAR) expansion of a literal against the variables defined before it; $$ escapes. */
export function expand(value: string, known: Map<string, string>): string {
  return value.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (all, name: string | undefined) => {
    if (!name) return '$';
    return known.has(name) ? (known.get(name) as string) : all;
  });
}

/** Maps one container's env and envFrom; throws ConfigError when a required ConfigMap/Secret (key) is missing. */
export function mapEnv(pod: Pod, c: Container, inputs: MappingInputs): MappedEnv {
  const ns = pod.metadata?.namespace ?? 'default';
  const template = new Map<string, string>();
  const perPod = new Map<string, string>();
  const secrets = new Map<string, string>();
  const unknownFields: string[] = [];
  const set = (name: string, value: string, where: Map<string, string>) => {
    for (const m of [template, perPod, secrets]) m.delete(name);
    where.set(name, value);
  };
  const secretRef = (name: string, key: string, optional: boolean | undefined): string | undefined => {
    const s = inputs.secrets.get(name);
    if (!s) {
      if (optional) return undefined;
      throw new ConfigError(`secret "${name}" not found`);
    }
    if (!s.keys.includes(key)) {
      if (optional) return undefined;
      throw new ConfigError(`couldn't find key ${key} in Secret ${ns}/${name}`);
    }
    return `${s.arn}:${key}::`;
  };
  for (const from of c.envFrom ?? []) {
    const prefix = from.prefix ?? '';
    if (from.configMapRef) {
      const cm = inputs.configMaps.get(from.configMapRef.name ?? '');
      if (!cm && !from.configMapRef.optional) throw new ConfigError(`configmap "${from.configMapRef.name}" not found`);
      for (const [k, v] of Object.entries(cm?.data ?? {})) set(prefix + k, v, template);
    }
    if (from.secretRef) {
      const s = inputs.secrets.get(from.secretRef.name ?? '');
      if (!s && !from.secretRef.optional) throw new ConfigError(`secret "${from.secretRef.name}" not found`);
      for (const k of s?.keys ?? []) set(prefix + k, `${s?.arn}:${k}::`, secrets);
    }
  }
  const known = new Map<string, string>();
  for (const e of c.env ?? []) mapVar(e);
  function mapVar(e: EnvVar): void {
    const src = e.valueFrom;
    if (!src) {
      const value = expand(e.value ?? '', known);
      known.set(e.name, value);
      return set(e.name, value, template);
    }
    if (src.fieldRef) {
      const value = fieldValue(pod, src.fieldRef.fieldPath);
      if (value === null) return void unknownFields.push(`${c.name}: env ${e.name} (fieldRef ${src.fieldRef.fieldPath})`);
      known.set(e.name, value ?? '');
      return set(e.name, value ?? '', perPod);
    }
    if (src.resourceFieldRef) {
      const r = src.resourceFieldRef;
      const target = r.containerName ? [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].find((x) => x.name === r.containerName) ?? c : c;
      return set(e.name, resourceValue(target, r.resource, r.divisor), template);
    }
    if (src.configMapKeyRef) {
      const ref = src.configMapKeyRef;
      const cm = inputs.configMaps.get(ref.name ?? '');
      const value = cm?.data?.[ref.key];
      if (value !== undefined) return set(e.name, value, template);
      if (ref.optional) return;
      throw new ConfigError(cm ? `couldn't find key ${ref.key} in ConfigMap ${ns}/${ref.name}` : `configmap "${ref.name}" not found`);
    }
    if (src.secretKeyRef) {
      const arn = secretRef(src.secretKeyRef.name ?? '', src.secretKeyRef.key, src.secretKeyRef.optional);
      if (arn) set(e.name, arn, secrets);
    }
  }
  const pairs = (m: Map<string, string>): KeyValuePair[] => [...m].map(([name, value]) => ({ name, value }));
  return {
    environment: pairs(template),
    podEnvironment: pairs(perPod),
    secrets: [...secrets].map(([name, valueFrom]) => ({ name, valueFrom })),
    unknownFields,
  };
}
