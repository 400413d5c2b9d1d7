/** apiextensions.k8s.io/v1 CustomResourceDefinition: a kind the API server serves from a schema. */
import * as z from 'zod';
import { Int32, ObjectMeta, Time, gvk, typeMeta } from '../meta';

/**
 * An OpenAPI v3 schema (JSONSchemaProps). It is recursive and open-ended, so it is kept as a JSON
 * object here; its rules (structural schemas) are checked by shared/registry/custom/structural.ts.
 */
export const JSONSchemaProps = z
  .record(z.string(), z.unknown())
  .describe('An OpenAPI v3 schema with the x-kubernetes-* extensions (structural: every node has a type).');
export type JSONSchemaProps = {
  type?: string;
  format?: string;
  description?: string;
  title?: string;
  default?: unknown;
  example?: unknown;
  enum?: unknown[];
  nullable?: boolean;
  maximum?: number;
  minimum?: number;
  exclusiveMaximum?: boolean;
  exclusiveMinimum?: boolean;
  multipleOf?: number;
  maxLength?: number;
  minLength?: number;
  pattern?: string;
  maxItems?: number;
  minItems?: number;
  uniqueItems?: boolean;
  maxProperties?: number;
  minProperties?: number;
  required?: string[];
  items?: JSONSchemaProps;
  properties?: Record<string, JSONSchemaProps>;
  additionalProperties?: JSONSchemaProps | boolean;
  allOf?: JSONSchemaProps[];
  anyOf?: JSONSchemaProps[];
  oneOf?: JSONSchemaProps[];
  not?: JSONSchemaProps;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-list-type'?: string;
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: string;
  'x-kubernetes-validations'?: ValidationRule[];
  [key: string]: unknown;
};

export interface ValidationRule {
  rule: string;
  message?: string;
  messageExpression?: string;
  reason?: string;
  fieldPath?: string;
  optionalOldSelf?: boolean;
}

export const CustomResourceDefinitionNames = z
  .strictObject({
    plural: z.string().describe('Plural name of the resource, lowercase, as in the URL.'),
    singular: z.string().optional().describe('Singular name, lowercase; defaults to the lowercased kind.'),
    shortNames: z.array(z.string()).optional().describe('Short names for kubectl, e.g. cert for certificates.'),
    kind: z.string().describe('The serialized kind, CamelCase.'),
    listKind: z.string().optional().describe('Kind of lists; defaults to <kind>List.'),
    categories: z.array(z.string()).optional().describe('Groupings such as all that kubectl get <category> expands.'),
  })
  .describe('Names the resource is served under.');
export type CustomResourceDefinitionNames = z.infer<typeof CustomResourceDefinitionNames>;

export const CustomResourceColumnDefinition = z
  .strictObject({
    name: z.string().describe('Column header.'),
    type: z.string().describe('OpenAPI type: integer, number, string, boolean or date.'),
    format: z.string().optional().describe('OpenAPI format of the column.'),
    description: z.string().optional().describe('What the column shows.'),
    priority: Int32.optional().describe('0 for the standard view, greater for -o wide only.'),
    jsonPath: z.string().describe('Simple JSONPath (.spec.x) evaluated against each object.'),
  })
  .describe('A column of `kubectl get` for the custom resource.');

export const CustomResourceSubresourceScale = z
  .strictObject({
    specReplicasPath: z.string().describe('JSON path of the desired replicas, under .spec.'),
    statusReplicasPath: z.string().describe('JSON path of the observed replicas, under .status.'),
    labelSelectorPath: z.string().optional().describe('JSON path of the serialized label selector, under .status or .spec.'),
  })
  .describe('The scale subresource: where replicas live in the custom resource.');

export const CustomResourceSubresources = z
  .strictObject({
    status: z.record(z.string(), z.unknown()).optional().describe('Enables the /status subresource.'),
    scale: CustomResourceSubresourceScale.optional().describe('Enables the /scale subresource.'),
  })
  .describe('Subresources the custom resource serves.');

export const CustomResourceValidation = z
  .strictObject({ openAPIV3Schema: JSONSchemaProps.optional().describe('The schema objects are validated, pruned and defaulted with.') })
  .describe('Schema of a version.');

export const SelectableField = z
  .strictObject({ jsonPath: z.string().describe('Simple JSONPath of a string, integer or boolean field usable in field selectors.') })
  .describe('A field selectable with fieldSelector.');

