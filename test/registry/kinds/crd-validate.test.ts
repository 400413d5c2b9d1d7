import type { CustomResourceDefinition } from '../../../shared/api/types/apiextensions/crd';
import { validateCrd } from '../../../shared/registry/kinds/crd-validate';

const base = (): CustomResourceDefinition => ({
  metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com',
    scope: 'Namespaced',
    names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
    versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } }],
  },
});

const causes = (change: (c: CustomResourceDefinition) => void) => {
  const crd = base();
  change(crd);
  return validateCrd(crd).causes.map((c) => `${c.field}: ${c.message}`);
};

describe('validateCrd', () => {
  it('accepts a minimal definition', () => {
    expect(causes(() => undefined)).toEqual([]);
  });

  it.each<[string, (c: CustomResourceDefinition) => void, string]>([
    ['a name that is not plural.group', (c) => (c.metadata = { name: 'gadgets.example.com' }), 'metadata.name: Invalid value: "gadgets.example.com": must be spec.names.plural+"."+spec.group'],
    ['a group without a dot', (c) => ((c.spec.group = 'example'), (c.metadata = { name: 'widgets.example' })), 'spec.group: Invalid value: "example": should be a domain with at least one dot'],
    ['an unknown scope', (c) => (c.spec.scope = 'Global'), 'spec.scope: Unsupported value: "Global": supported values: "Cluster", "Namespaced"'],
    ['no storage version', (c) => (c.spec.versions[0].storage = false), 'spec.versions: Invalid value: []apiextensions.CustomResourceDefinitionVersion{...}: must have exactly one version marked as storage version'],
    ['no served version', (c) => (c.spec.versions[0].served = false), 'spec.versions: Invalid value: []apiextensions.CustomResourceDefinitionVersion{...}: must serve at least one version'],
    ['a version without a schema', (c) => delete c.spec.versions[0].schema, 'spec.versions[0].schema.openAPIV3Schema: Required value: schemas are required'],
    ['an uppercase plural', (c) => (c.spec.names.plural = 'Widgets'), 'spec.names.plural: Invalid value: "Widgets": a DNS-1035 label must consist of lower case alphanumeric characters or \'-\', start with an alphabetic character, and end with an alphanumeric character (e.g. \'my-name\',  or \'abc-123\', regex used for validation is \'[a-z]([-a-z0-9]*[a-z0-9])?\')'],
    ['a kind with a space', (c) => (c.spec.names.kind = 'My Widget'), 'spec.names.kind: Invalid value: "My Widget": may have mixed case, but should otherwise match: [a-z]([-a-z0-9]*[a-z0-9])?'],
    ['a non-structural schema', (c) => (c.spec.versions[0].schema = { openAPIV3Schema: { type: 'object', properties: { spec: {} } } }), 'spec.versions[0].schema.openAPIV3Schema.properties[spec].type: Required value: must not be empty for specified object fields'],
    ['a scale path outside .spec', (c) => (c.spec.versions[0].subresources = { scale: { specReplicasPath: '.status.n', statusReplicasPath: '.status.n' } }), 'spec.versions[0].subresources.scale.specReplicasPath: Invalid value: ".status.n": should be a json path under .spec'],
    ['a printer column of an unknown type', (c) => (c.spec.versions[0].additionalPrinterColumns = [{ name: 'X', type: 'float', jsonPath: '.spec.x' }]), 'spec.versions[0].additionalPrinterColumns[0].type: Unsupported value: "float": supported values: "integer", "number", "string", "boolean", "date"'],
  ])('refuses %s', (_what, change, expected) => {
    expect(causes(change)).toContain(expected);
  });
});
