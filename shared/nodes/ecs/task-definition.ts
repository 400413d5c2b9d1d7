import type { ContainerDependency, ContainerDefinition, RegisterTaskDefinitionCommandInput, TaskOverride } from '@aws-sdk/client-ecs';
import type { Pod } from '../../api/types';
import { mapContainer } from './containers';
import { fargateTaskSize } from './fargate-sizes-of';
import { MappingInputs, ROLE_ARN_ANNOTATION } from './inputs';
import { DIGEST_LABEL, digestOf, familyOf, LOG_STREAM_PREFIX, TAG_CLUSTER } from './names';
import { mapVolumes, WRITER_NAME } from './volumes';
import { TOKEN_DEPENDENCY, tokenSidecar, tokenVolumes } from './token-sidecar';

/** A pod mapped to ECS: the task definition to register (shared by the template), and this pod's overrides. */
export interface MappedTask {
  input: RegisterTaskDefinitionCommandInput;
  /** Digest of the mapped content; also the first container's `skiff.dev/template-digest` label. */
  digest: string;
  overrides: TaskOverride;
  /** fieldRefs the task cannot know at start (left unset; reported as an event). */
  unknownFields: string[];
}

/**
 * The pure mapping of a pod to a task definition (see docs/ecs.md for the table). Throws
 * ConfigError when a ConfigMap or Secret it needs is missing; call `validateForEcs` first for what
 * ECS cannot run at all.
 */
export function mapPod(original: Pod, inputs: MappingInputs): MappedTask {
  const pod = withStableVolumeNames(original);
  const spec = pod.spec ?? { containers: [] };
  const vols = mapVolumes(pod, inputs);
  const defs: ContainerDefinition[] = [];
  const podEnv: TaskOverride['containerOverrides'] = [];
  const unknownFields: string[] = [];
  // Containers wait for what comes before them: the volume writer, then each init container in turn.
  let after: ContainerDependency[] = [];
  const logConfiguration = { logDriver: 'awslogs' as const, options: { 'awslogs-group': inputs.logGroup, 'awslogs-region': inputs.region, 'awslogs-stream-prefix': LOG_STREAM_PREFIX } };
  if (vols.writer) {
    defs.push({ ...vols.writer, logConfiguration });
    after = [{ containerName: WRITER_NAME, condition: 'SUCCESS' }];
  }
  // The service account token sidecar: everything of the pod's own waits for its first delivery.
  const token = tokenSidecar(pod, inputs);
  if (token) {
    defs.push({ ...token, logConfiguration });
    after = [...after, TOKEN_DEPENDENCY];
  } else if (inputs.podToken?.url && tokenVolumes(pod).length) {
    unknownFields.push(`serviceAccountToken (no task role to sign for it: annotate the service account with ${ROLE_ARN_ANNOTATION} or configure a default task role)`);
  }
  const add = (c: (typeof spec.containers)[number], essential: boolean, dependsOn: ContainerDependency[]) => {
    const m = mapContainer(pod, c, inputs, { essential, dependsOn });
    defs.push(m.def);
    unknownFields.push(...m.unknownFields);
    if (m.podEnvironment.length) podEnv.push({ name: c.name, environment: m.podEnvironment });
  };
  const sidecars: ContainerDependency[] = [];
  for (const c of spec.initContainers ?? []) {
    add(c, false, [...after, ...sidecars]);
    // A restartPolicy Always init container is a sidecar: later containers wait for its start only.
    if (c.restartPolicy === 'Always') sidecars.push({ containerName: c.name, condition: 'START' });
    else after = [{ containerName: c.name, condition: 'SUCCESS' }];
  }
  for (const c of spec.containers) add(c, true, [...after, ...sidecars]);
  const fargate = inputs.compute === 'fargate';
  const size = fargate ? fargateTaskSize(pod) : undefined;
  const arch = spec.nodeSelector?.['kubernetes.io/arch'];
  const content: RegisterTaskDefinitionCommandInput = {
    family: familyOf(pod),
    networkMode: 'awsvpc',
    requiresCompatibilities: [fargate ? 'FARGATE' : 'EC2'],
    ...(size ? { cpu: String(size.cpu), memory: String(size.memory) } : {}),
    ...(fargate && arch === 'arm64' ? { runtimePlatform: { cpuArchitecture: 'ARM64', operatingSystemFamily: 'LINUX' } } : {}),
    ...(inputs.executionRoleArn ? { executionRoleArn: inputs.executionRoleArn } : {}),
    ...(inputs.taskRoleArn ? { taskRoleArn: inputs.taskRoleArn } : {}),
    containerDefinitions: defs,
    volumes: vols.volumes,
    tags: [{ key: TAG_CLUSTER, value: inputs.cluster }],
  };
  const digest = digestOf(content);
  defs[0] = { ...defs[0], dockerLabels: { ...defs[0]?.dockerLabels, [DIGEST_LABEL]: digest } };
  return { input: content, digest, overrides: podEnv.length ? { containerOverrides: podEnv } : {}, unknownFields };
}

/** The name ServiceAccount admission gives a pod's token volume, random per pod (`kube-api-access-x7k2p`). */
const GENERATED_VOLUME = /^kube-api-access-[a-z0-9]{5}$/;

/**
 * The pod with its generated token volume under one fixed name, in its volumes and every mount:
 * the random suffix would otherwise make each replica's task definition differ, and the pods of
 * one template must share one revision.
 */
export function withStableVolumeNames(pod: Pod): Pod {
  const volumes = pod.spec?.volumes ?? [];
  if (!volumes.some((v) => GENERATED_VOLUME.test(v.name))) return pod;
  const rename = (name: string) => (GENERATED_VOLUME.test(name) ? 'kube-api-access' : name);
  const remount = <C extends { volumeMounts?: { name: string }[] }>(c: C): C =>
    c.volumeMounts ? { ...c, volumeMounts: c.volumeMounts.map((m) => ({ ...m, name: rename(m.name) })) } : c;
  const spec = pod.spec as NonNullable<Pod['spec']>;
  return {
    ...pod,
    spec: {
      ...spec,
      volumes: volumes.map((v) => ({ ...v, name: rename(v.name) })),
      containers: spec.containers.map(remount),
      ...(spec.initContainers ? { initContainers: spec.initContainers.map(remount) } : {}),
    },
  };
}
