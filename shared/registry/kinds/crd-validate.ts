import type { StatusCause } from '../../api/errors';
import type { CustomResourceDefinition, CustomResourceDefinitionVersion, JSONSchemaProps } from '../../api/types/apiextensions/crd';
import { forbidden, invalid, notSupported, required } from '../../api/validation/field';
import { validateDns1035Label, validateDns1123Label, validateDns1123Subdomain } from '../../api/validation/names';
import { validateStructural } from '../custom/structural';

const COLUMN_TYPES = ['integer', 'number', 'string', 'boolean', 'date'];

/**
 * Upstream's ValidateCustomResourceDefinition (v1): the name is <plural>.<group>, names are DNS
 * labels, exactly one storage version, at least one served, a structural schema for each version,
 * consistent subresources and printer columns. Returns causes and the warnings for the write
 * (CEL rules Skiff cannot evaluate).
 */
export function validateCrd(crd: CustomResourceDefinition, old?: CustomResourceDefinition): { causes: StatusCause[]; warnings: string[] } {
  const causes: StatusCause[] = [];
  const warnings: string[] = [];
  const spec = crd.spec;
  const names = spec.names ?? ({} as CustomResourceDefinition['spec']['names']);
  const name = crd.metadata?.name ?? '';
  if (name && spec.group && names.plural && name !== `${names.plural}.${spec.group}`) {
    causes.push(invalid('metadata.name', name, 'must be spec.names.plural+"."+spec.group'));
  }
  if (!spec.group) causes.push(required('spec.group'));
  else {
    for (const msg of validateDns1123Subdomain(spec.group)) causes.push(invalid('spec.group', spec.group, msg));
    if (spec.group.split('.').length < 2) causes.push(invalid('spec.group', spec.group, 'should be a domain with at least one dot'));
  }
  if (!spec.scope) causes.push(required('spec.scope'));
  else if (spec.scope !== 'Cluster' && spec.scope !== 'Namespaced') causes.push(notSupported('spec.scope', spec.scope, ['Cluster', 'Namespaced']));
  if (old && old.spec.scope !== spec.scope) causes.push(invalid('spec.scope', spec.scope, 'field is immutable'));
  causes.push(...validateNames(names));
  if (spec.preserveUnknownFields === true) causes.push(invalid('spec.preserveUnknownFields', true, 'cannot set to true, set x-kubernetes-preserve-unknown-fields to true in spec.versions[*].schema instead'));
  const strategy = spec.conversion?.strategy ?? 'None';
  if (strategy !== 'None' && strategy !== 'Webhook') causes.push(notSupported('spec.conversion.strategy', strategy, ['None', 'Webhook']));
  if (strategy === 'Webhook' && !spec.conversion?.webhook) causes.push(required('spec.conversion.webhook', 'required when strategy is set to Webhook'));
  const versions = spec.versions ?? [];
  if (versions.length === 0) causes.push(invalid('spec.versions', [], 'must have exactly one version marked as storage version'));
  else {
    if (versions.filter((v) => v.storage).length !== 1) causes.push({ reason: 'FieldValueInvalid', field: 'spec.versions', message: 'Invalid value: []apiextensions.CustomResourceDefinitionVersion{...}: must have exactly one version marked as storage version' });
    if (!versions.some((v) => v.served)) causes.push({ reason: 'FieldValueInvalid', field: 'spec.versions', message: 'Invalid value: []apiextensions.CustomResourceDefinitionVersion{...}: must serve at least one version' });
  }
  const seen = new Set<string>();
  versions.forEach((v, i) => {
    const p = `spec.versions[${i}]`;
    if (seen.has(v.name)) causes.push({ reason: 'FieldValueDuplicate', field: `${p}.name`, message: `Duplicate value: "${v.name}"` });
    seen.add(v.name);
    const r = validateVersion(v, p);
    causes.push(...r.causes);
    warnings.push(...r.warnings);
  });
  const stored = crd.status?.storedVersions ?? [];
  for (const s of stored) {
    if (!versions.some((v) => v.name === s)) {
      causes.push(invalid('status.storedVersions', stored, `must have the storage version ${s} in spec.versions`));
    }
  }
  return { causes, warnings };
}

