import { StatusCause } from '../../api/errors';
import { tooLong } from '../../api/validation/field';
import { KubeObject, Strategy, viewOf } from '../resource';
import type { Event } from '../../api/types';
import { legacyEventCauses } from './event-validate';

type Obj = Record<string, unknown>;

const DATA_KEY = /^[-._a-zA-Z0-9]+$/;

function validateDataKeys(obj: KubeObject, fields: string[]): StatusCause[] {
  const causes: StatusCause[] = [];
  for (const field of fields) {
    for (const key of Object.keys((obj[field] as Obj | undefined) ?? {})) {
      if (!DATA_KEY.test(key) || key.length > 253) {
        causes.push({
          reason: 'FieldValueInvalid',
          message: `Invalid value: "${key}": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
          field: `${field}`,
        });
      }
    }
  }
  return causes;
}

/** corev1.MaxSecretSize: the data of a ConfigMap or Secret together may not pass 1 MiB. */
const MAX_DATA_BYTES = 1024 * 1024;

function validateDataSize(obj: KubeObject, fields: string[], field: string): StatusCause[] {
  let total = 0;
  for (const f of fields) {
    for (const value of Object.values((obj[f] as Record<string, string> | undefined) ?? {})) {
      // binaryData and Secret data are base64 on the wire; the limit counts the bytes they stand for.
      total += f === 'data' && obj.kind !== 'Secret' ? Buffer.byteLength(value) : Buffer.from(value, 'base64').length;
    }
  }
  return total > MAX_DATA_BYTES ? [tooLong(field, MAX_DATA_BYTES)] : [];
}

function immutableData(obj: KubeObject, old: KubeObject | undefined, fields: string[]): StatusCause[] {
  if (!old || old.immutable !== true) return [];
  const changed = fields.some((f) => JSON.stringify(obj[f] ?? {}) !== JSON.stringify(old[f] ?? {}));
  const causes: StatusCause[] = [];
  if (changed) causes.push({ reason: 'FieldValueForbidden', message: 'Forbidden: field is immutable when `immutable` is set', field: fields[0] });
  if (obj.immutable !== true) causes.push({ reason: 'FieldValueForbidden', message: 'Forbidden: field is immutable when `immutable` is set', field: 'immutable' });
  return causes;
}

export const configMapStrategy: Strategy = {
  validate: (obj, old) => [
    ...validateDataKeys(obj, ['data', 'binaryData']),
    ...validateDataSize(obj, ['data', 'binaryData'], ''),
    ...immutableData(obj, old, ['data', 'binaryData']),
  ],
};

export const secretStrategy: Strategy = {
  defaults(obj) {
    obj.type ??= 'Opaque';
    // stringData is write-only: it merges into data (base64) and is never stored.
    const stringData = obj.stringData as Record<string, string> | undefined;
    if (stringData) {
      const data = (obj.data ??= {}) as Record<string, string>;
      for (const [k, v] of Object.entries(stringData)) data[k] = Buffer.from(v, 'utf8').toString('base64');
      delete obj.stringData;
    }
  },
  validate(obj, old) {
    const causes = [...validateDataKeys(obj, ['data']), ...validateDataSize(obj, ['data'], 'data'), ...immutableData(obj, old, ['data'])];
    if (old && old.type !== obj.type) causes.push({ reason: 'FieldValueInvalid', message: `Invalid value: "${String(obj.type)}": field is immutable`, field: 'type' });
    return causes;
  },
  fieldLabels: (obj) => ({ type: String(obj.type ?? '') }),
};

export const namespaceStrategy: Strategy = {
  defaults(obj) {
    const spec = (obj.spec ??= {}) as Obj;
    spec.finalizers ??= ['kubernetes'];
    const status = (obj.status ??= {}) as Obj;
    status.phase ??= 'Active';
    const labels = (obj.metadata.labels ??= {}) as Record<string, string>;
    // Upstream labels every namespace with its own name, for namespace selectors.
    labels['kubernetes.io/metadata.name'] = String(obj.metadata.name);
  },
  fieldLabels: (obj) => ({ 'status.phase': String((obj.status as Obj | undefined)?.phase ?? '') }),
};

export const nodeStrategy: Strategy = {
  fieldLabels: (obj) => ({ 'spec.unschedulable': String((obj.spec as Obj | undefined)?.unschedulable ?? false) }),
};

export const eventStrategy: Strategy = {
  validate: (obj) => legacyEventCauses(viewOf<Event>(obj)),
  fieldLabels(obj) {
    const io = (obj.involvedObject ?? {}) as Obj;
    const source = (obj.source ?? {}) as Obj;
    return {
      'involvedObject.kind': String(io.kind ?? ''),
      'involvedObject.namespace': String(io.namespace ?? ''),
      'involvedObject.name': String(io.name ?? ''),
      'involvedObject.uid': String(io.uid ?? ''),
      'involvedObject.apiVersion': String(io.apiVersion ?? ''),
      'involvedObject.resourceVersion': String(io.resourceVersion ?? ''),
      'involvedObject.fieldPath': String(io.fieldPath ?? ''),
      reason: String(obj.reason ?? ''),
      reportingComponent: String(obj.reportingComponent ?? ''),
      source: String(source.component ?? ''),
      type: String(obj.type ?? ''),
    };
  },
};

export const noStrategy: Strategy = {};
