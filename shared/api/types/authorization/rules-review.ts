/** authorization.k8s.io/v1 SelfSubjectRulesReview: the actions the current user may perform in a namespace. */
import * as z from 'zod';
import { ObjectMeta, gvk, typeMeta } from '../meta';

const strings = () => z.array(z.string());

export const ResourceRule = z
  .strictObject({
    verbs: strings().describe('Verbs allowed on the resources.'),
    apiGroups: strings().optional().describe('API groups of the resources.'),
    resources: strings().optional().describe('Resources the rule applies to.'),
    resourceNames: strings().optional().describe('Object names the rule is limited to.'),
  })
  .describe('Verbs allowed on resources.');

export const NonResourceRule = z
  .strictObject({
    verbs: strings().describe('Verbs allowed on the URLs.'),
    nonResourceURLs: strings().optional().describe('Partial URLs the rule applies to.'),
  })
  .describe('Verbs allowed on non-resource URLs.');

export const SelfSubjectRulesReview = z
  .strictObject({
    ...typeMeta,
    metadata: ObjectMeta.optional().describe('Standard object metadata.'),
    spec: z.strictObject({ namespace: z.string().optional().describe('The namespace to list rules for.') }).describe('What is being reviewed.'),
    status: z
      .strictObject({
        resourceRules: z.array(ResourceRule).optional().describe('The resource rules the user holds.'),
        nonResourceRules: z.array(NonResourceRule).optional().describe('The non-resource rules the user holds.'),
        incomplete: z.boolean().optional().describe('True when the list may miss rules (an authorizer cannot enumerate them).'),
        evaluationError: z.string().optional().describe('What went wrong while evaluating, if anything.'),
      })
      .optional()
      .describe('The server fills this in.'),
  })
  .meta({ description: 'Lists the actions the current user may perform in a namespace.', ...gvk('authorization.k8s.io', 'v1', 'SelfSubjectRulesReview') });
