import { StatusCause } from '../api/errors';
import { validateLabelKey, validateLabelValue } from '../api/selectors/labels';
import { validateDns1123Label, validateName, validateDns1123Subdomain } from '../api/validation/names';
import { KubeObject, ResourceDef } from './resource';

type Meta = {
  name?: string;
  generateName?: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  ownerReferences?: { apiVersion?: string; kind?: string; name?: string; uid?: string; controller?: boolean }[];
};

const invalid = (field: string, value: unknown, message: string): StatusCause => ({
  reason: 'FieldValueInvalid',
  message: `Invalid value: ${JSON.stringify(value)}: ${message}`,
  field,
});

const MAX_ANNOTATIONS_BYTES = 256 * 1024;

/** Upstream's ValidateObjectMeta: names, labels, annotations, finalizers, owner references. */
export function validateMeta(def: ResourceDef, obj: KubeObject): StatusCause[] {
  const meta = obj.metadata as Meta;
  const causes: StatusCause[] = [];
  if (!meta.name) {
    causes.push({ reason: 'FieldValueRequired', message: 'name or generateName is required', field: 'metadata.name' });
  } else {
    for (const msg of validateName(def.nameRule, meta.name)) causes.push(invalid('metadata.name', meta.name, msg));
  }
  if (def.namespaced) {
    if (!meta.namespace) causes.push({ reason: 'FieldValueRequired', message: 'Required value', field: 'metadata.namespace' });
    else for (const msg of validateDns1123Label(meta.namespace)) causes.push(invalid('metadata.namespace', meta.namespace, msg));
  } else if (meta.namespace) {
    causes.push({ reason: 'FieldValueForbidden', message: 'Forbidden: not allowed on this type', field: 'metadata.namespace' });
  }
  for (const [key, value] of Object.entries(meta.labels ?? {})) {
    for (const msg of validateLabelKey(key)) causes.push(invalid('metadata.labels', key, msg));
    for (const msg of validateLabelValue(String(value))) causes.push(invalid('metadata.labels', value, msg));
  }
  let annotationBytes = 0;
  for (const [key, value] of Object.entries(meta.annotations ?? {})) {
    for (const msg of validateLabelKey(key.toLowerCase())) causes.push(invalid('metadata.annotations', key, msg));
    annotationBytes += key.length + String(value).length;
  }
  if (annotationBytes > MAX_ANNOTATIONS_BYTES) {
    causes.push({
      reason: 'FieldValueTooLong',
      message: `Too long: must have at most ${MAX_ANNOTATIONS_BYTES} bytes`,
      field: 'metadata.annotations',
    });
  }
  (meta.finalizers ?? []).forEach((f, i) => {
    const [prefix, name] = f.includes('/') ? f.split('/', 2) : [undefined, f];
    const msgs = [...(prefix ? validateDns1123Subdomain(prefix) : []), ...validateLabelKey(name ?? '')];
    for (const msg of msgs) causes.push(invalid(`metadata.finalizers[${i}]`, f, msg));
  });
  (meta.ownerReferences ?? []).forEach((ref, i) => {
    for (const key of ['apiVersion', 'kind', 'name', 'uid'] as const) {
      if (!ref[key]) causes.push({ reason: 'FieldValueRequired', message: 'Required value', field: `metadata.ownerReferences[${i}].${key}` });
    }
  });
  if ((meta.ownerReferences ?? []).filter((r) => r.controller).length > 1) {
    causes.push({ reason: 'FieldValueInvalid', message: 'Invalid value: only one reference can have Controller set to true', field: 'metadata.ownerReferences' });
  }
  return causes;
}

export const immutable = (field: string, value: unknown): StatusCause => ({
  reason: 'FieldValueInvalid',
  message: `Invalid value: ${JSON.stringify(value)}: field is immutable`,
  field,
});