export const CustomResourceDefinitionVersion = z
  .strictObject({
    name: z.string().describe('Version name, e.g. v1 or v1beta1; served at /apis/<group>/<name>.'),
    served: z.boolean().describe('Whether this version is served.'),
    storage: z.boolean().describe('Whether objects are stored in this version; exactly one version is.'),
    deprecated: z.boolean().optional().describe('Whether requests to this version get a deprecation warning.'),
    deprecationWarning: z.string().optional().describe('The warning returned to clients of a deprecated version.'),
    schema: CustomResourceValidation.optional().describe('Schema of this version.'),
    subresources: CustomResourceSubresources.optional().describe('Subresources of this version.'),
    additionalPrinterColumns: z.array(CustomResourceColumnDefinition).optional().describe('Columns of `kubectl get`.'),
    selectableFields: z.array(SelectableField).optional().describe('Fields usable in field selectors.'),
  })
  .describe('One version of the custom resource.');
export type CustomResourceDefinitionVersion = z.infer<typeof CustomResourceDefinitionVersion>;

export const CrdWebhookClientConfig = z
  .strictObject({
    url: z.string().optional(),
    caBundle: z.string().optional(),
    service: z
      .strictObject({ namespace: z.string(), name: z.string(), path: z.string().optional(), port: Int32.optional() })
      .optional(),
  })
  .describe('How to reach a conversion webhook.');

export const CustomResourceConversion = z
  .strictObject({
    strategy: z.string().describe('None (apiVersion rewritten) or Webhook.'),
    webhook: z
      .strictObject({ clientConfig: CrdWebhookClientConfig.optional(), conversionReviewVersions: z.array(z.string()) })
      .optional()
      .describe('The conversion webhook (not called by Skiff yet).'),
  })
  .describe('How objects are converted between versions.');

export const CustomResourceDefinitionSpec = z
  .strictObject({
    group: z.string().describe('API group, a DNS subdomain with at least one dot.'),
    names: CustomResourceDefinitionNames.describe('Names of the resource.'),
    scope: z.string().describe('Namespaced or Cluster.'),
    versions: z.array(CustomResourceDefinitionVersion).describe('Versions served.'),
    conversion: CustomResourceConversion.optional().describe('Conversion between versions; defaults to None.'),
    preserveUnknownFields: z.boolean().optional().describe('Must be false in apiextensions.k8s.io/v1.'),
  })
  .describe('Desired state of a CustomResourceDefinition.');
export type CustomResourceDefinitionSpec = z.infer<typeof CustomResourceDefinitionSpec>;

export const CustomResourceDefinitionCondition = z
  .strictObject({
    type: z.string().describe('Established, NamesAccepted, NonStructuralSchema, Terminating or KubernetesAPIApprovalPolicyConformant.'),
    status: z.string().describe('True, False or Unknown.'),
    lastTransitionTime: Time.optional().describe('When status last changed.'),
    reason: z.string().optional().describe('Machine-readable reason.'),
    message: z.string().optional().describe('Human-readable detail.'),
  })
  .describe('One aspect of the definition state.');
export type CustomResourceDefinitionCondition = z.infer<typeof CustomResourceDefinitionCondition>;

export const CustomResourceDefinitionStatus = z
  .strictObject({
    conditions: z.array(CustomResourceDefinitionCondition).optional().describe('Established, NamesAccepted, Terminating.'),
    acceptedNames: CustomResourceDefinitionNames.partial().optional().describe('Names actually served (free of conflicts).'),
    storedVersions: z.array(z.string()).optional().describe('Versions objects have ever been stored in.'),
  })
  .describe('Observed state of a CustomResourceDefinition.');
export type CustomResourceDefinitionStatus = z.infer<typeof CustomResourceDefinitionStatus>;

export const CustomResourceDefinition = z
  .strictObject({
    ...typeMeta,
    metadata: ObjectMeta.optional().describe('Standard object metadata; the name is <plural>.<group>.'),
    spec: CustomResourceDefinitionSpec.describe('The resource the definition adds.'),
    status: CustomResourceDefinitionStatus.optional().describe('Conditions, accepted names, stored versions.'),
  })
  .meta({ description: 'A kind the API server serves from a schema.', ...gvk('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition') });
export type CustomResourceDefinition = z.infer<typeof CustomResourceDefinition>;

/** What every custom resource is before its schema is applied: typed metadata, the rest open. */
export const CustomResourceObject = z
  .looseObject({ ...typeMeta, metadata: ObjectMeta.optional().describe('Standard object metadata.') })
  .describe('A custom resource; its fields are described by its definition schema.');


/** The part of a custom resource the generic decoder checks: apiVersion, kind and ObjectMeta. */
export const CustomResourceHead = z.strictObject({ ...typeMeta, metadata: ObjectMeta.optional() });
