import fs from 'node:fs';
import path from 'node:path';
import * as z from 'zod';
import * as types from '../../../shared/api/types';

/**
 * Cross-checks the schemas against the models @kubernetes/client-node generates from upstream's
 * OpenAPI, so a field that is missing, misspelled or wrongly required shows up by name. The client
 * is generated from a newer Kubernetes than v1.33; fields added after v1.33 are listed here.
 */
const modelsDir = path.dirname(require.resolve('@kubernetes/client-node/dist/gen/models/V1Pod.js'));

const addedAfterV133 = new Set([
  'V1Container.restartPolicyRules',
  'V1EphemeralContainer.restartPolicyRules',
  'V1EnvVarSource.fileKeyRef',
  'V1PodSpec.hostnameOverride',
  'V1PodSpec.schedulingGroup',
  'V1PodStatus.allocatedResources',
  'V1PodStatus.resources',
  'V1PodStatus.extendedResourceClaimStatus',
  'V1PodStatus.nodeAllocatableResourceClaimStatuses',
  'V1VolumeProjection.podCertificate',
  'V1VolumeMountStatus.volumeStatus',
  'V1ResourceHealth.message',
  'V1NodeStatus.declaredFeatures',
  'V1ListMeta.shardInfo',
]);

/** Where upstream v1.33 and the newer client disagree on required-ness, v1.33 wins. */
const requiredInV133 = new Set([
  'V1EndpointSlice.endpoints',
  'V1PodDisruptionBudgetStatus.disruptionsAllowed',
  'V1PodDisruptionBudgetStatus.currentHealthy',
  'V1PodDisruptionBudgetStatus.desiredHealthy',
  'V1PodDisruptionBudgetStatus.expectedPods',
]);

/** Skiff accepts a top-level object without metadata; the server fills in what it needs. */
const optionalInSkiff = new Set(['CoreV1Event.metadata']);

interface Attribute {
  type: string;
  required: boolean;
}

function attributes(model: string): Map<string, Attribute> {
  const dts = fs.readFileSync(path.join(modelsDir, `${model}.d.ts`), 'utf8');
  const found = new Map<string, Attribute>();
  for (const [, name, optional, type] of dts.matchAll(/^\s+'(\w+)'(\??): (.+?);?$/gm)) {
    found.set(name, { type, required: optional !== '?' });
  }
  return found;
}

function unwrap(schema: z.ZodType): z.ZodType {
  return schema instanceof z.ZodOptional ? unwrap(schema.unwrap() as z.ZodType) : schema;
}

/** Walks a schema next to its client model and lists every disagreement. */
function differences(schema: z.ZodType, model: string, seen = new Set<string>()): string[] {
  if (seen.has(model)) return [];
  seen.add(model);
  const shape = (unwrap(schema) as z.ZodObject).shape as Record<string, z.ZodType>;
  const attrs = attributes(model);
  const found: string[] = [];
  for (const name of Object.keys(shape)) {
    if (!attrs.has(name === 'continue' ? '_continue' : name)) found.push(`${model}.${name} is not an upstream field`);
  }
  for (const [clientName, attr] of attrs) {
    const name = clientName === '_continue' ? 'continue' : clientName;
    const key = `${model}.${name}`;
    const field = shape[name];
    if (!field) {
      if (!addedAfterV133.has(key)) found.push(`${key} is missing`);
      continue;
    }
    const required = requiredInV133.has(key) || (attr.required && !optionalInSkiff.has(key));
    if (required === field instanceof z.ZodOptional) found.push(`${key} should be ${required ? 'required' : 'optional'}`);
    if (!field.description) found.push(`${key} has no description`);
    const nested = /^(?:Array<)?((?:V1|CoreV1|DiscoveryV1)\w+)>?$/.exec(attr.type)?.[1];
    if (nested && nested !== 'V1MicroTime') {
      const inner = unwrap(field);
      found.push(...differences(inner instanceof z.ZodArray ? (inner.element as z.ZodType) : inner, nested, seen));
    }
  }
  return found;
}

describe('api types', () => {
  it.each([
    ['V1Pod', types.Pod],
    ['V1Binding', types.Binding],
    ['V1Service', types.Service],
    ['V1ConfigMap', types.ConfigMap],
    ['V1Secret', types.Secret],
    ['V1Namespace', types.Namespace],
    ['V1Node', types.Node],
    ['CoreV1Event', types.Event],
    ['V1Endpoints', types.Endpoints],
    ['V1ServiceAccount', types.ServiceAccount],
    ['V1Deployment', types.Deployment],
    ['V1ReplicaSet', types.ReplicaSet],
    ['V1Scale', types.Scale],
    ['V1Lease', types.Lease],
    ['V1EndpointSlice', types.EndpointSlice],
    ['V1Eviction', types.Eviction],
    ['V1PodDisruptionBudget', types.PodDisruptionBudget],
    ['V1Status', types.Status],
  ])('covers every v1.33 field of %s', (model, schema: z.ZodType) => {
    expect(differences(schema, model)).toEqual([]);
  });
});
