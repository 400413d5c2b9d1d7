/** core/v1 container environment: variables and the sources they are read from. */
import * as z from 'zod';
import { ObjectFieldSelector, ResourceFieldSelector } from './common';

export const ConfigMapKeySelector = z
  .strictObject({
    name: z.string().optional().describe('Name of the ConfigMap.'),
    key: z.string().describe('Key to read.'),
    optional: z.boolean().optional().describe('When true, a missing ConfigMap or key is not an error.'),
  })
  .describe('Selects one key of a ConfigMap.');
export type ConfigMapKeySelector = z.infer<typeof ConfigMapKeySelector>;

export const SecretKeySelector = z
  .strictObject({
    name: z.string().optional().describe('Name of the Secret.'),
    key: z.string().describe('Key to read.'),
    optional: z.boolean().optional().describe('When true, a missing Secret or key is not an error.'),
  })
  .describe('Selects one key of a Secret.');
export type SecretKeySelector = z.infer<typeof SecretKeySelector>;

export const EnvVarSource = z
  .strictObject({
    fieldRef: ObjectFieldSelector.optional().describe('Reads a pod field, e.g. metadata.name or status.podIP.'),
    resourceFieldRef: ResourceFieldSelector.optional().describe('Reads a container resource limit or request.'),
    configMapKeyRef: ConfigMapKeySelector.optional().describe('Reads a key of a ConfigMap.'),
    secretKeyRef: SecretKeySelector.optional().describe('Reads a key of a Secret.'),
  })
  .describe('Where an environment variable takes its value from; set exactly one.');
export type EnvVarSource = z.infer<typeof EnvVarSource>;

export const EnvVar = z
  .strictObject({
    name: z.string().describe('Variable name.'),
    value: z
      .string()
      .optional()
      .describe('Literal value; $(VAR) references to earlier variables are expanded, $$ escapes.'),
    valueFrom: EnvVarSource.optional().describe('Source of the value; not allowed together with value.'),
  })
  .describe('An environment variable of a container.');
export type EnvVar = z.infer<typeof EnvVar>;

export const ConfigMapEnvSource = z
  .strictObject({
    name: z.string().optional().describe('Name of the ConfigMap.'),
    optional: z.boolean().optional().describe('When true, a missing ConfigMap is not an error.'),
  })
  .describe('A ConfigMap whose keys all become environment variables.');
export type ConfigMapEnvSource = z.infer<typeof ConfigMapEnvSource>;

export const SecretEnvSource = z
  .strictObject({
    name: z.string().optional().describe('Name of the Secret.'),
    optional: z.boolean().optional().describe('When true, a missing Secret is not an error.'),
  })
  .describe('A Secret whose keys all become environment variables.');
export type SecretEnvSource = z.infer<typeof SecretEnvSource>;

export const EnvFromSource = z
  .strictObject({
    prefix: z.string().optional().describe('Prepended to every variable name taken from the source.'),
    configMapRef: ConfigMapEnvSource.optional().describe('ConfigMap to import.'),
    secretRef: SecretEnvSource.optional().describe('Secret to import.'),
  })
  .describe('Imports a whole ConfigMap or Secret as environment variables.');
export type EnvFromSource = z.infer<typeof EnvFromSource>;
