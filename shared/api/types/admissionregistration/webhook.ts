/** admissionregistration.k8s.io/v1 MutatingWebhookConfiguration and ValidatingWebhookConfiguration. */
import * as z from 'zod';
import { Int32, LabelSelector, ObjectMeta, gvk, listMap, typeMeta } from '../meta';

export const ServiceReference = z
  .strictObject({
    namespace: z.string().describe('Namespace of the service.'),
    name: z.string().describe('Name of the service.'),
    path: z.string().optional().describe('URL path requests are sent to.'),
    port: Int32.optional().describe('Service port; defaults to 443.'),
  })
  .describe('A Service the webhook is reached through.');
export type ServiceReference = z.infer<typeof ServiceReference>;

export const WebhookClientConfig = z
  .strictObject({
    url: z.string().optional().describe('https URL of the webhook; exclusive with service.'),
    service: ServiceReference.optional().describe('The webhook as a Service; exclusive with url.'),
    caBundle: z.string().meta({ format: 'byte' }).optional().describe('PEM CA bundle (base64) that verifies the serving certificate.'),
  })
  .describe('How to reach the webhook.');
export type WebhookClientConfig = z.infer<typeof WebhookClientConfig>;

export const RuleWithOperations = z
  .strictObject({
    operations: z.array(z.string()).optional().describe('CREATE, UPDATE, DELETE, CONNECT or *.'),
    apiGroups: z.array(z.string()).optional().describe('API groups; * for all, "" for core.'),
    apiVersions: z.array(z.string()).optional().describe('API versions; * for all.'),
    resources: z.array(z.string()).optional().describe('Resources, e.g. pods, pods/status, */status, *.'),
    scope: z.string().optional().describe('Cluster, Namespaced or * (default).'),
  })
  .describe('Requests a webhook is called for.');
export type RuleWithOperations = z.infer<typeof RuleWithOperations>;

export const MatchCondition = z
  .strictObject({
    name: z.string().describe('Identifies the condition.'),
    expression: z.string().describe('CEL expression evaluated against the request; false skips the webhook.'),
  })
  .describe('A CEL condition the request must meet to be sent to the webhook.');

const webhookFields = {
  name: z.string().describe('Fully qualified name of the webhook, e.g. imagepolicy.example.com.'),
  clientConfig: WebhookClientConfig.describe('How to reach the webhook.'),
  rules: z.array(RuleWithOperations).optional().describe('Operations and resources the webhook cares about.'),
  failurePolicy: z.string().optional().describe('Ignore or Fail (default): what an unreachable webhook means.'),
  matchPolicy: z.string().optional().describe('Exact or Equivalent (default).'),
  namespaceSelector: LabelSelector.optional().describe('Namespaces whose objects are sent.'),
  objectSelector: LabelSelector.optional().describe('Objects (by their labels) that are sent.'),
  sideEffects: z.string().describe('None or NoneOnDryRun: dry-run requests go only to webhooks without side effects.'),
  timeoutSeconds: Int32.optional().describe('Seconds to wait, 1-30; default 10.'),
  admissionReviewVersions: z.array(z.string()).describe('AdmissionReview versions the webhook accepts; v1 is sent.'),
  matchConditions: listMap(MatchCondition, ['name']).optional().describe('CEL conditions the request must meet.'),
};

export const MutatingWebhook = z
  .strictObject({
    ...webhookFields,
    reinvocationPolicy: z.string().optional().describe('Never (default) or IfNeeded: call again after later mutations.'),
  })
  .describe('A webhook that may change objects.');
export type MutatingWebhook = z.infer<typeof MutatingWebhook>;

export const ValidatingWebhook = z.strictObject(webhookFields).describe('A webhook that may refuse requests.');
export type ValidatingWebhook = z.infer<typeof ValidatingWebhook>;

export const MutatingWebhookConfiguration = z
  .strictObject({
    ...typeMeta,
    metadata: ObjectMeta.optional().describe('Standard object metadata.'),
    webhooks: listMap(MutatingWebhook, ['name']).optional().describe('The webhooks and what they are called for.'),
  })
  .meta({
    description: 'Mutating admission webhooks: called before validation, they may patch the object.',
    ...gvk('admissionregistration.k8s.io', 'v1', 'MutatingWebhookConfiguration'),
  });
export type MutatingWebhookConfiguration = z.infer<typeof MutatingWebhookConfiguration>;

export const ValidatingWebhookConfiguration = z
  .strictObject({
    ...typeMeta,
    metadata: ObjectMeta.optional().describe('Standard object metadata.'),
    webhooks: listMap(ValidatingWebhook, ['name']).optional().describe('The webhooks and what they are called for.'),
  })
  .meta({
    description: 'Validating admission webhooks: called after validation, they may refuse the request.',
    ...gvk('admissionregistration.k8s.io', 'v1', 'ValidatingWebhookConfiguration'),
  });
export type ValidatingWebhookConfiguration = z.infer<typeof ValidatingWebhookConfiguration>;
