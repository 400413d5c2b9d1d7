/** core/v1 building blocks several kinds share: object references, selectors, resource requirements. */
import * as z from 'zod';
import { Int32, QuantityMap, Quantity, listMap } from '../meta';

export const ObjectReference = z
  .strictObject({
    kind: z.string().optional().describe('Kind of the referenced object.'),
    namespace: z.string().optional().describe('Namespace of the referenced object.'),
    name: z.string().optional().describe('Name of the referenced object.'),
    uid: z.string().optional().describe('UID of the referenced object.'),
    apiVersion: z.string().optional().describe('API version of the referenced object.'),
    resourceVersion: z.string().optional().describe('Specific resourceVersion the reference was made to.'),
    fieldPath: z
      .string()
      .optional()
      .describe('Points into the object instead of the whole, e.g. spec.containers{web} for one container.'),
  })
  .describe('A reference to another object, possibly to a field inside it.');
export type ObjectReference = z.infer<typeof ObjectReference>;

export const LocalObjectReference = z
  .strictObject({
    name: z.string().optional().describe('Name of the referenced object in the same namespace.'),
  })
  .describe('A reference by name to an object in the same namespace.');
export type LocalObjectReference = z.infer<typeof LocalObjectReference>;

export const TypedLocalObjectReference = z
  .strictObject({
    apiGroup: z.string().optional().describe('API group of the referenced object; empty for the core group.'),
    kind: z.string().describe('Kind of the referenced object.'),
    name: z.string().describe('Name of the referenced object.'),
  })
  .describe('A typed reference to an object in the same namespace.');
export type TypedLocalObjectReference = z.infer<typeof TypedLocalObjectReference>;

export const TypedObjectReference = z
  .strictObject({
    apiGroup: z.string().optional().describe('API group of the referenced object; empty for the core group.'),
    kind: z.string().describe('Kind of the referenced object.'),
    name: z.string().describe('Name of the referenced object.'),
    namespace: z.string().optional().describe('Namespace of the referenced object, when it differs from the referrer.'),
  })
  .describe('A typed reference to an object, possibly in another namespace.');
export type TypedObjectReference = z.infer<typeof TypedObjectReference>;

export const ObjectFieldSelector = z
  .strictObject({
    apiVersion: z.string().optional().describe('Version the fieldPath is written against; defaults to v1.'),
    fieldPath: z.string().describe('Path of the pod field to read, e.g. metadata.name or status.podIP.'),
  })
  .describe('Selects a field of the pod.');
export type ObjectFieldSelector = z.infer<typeof ObjectFieldSelector>;

export const ResourceFieldSelector = z
  .strictObject({
    containerName: z.string().optional().describe('Container whose resources are read; optional for env vars.'),
    resource: z.string().describe('Resource to read, e.g. limits.cpu or requests.memory.'),
    divisor: Quantity.optional().describe('Unit the value is divided by before it is exposed; defaults to 1.'),
  })
  .describe('Selects a container resource limit or request.');
export type ResourceFieldSelector = z.infer<typeof ResourceFieldSelector>;

export const KeyToPath = z
  .strictObject({
    key: z.string().describe('Key in the ConfigMap or Secret.'),
    path: z.string().describe('Relative file path the key is written to; may not contain "..".'),
    mode: Int32.optional().describe('File permission bits (0000-0777) for this file; defaults to the volume mode.'),
  })
  .describe('Maps one data key to a file path inside a volume.');
export type KeyToPath = z.infer<typeof KeyToPath>;

export const ResourceClaim = z
  .strictObject({
    name: z.string().describe('Refers to an entry of pod.spec.resourceClaims by name.'),
    request: z.string().optional().describe('A single request of that claim to expose; empty exposes the whole claim.'),
  })
  .describe('Gives a container access to one of the pod\'s resource claims.');
export type ResourceClaim = z.infer<typeof ResourceClaim>;

export const ResourceRequirements = z
  .strictObject({
    limits: QuantityMap.optional().describe('Maximum amount of each resource, e.g. {cpu: 500m, memory: 128Mi}.'),
    requests: QuantityMap.optional().describe('Amount of each resource reserved for scheduling; defaults to limits.'),
    claims: listMap(ResourceClaim, ['name'], null)
      .optional()
      .describe('Dynamically allocated resources (from pod.spec.resourceClaims) the container uses.'),
  })
  .describe('Compute resources requested and limited.');
export type ResourceRequirements = z.infer<typeof ResourceRequirements>;