function validateNames(names: CustomResourceDefinition['spec']['names']): StatusCause[] {
  const causes: StatusCause[] = [];
  const label = (field: string, value: string | undefined, req: boolean) => {
    if (!value) {
      if (req) causes.push(required(field));
      return;
    }
    for (const msg of validateDns1035Label(value)) causes.push(invalid(field, value, msg));
  };
  label('spec.names.plural', names.plural, true);
  label('spec.names.singular', names.singular, false);
  const kindRe = /^[A-Za-z][A-Za-z0-9]*$/;
  const kind = (field: string, value: string | undefined, req: boolean) => {
    if (!value) {
      if (req) causes.push(required(field));
    } else if (!kindRe.test(value) || validateDns1035Label(value.toLowerCase()).length > 0) {
      causes.push(invalid(field, value, 'may have mixed case, but should otherwise match: [a-z]([-a-z0-9]*[a-z0-9])?'));
    }
  };
  kind('spec.names.kind', names.kind, true);
  kind('spec.names.listKind', names.listKind, true);
  if (names.kind && names.listKind && names.kind === names.listKind) causes.push(invalid('spec.names.listKind', names.listKind, 'kind and listKind may not be the same'));
  (names.shortNames ?? []).forEach((s, i) => {
    for (const msg of validateDns1035Label(s)) causes.push(invalid(`spec.names.shortNames[${i}]`, s, msg));
  });
  (names.categories ?? []).forEach((c, i) => {
    for (const msg of validateDns1123Label(c)) causes.push(invalid(`spec.names.categories[${i}]`, c, msg));
  });
  return causes;
}

function validateVersion(v: CustomResourceDefinitionVersion, p: string): { causes: StatusCause[]; warnings: string[] } {
  const causes: StatusCause[] = [];
  let warnings: string[] = [];
  if (!v.name) causes.push(required(`${p}.name`));
  else for (const msg of validateDns1035Label(v.name)) causes.push(invalid(`${p}.name`, v.name, msg));
  if (v.deprecationWarning !== undefined && !v.deprecated) causes.push(invalid(`${p}.deprecationWarning`, v.deprecationWarning, 'can only be set for deprecated versions'));
  const schema = v.schema?.openAPIV3Schema as JSONSchemaProps | undefined;
  if (!schema) causes.push(required(`${p}.schema.openAPIV3Schema`, 'schemas are required'));
  else {
    const r = validateStructural(schema, [...p.split('.'), 'schema', 'openAPIV3Schema'].flatMap(splitIndex));
    causes.push(...r.causes);
    warnings = r.warnings;
  }
  const scale = v.subresources?.scale;
  if (scale) {
    if (!scale.specReplicasPath.startsWith('.spec.')) causes.push(invalid(`${p}.subresources.scale.specReplicasPath`, scale.specReplicasPath, 'should be a json path under .spec'));
    if (!scale.statusReplicasPath.startsWith('.status.')) causes.push(invalid(`${p}.subresources.scale.statusReplicasPath`, scale.statusReplicasPath, 'should be a json path under .status'));
    if (scale.labelSelectorPath && !/^\.(spec|status)\./.test(scale.labelSelectorPath)) {
      causes.push(invalid(`${p}.subresources.scale.labelSelectorPath`, scale.labelSelectorPath, 'should be a json path under either .spec or .status'));
    }
  }
  (v.additionalPrinterColumns ?? []).forEach((c, i) => {
    const cp = `${p}.additionalPrinterColumns[${i}]`;
    if (!c.name) causes.push(required(`${cp}.name`));
    if (!COLUMN_TYPES.includes(c.type)) causes.push(notSupported(`${cp}.type`, c.type, COLUMN_TYPES));
    if (!c.jsonPath) causes.push(required(`${cp}.JSONPath`));
    if ((c.priority ?? 0) < 0) causes.push(forbidden(`${cp}.priority`, 'negative priorities are forbidden'));
  });
  (v.selectableFields ?? []).forEach((f, i) => {
    if (!f.jsonPath.startsWith('.')) causes.push(invalid(`${p}.selectableFields[${i}].jsonPath`, f.jsonPath, 'must be a simple json path starting with .'));
  });
  if ((v.selectableFields ?? []).length > 8) causes.push({ reason: 'FieldValueTooMany', field: `${p}.selectableFields`, message: `Too many: ${(v.selectableFields ?? []).length}: must have at most 8 items` });
  return { causes, warnings };
}

/** `spec.versions[0]` -> ['spec', 'versions', 0]. */
function splitIndex(part: string): (string | number)[] {
  const m = /^([^[]+)\[(\d+)\]$/.exec(part);
  return m ? [m[1], Number(m[2])] : [part];
}
