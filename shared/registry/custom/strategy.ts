import type { StatusCause } from '../../api/errors';
import type { JSONSchemaProps } from '../../api/types/apiextensions/crd';
import type { KubeObject, Strategy } from '../resource';
import type { CustomResourceInfo } from './info';
import { evaluateJsonPath } from './jsonpath';
import { validateCel } from './schema/cel';
import { validateValue } from './schema/validate';

/** The checks of a custom resource: its structural schema, then its CEL rules (which see the old object). */
export function validateCustomResource(schema: JSONSchemaProps, obj: KubeObject, old?: KubeObject): StatusCause[] {
  const causes = validateValue(schema, obj);
  // Upstream skips CEL when the schema checks fail: rules may assume the types the schema promises.
  if (causes.length > 0) return causes;
  return validateCel(schema, obj, old);
}

/** A selectable field's value as a field selector compares it: scalars as strings, else absent. */
function selectableValue(obj: KubeObject, path: string): string | undefined {
  const [v] = evaluateJsonPath(path, obj);
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/** The strategy of one served version of a custom resource (upstream's customresource strategy). */
export function customResourceStrategy(info: CustomResourceInfo): Strategy {
  return {
    prepareForCreate(obj) {
      // With a status subresource, status is written through it only: a create starts without one.
      if (info.status) delete obj.status;
    },
    validate(obj, old) {
      return validateCustomResource(info.schema, obj, old);
    },
    fieldLabels(obj) {
      const out: Record<string, string> = {};
      for (const path of info.selectableFields) out[path.replace(/^\./, '')] = selectableValue(obj, path) ?? '';
      return out;
    },
    warnings() {
      return info.deprecationWarning ? [info.deprecationWarning] : [];
    },
  };
}
