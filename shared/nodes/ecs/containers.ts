import type { ContainerDefinition, ContainerDependency, HealthCheck, KeyValuePair } from '@aws-sdk/client-ecs';
import type { Container, Pod, Probe } from '../../api/types';
import { mapEnv } from './env';
import { MappingInputs, registryOf } from './inputs';
import { LOG_STREAM_PREFIX } from './names';
import { containerSize } from './resources';
import { mountPointsOf } from './volumes';

/** Fargate's (and the ECS agent's) ceiling on the time between SIGTERM and SIGKILL. */
export const MAX_STOP_TIMEOUT_SECONDS = 120;

const clamp = (n: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, n));

/** The probe a container's ECS health check runs: liveness (ECS replaces an unhealthy task), else readiness, else startup. */
export function healthProbe(c: Container): Probe | undefined {
  return [c.livenessProbe, c.readinessProbe, c.startupProbe].find((p) => p?.exec?.command?.length);
}

/**
 * An exec probe as an ECS health check, within ECS's bounds (interval 5-300 s, timeout 2-60 s,
 * retries 1-10, startPeriod 0-300 s). A startupProbe becomes the start period: the time it allows
 * (initial delay plus period times failure threshold), during which failures do not count.
 */
export function healthCheckOf(c: Container): HealthCheck | undefined {
  const p = healthProbe(c);
  if (!p?.exec?.command) return undefined;
  const s = c.startupProbe;
  const startPeriod = s ? (s.initialDelaySeconds ?? 0) + (s.periodSeconds ?? 10) * (s.failureThreshold ?? 3) : (p.initialDelaySeconds ?? 0);
  return {
    command: ['CMD', ...p.exec.command],
    interval: clamp(p.periodSeconds ?? 10, 5, 300),
    timeout: clamp(p.timeoutSeconds ?? 1, 2, 60),
    retries: clamp(p.failureThreshold ?? 3, 1, 10),
    startPeriod: clamp(startPeriod, 0, 300),
  };
}

/** The securityContext fields ECS has: user (uid[:gid]), read-only root, privileged (EC2), capabilities. */
function securityOf(pod: Pod, c: Container): Partial<ContainerDefinition> {
  const sc = c.securityContext ?? {};
  const psc = pod.spec?.securityContext ?? {};
  const uid = sc.runAsUser ?? psc.runAsUser;
  const gid = sc.runAsGroup ?? psc.runAsGroup;
  const out: Partial<ContainerDefinition> = {};
  if (uid !== undefined) out.user = gid !== undefined ? `${uid}:${gid}` : String(uid);
  if (sc.readOnlyRootFilesystem) out.readonlyRootFilesystem = true;
  if (sc.privileged) out.privileged = true;
  const caps = sc.capabilities;
  if (caps?.add?.length || caps?.drop?.length) {
    const norm = (l: string[] | undefined) => (l?.length ? l.map((x) => x.replace(/^CAP_/, '')) : undefined);
    out.linuxParameters = { capabilities: { add: norm(caps.add), drop: norm(caps.drop) } };
  }
  return out;
}

export interface ContainerRole {
  essential: boolean;
  dependsOn?: ContainerDependency[];
}

/** One pod container as an ECS container definition (env split out: see MappedEnv). */
export function mapContainer(pod: Pod, c: Container, inputs: MappingInputs, role: ContainerRole): { def: ContainerDefinition; podEnvironment: KeyValuePair[]; unknownFields: string[] } {
  const env = mapEnv(pod, c, inputs);
  const size = containerSize(c);
  const credentials = inputs.pullCredentials.get(registryOf(c.image ?? ''));
  const def: ContainerDefinition = {
    name: c.name,
    image: c.image,
    essential: role.essential,
    ...(c.command?.length ? { entryPoint: c.command } : {}),
    ...(c.args?.length ? { command: c.args } : {}),
    ...(c.workingDir ? { workingDirectory: c.workingDir } : {}),
    portMappings: (c.ports ?? []).map((p) => ({ containerPort: p.containerPort, protocol: p.protocol === 'UDP' ? 'udp' : 'tcp', ...(p.name ? { name: p.name } : {}) })),
    environment: env.environment,
    ...(env.secrets.length ? { secrets: env.secrets } : {}),
    cpu: size.cpu,
    ...(size.memory !== undefined ? { memory: size.memory } : {}),
    ...(size.memoryReservation !== undefined ? { memoryReservation: size.memoryReservation } : {}),
    ...(healthCheckOf(c) ? { healthCheck: healthCheckOf(c) } : {}),
    stopTimeout: clamp(pod.spec?.terminationGracePeriodSeconds ?? 30, 0, MAX_STOP_TIMEOUT_SECONDS),
    mountPoints: mountPointsOf(pod, c),
    ...securityOf(pod, c),
    ...(c.stdin ? { interactive: true } : {}),
    ...(c.tty ? { pseudoTerminal: true } : {}),
    ...(credentials ? { repositoryCredentials: { credentialsParameter: credentials } } : {}),
    ...(role.dependsOn?.length ? { dependsOn: role.dependsOn } : {}),
    logConfiguration: {
      logDriver: 'awslogs',
      options: { 'awslogs-group': inputs.logGroup, 'awslogs-region': inputs.region, 'awslogs-stream-prefix': LOG_STREAM_PREFIX },
    },
  };
  return { def, podEnvironment: env.podEnvironment, unknownFields: env.unknownFields };
}
