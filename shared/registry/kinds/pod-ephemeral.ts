/**
 * The `pods/ephemeralcontainers` subresource's rules (upstream's ValidatePodEphemeralContainersUpdate
 * and validateEphemeralContainers): only spec.ephemeralContainers changes through it; existing
 * ephemeral containers may be neither removed nor changed; a new one is a valid debugging
 * container (a unique name, an image, none of the fields only regular containers have, a target
 * that exists).
 */
import { sameJson } from '../../api/patch/json';
import type { StatusCause } from '../../api/errors';
import { forbidden, required } from '../../api/validation/field';
import { validateDns1123Label } from '../../api/validation/names';
import type { KubeObject } from '../resource';

type Obj = Record<string, unknown>;
const PATH = 'spec.ephemeralContainers';
const NOT_FOR_EPHEMERAL = ['ports', 'livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle', 'resources', 'resizePolicy', 'restartPolicy'];

const listOf = (spec: unknown, key: string): Obj[] => (((spec ?? {}) as Obj)[key] as Obj[] | undefined) ?? [];

/** The pod the subresource writes: the stored one with the request's ephemeral containers, nothing else. */
export function withEphemeralContainers(current: KubeObject, desired: KubeObject): KubeObject {
  const next = structuredClone(current);
  const spec = (next.spec ?? {}) as Obj;
  const wanted = listOf(desired.spec, 'ephemeralContainers');
  if (wanted.length > 0) spec.ephemeralContainers = structuredClone(wanted);
  else delete spec.ephemeralContainers;
  next.spec = spec;
  return next;
}

export function validateEphemeralContainersUpdate(next: KubeObject, old: KubeObject): StatusCause[] {
  if ((old.metadata.annotations as Record<string, string> | undefined)?.['kubernetes.io/config.mirror'] !== undefined) return [forbidden('', 'static pods do not support ephemeral containers')];
  const causes: StatusCause[] = [];
  const now = listOf(next.spec, 'ephemeralContainers');
  const byName = new Map(now.map((c) => [String(c.name), c]));
  const before = listOf(old.spec, 'ephemeralContainers');
  for (const was of before) {
    const is = byName.get(String(was.name));
    if (!is) causes.push(forbidden(PATH, `existing ephemeral containers ${JSON.stringify(was.name)} may not be removed\n`));
    else if (!sameJson(is, was)) causes.push(forbidden(`${PATH}[${String(was.name)}]`, `existing ephemeral containers ${JSON.stringify(was.name)} may not be changed\n`));
  }
  const regular = [...listOf(next.spec, 'containers'), ...listOf(next.spec, 'initContainers')].map((c) => String(c.name));
  const seen = new Set([...regular]);
  now.forEach((c, i) => {
    const at = `${PATH}[${i}]`;
    const name = c.name as string | undefined;
    if (!name) causes.push(required(`${at}.name`));
    else {
      for (const m of validateDns1123Label(name)) causes.push({ reason: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(name)}: ${m}`, field: `${at}.name` });
      if (seen.has(name)) causes.push({ reason: 'FieldValueDuplicate', message: `Duplicate value: ${JSON.stringify(name)}`, field: `${at}.name` });
      seen.add(name);
    }
    if (before.some((b) => b.name === name)) return;
    if (!c.image) causes.push(required(`${at}.image`));
    for (const f of NOT_FOR_EPHEMERAL) if (c[f] !== undefined && !(f === 'resources' && sameJson(c[f], {}))) causes.push(forbidden(`${at}.${f}`, 'cannot be set for an Ephemeral Container'));
    const target = c.targetContainerName as string | undefined;
    if (target && !regular.includes(target)) causes.push({ reason: 'FieldValueNotFound', message: `Not found: ${JSON.stringify(target)}`, field: `${at}.targetContainerName` });
  });
  return causes;
}
