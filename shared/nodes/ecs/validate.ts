import type { Container, Pod, Probe } from '../../api/types';
import { LARGEST_FARGATE } from './fargate-sizes';
import type { ComputeType } from './inputs';
import { containerSize, fargateTaskSize, taskNeeds } from './resources';
import { WRITER_CONTAINER_SIZE } from './volumes';

/** Why ECS cannot run a pod as written: the field, and what is wrong with it (upstream's field.Error shape). */
export interface Problem {
  field: string;
  message: string;
}

/** Fargate grants only this added capability. */
const FARGATE_CAPABILITIES = ['SYS_PTRACE'];
// A claim's volume is an EFS task volume when it is bound to an EFS PV (claim-volumes.ts), else an empty one.
const SUPPORTED_VOLUMES = ['emptyDir', 'configMap', 'secret', 'hostPath', 'projected', 'persistentVolumeClaim'];

function probeProblems(c: Container, path: string): Problem[] {
  const out: Problem[] = [];
  const probes: [string, Probe | undefined][] = [
    ['livenessProbe', c.livenessProbe],
    ['readinessProbe', c.readinessProbe],
    ['startupProbe', c.startupProbe],
  ];
  for (const [name, probe] of probes) {
    for (const kind of ['httpGet', 'tcpSocket', 'grpc'] as const) {
      if (probe?.[kind]) {
        out.push({ field: `${path}.${name}.${kind}`, message: `Unsupported value: ECS runs health checks as commands inside the container only; use an exec probe` });
      }
    }
  }
  return out;
}

function containerProblems(c: Container, path: string, compute: ComputeType): Problem[] {
  const out = probeProblems(c, path);
  const sc = c.securityContext;
  if (compute === 'fargate' && sc?.privileged) out.push({ field: `${path}.securityContext.privileged`, message: 'Forbidden: privileged containers are not supported on Fargate' });
  for (const cap of sc?.capabilities?.add ?? []) {
    if (compute === 'fargate' && !FARGATE_CAPABILITIES.includes(cap.replace(/^CAP_/, ''))) {
      out.push({ field: `${path}.securityContext.capabilities.add`, message: `Unsupported value: "${cap}": Fargate adds only SYS_PTRACE` });
    }
  }
  (c.ports ?? []).forEach((p, i) => {
    if (p.protocol === 'SCTP') out.push({ field: `${path}.ports[${i}].protocol`, message: 'Unsupported value: "SCTP": ECS port mappings are TCP or UDP' });
    if (p.hostPort !== undefined && p.hostPort !== p.containerPort) {
      out.push({ field: `${path}.ports[${i}].hostPort`, message: 'Invalid value: with awsvpc networking hostPort must equal containerPort' });
    }
  });
  (c.volumeMounts ?? []).forEach((m, i) => {
    if (m.subPath || m.subPathExpr) out.push({ field: `${path}.volumeMounts[${i}].${m.subPath ? 'subPath' : 'subPathExpr'}`, message: 'Unsupported value: ECS mount points take whole volumes' });
  });
  return out;
}

/** Everything in `pod` that ECS cannot run on `compute`; empty when it can. */
export function validateForEcs(pod: Pod, compute: ComputeType): Problem[] {
  const spec = pod.spec;
  if (!spec) return [{ field: 'spec', message: 'Required value' }];
  const out: Problem[] = [];
  for (const f of ['hostNetwork', 'hostPID', 'hostIPC'] as const) {
    if (spec[f]) out.push({ field: `spec.${f}`, message: 'Forbidden: tasks use awsvpc networking, each with its own network interface' });
  }
  spec.containers.forEach((c, i) => out.push(...containerProblems(c, `spec.containers[${i}]`, compute)));
  (spec.initContainers ?? []).forEach((c, i) => out.push(...containerProblems(c, `spec.initContainers[${i}]`, compute)));
  (spec.volumes ?? []).forEach((v, i) => {
    const kind = SUPPORTED_VOLUMES.find((k) => (v as Record<string, unknown>)[k] !== undefined);
    const other = Object.keys(v).find((k) => k !== 'name');
    if (!kind) out.push({ field: `spec.volumes[${i}]${other ? `.${other}` : ''}`, message: `Unsupported value: ECS tasks take emptyDir, configMap, secret${compute === 'ec2' ? ', hostPath' : ''}, projected and persistentVolumeClaim volumes` });
    else if (kind === 'hostPath' && compute === 'fargate') out.push({ field: `spec.volumes[${i}].hostPath`, message: 'Forbidden: hostPath volumes are not supported on Fargate' });
  });
  if (compute === 'fargate') {
    const sizes = [...spec.containers, ...(spec.initContainers ?? [])].map(containerSize);
    if (spec.volumes?.some((v) => v.configMap || v.secret || v.projected)) sizes.push(WRITER_CONTAINER_SIZE);
    if (!fargateTaskSize(sizes)) {
      const need = taskNeeds(sizes);
      out.push({
        field: 'spec.containers[*].resources',
        message: `Invalid value: the pod needs ${need.cpu} CPU units and ${need.memory} MiB; the largest Fargate task is ${LARGEST_FARGATE.cpu} CPU units (16 vCPU) and ${LARGEST_FARGATE.memory} MiB`,
      });
    }
  }
  return out;
}
