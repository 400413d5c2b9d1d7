/** admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy and ValidatingAdmissionPolicyBinding. */
import * as z from 'zod';
import { Condition, Int64, LabelSelector, ObjectMeta, gvk, listMap, typeMeta } from '../meta';
import { MatchCondition, RuleWithOperations } from './webhook';

export const NamedRuleWithOperations = z
  .strictObject({
    ...RuleWithOperations.shape,
    resourceNames: z.array(z.string()).optional().describe('Names the rule applies to; empty means all.'),
  })
  .describe('Operations and resources (optionally by name) a policy applies to.');
export type NamedRuleWithOperations = z.infer<typeof NamedRuleWithOperations>;

export const MatchResources = z
  .strictObject({
    namespaceSelector: LabelSelector.optional().describe('Namespaces whose objects are matched.'),
    objectSelector: LabelSelector.optional().describe('Objects (by their labels) that are matched.'),
    resourceRules: z.array(NamedRuleWithOperations).optional().describe('Requests matched; a request must match one.'),
    excludeResourceRules: z.array(NamedRuleWithOperations).optional().describe('Requests excluded even when a resourceRule matches.'),
    matchPolicy: z.string().optional().describe('Exact or Equivalent (default).'),
  })
  .describe('Which requests a policy or binding covers.');
export type MatchResources = z.infer<typeof MatchResources>;

export const ParamKind = z
  .strictObject({
    apiVersion: z.string().optional().describe('group/version of the parameter kind, e.g. v1 or example.com/v1.'),
    kind: z.string().optional().describe('Kind of the parameter resources, e.g. ConfigMap.'),
  })
  .describe('The kind of the objects that parameterize a policy.');
export type ParamKind = z.infer<typeof ParamKind>;

export const Validation = z
  .strictObject({
    expression: z.string().describe('CEL expression that must evaluate to true for the request to pass.'),
    message: z.string().optional().describe('Message returned when the validation fails.'),
    reason: z.string().optional().describe('Unauthorized, Forbidden, Invalid (default) or RequestEntityTooLarge.'),
    messageExpression: z.string().optional().describe('CEL expression whose string result is the failure message.'),
  })
  .describe('One CEL validation of a policy.');
export type Validation = z.infer<typeof Validation>;

export const AuditAnnotation = z
  .strictObject({
    key: z.string().describe('Annotation key; the audit event gets "<policy name>/<key>".'),
    valueExpression: z.string().describe('CEL expression giving the value (a string, or null to omit it).'),
  })
  .describe('An audit annotation a policy adds.');
export type AuditAnnotation = z.infer<typeof AuditAnnotation>;

export const Variable = z
  .strictObject({
    name: z.string().describe('Name, a CEL identifier; read as variables.<name>.'),
    expression: z.string().describe('CEL expression computing the variable.'),
  })
  .describe('A named CEL value expressions of the policy can read.');
export type Variable = z.infer<typeof Variable>;

export const ValidatingAdmissionPolicySpec = z
  .strictObject({
    paramKind: ParamKind.optional().describe('Kind of the parameter objects; unset means no params.'),
    matchConstraints: MatchResources.optional().describe('Requests the policy covers (resourceRules required).'),
    validations: z.array(Validation).optional().describe('CEL validations.'),
    failurePolicy: z.string().optional().describe('Fail (default) or Ignore: what an error means.'),
    auditAnnotations: z.array(AuditAnnotation).optional().describe('Audit annotations the policy adds.'),
    matchConditions: listMap(MatchCondition, ['name']).optional().describe('CEL conditions the request must meet.'),
    variables: z.array(Variable).optional().describe('Named CEL values, in order.'),
  })
  .describe('What a ValidatingAdmissionPolicy checks and when.');
export type ValidatingAdmissionPolicySpec = z.infer<typeof ValidatingAdmissionPolicySpec>;

export const ExpressionWarning = z
  .strictObject({
    fieldRef: z.string().describe('Path of the expression.'),
    warning: z.string().describe('What type checking found.'),
  })
  .describe('A type-checking warning about one expression.');

export const ValidatingAdmissionPolicyStatus = z
  .strictObject({
    observedGeneration: Int64.optional().describe('Generation the status was computed from.'),
    typeChecking: z
      .strictObject({ expressionWarnings: z.array(ExpressionWarning).optional().describe('Warnings, one per expression.') })
      .optional()
      .describe('Results of type checking the expressions.'),
    conditions: listMap(Condition, ['type']).optional().describe('The policy\'s conditions.'),
  })
  .describe('Observed state of a ValidatingAdmissionPolicy.');

export const ValidatingAdmissionPolicy = z
  .strictObject({
    ...typeMeta,
    metadata: ObjectMeta.optional().describe('Standard object metadata.'),
    spec: ValidatingAdmissionPolicySpec.optional().describe('The policy.'),
    status: ValidatingAdmissionPolicyStatus.optional().describe('Observed state.'),
  })
  .meta({
    description: 'A CEL admission policy, applied to requests through its bindings.',
    ...gvk('admissionregistration.k8s.io', 'v1', 'ValidatingAdmissionPolicy'),
  });
export type ValidatingAdmissionPolicy = z.infer<typeof ValidatingAdmissionPolicy>;

export const ParamRef = z
  .strictObject({
    name: z.string().optional().describe('Name of the parameter object; exclusive with selector.'),
    namespace: z.string().optional().describe('Namespace of the parameters; unset means the request\'s (for a namespaced paramKind).'),
    selector: LabelSelector.optional().describe('Parameter objects by label; each is evaluated.'),
    parameterNotFoundAction: z.string().optional().describe('Allow or Deny (default): what no parameters means.'),
  })
  .describe('Which objects parameterize a binding.');
export type ParamRef = z.infer<typeof ParamRef>;

export const ValidatingAdmissionPolicyBindingSpec = z
  .strictObject({
    policyName: z.string().optional().describe('The ValidatingAdmissionPolicy bound.'),
    paramRef: ParamRef.optional().describe('Parameters of the policy (its paramKind).'),
    matchResources: MatchResources.optional().describe('Narrows the requests the policy covers.'),
    validationActions: z.array(z.string()).optional().describe('Deny, Warn and/or Audit: what a failed validation does.'),
  })
  .describe('Binds a policy to requests and parameters.');
export type ValidatingAdmissionPolicyBindingSpec = z.infer<typeof ValidatingAdmissionPolicyBindingSpec>;

export const ValidatingAdmissionPolicyBinding = z
  .strictObject({
    ...typeMeta,
    metadata: ObjectMeta.optional().describe('Standard object metadata.'),
    spec: ValidatingAdmissionPolicyBindingSpec.optional().describe('The binding.'),
  })
  .meta({
    description: 'Binds a ValidatingAdmissionPolicy to requests, parameters and validation actions.',
    ...gvk('admissionregistration.k8s.io', 'v1', 'ValidatingAdmissionPolicyBinding'),
  });
export type ValidatingAdmissionPolicyBinding = z.infer<typeof ValidatingAdmissionPolicyBinding>;
