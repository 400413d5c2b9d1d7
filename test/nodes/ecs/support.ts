import { Pod } from '../../../shared/api/types';
import type { MappingInputs } from '../../../shared/nodes/ecs/inputs';

/** A pod fixture, checked against the Pod schema. */
export function pod(spec: object, meta: object = {}): Pod {
  return Pod.parse({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default', uid: '0b6c9a0e-1111-4222-8333-444455556666', ...meta },
    spec: { containers: [{ name: 'app', image: 'nginx' }], ...spec },
  });
}

export function inputs(over: Partial<MappingInputs> = {}): MappingInputs {
  return {
    cluster: 'skiff',
    region: 'us-east-1',
    logGroup: '/skiff/skiff/pods',
    compute: 'fargate',
    volumeWriterImage: 'public.ecr.aws/docker/library/busybox:stable',
    configMaps: new Map(),
    secrets: new Map(),
    pullCredentials: new Map(),
    ...over,
  };
}
