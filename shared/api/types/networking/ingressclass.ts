/** networking.k8s.io/v1 IngressClass: which controller implements Ingresses of a class. */
import * as z from 'zod';
import { ObjectMeta, gvk, typeMeta } from '../meta';

export const IngressClassParametersReference = z
  .strictObject({
    apiGroup: z.string().optional().describe('API group of the referenced object; empty for the core group.'),
    kind: z.string().describe('Kind of the referenced object.'),
    name: z.string().describe('Name of the referenced object.'),
    scope: z.string().optional().describe('Cluster (default) or Namespace: whether the object is cluster-scoped.'),
    namespace: z.string().optional().describe('Namespace of the object; required when scope is Namespace.'),
  })
  .describe('A reference to an object holding controller parameters.');
export type IngressClassParametersReference = z.infer<typeof IngressClassParametersReference>;

export const IngressClassSpec = z
  .strictObject({
    controller: z.string().optional().describe('Name of the controller that implements the class, a domain-prefixed path such as skiff.dev/alb. Immutable.'),
    parameters: IngressClassParametersReference.optional().describe('Extra configuration for the controller.'),
  })
  .describe('The controller of an IngressClass.');
export type IngressClassSpec = z.infer<typeof IngressClassSpec>;

export const IngressClass = z
  .strictObject({
    ...typeMeta,
    metadata: ObjectMeta.optional().describe('Standard object metadata.'),
    spec: IngressClassSpec.optional().describe('The controller and its parameters.'),
  })
  .meta({
    description: 'A class of Ingresses and the controller that implements them; the ingressclass.kubernetes.io/is-default-class annotation marks the default.',
    ...gvk('networking.k8s.io', 'v1', 'IngressClass'),
  });
export type IngressClass = z.infer<typeof IngressClass>;
