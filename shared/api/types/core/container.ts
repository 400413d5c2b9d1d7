/** core/v1 Container and EphemeralContainer, with their ports, mounts and resize policy. */
import * as z from 'zod';
import { Int32, listMap } from '../meta';
import { ResourceRequirements } from './common';
import { EnvFromSource, EnvVar } from './env';
import { Lifecycle, Probe } from './probe';
import { SecurityContext } from './security-context';

export const ContainerPort = z
  .strictObject({
    name: z.string().optional().describe('IANA service name for the port, unique in the pod; services can target it.'),
    hostPort: Int32.optional().describe('Port exposed on the host; rarely needed.'),
    containerPort: Int32.describe('Port the container listens on, 1-65535.'),
    protocol: z.string().optional().describe('TCP, UDP or SCTP; defaults to TCP.'),
    hostIP: z.string().optional().describe('Host IP the host port binds to.'),
  })
  .describe('A network port a container exposes.');
export type ContainerPort = z.infer<typeof ContainerPort>;

export const VolumeMount = z
  .strictObject({
    name: z.string().describe('Name of a volume of the pod.'),
    readOnly: z.boolean().optional().describe('Mount read-only; defaults to false.'),
    recursiveReadOnly: z
      .string()
      .optional()
      .describe('Disabled, IfPossible or Enabled: whether submounts of a read-only mount are read-only too.'),
    mountPath: z.string().describe('Path in the container where the volume appears; may not contain ":".'),
    subPath: z.string().optional().describe('Path inside the volume to mount instead of its root.'),
    mountPropagation: z.string().optional().describe('None, HostToContainer or Bidirectional mount propagation.'),
    subPathExpr: z
      .string()
      .optional()
      .describe('Like subPath, with $(VAR) expanded from the container environment; exclusive with subPath.'),
  })
  .describe('Mounts a pod volume into a container.');
export type VolumeMount = z.infer<typeof VolumeMount>;

export const VolumeDevice = z
  .strictObject({
    name: z.string().describe('Name of a persistentVolumeClaim volume of the pod.'),
    devicePath: z.string().describe('Path in the container the raw block device is mapped to.'),
  })
  .describe('Maps a raw block volume into a container.');
export type VolumeDevice = z.infer<typeof VolumeDevice>;

export const ContainerResizePolicy = z
  .strictObject({
    resourceName: z.string().describe('Resource the policy applies to: cpu or memory.'),
    restartPolicy: z.string().describe('NotRequired or RestartContainer when the resource is resized in place.'),
  })
  .describe('How a container reacts to an in-place resize of one resource.');
export type ContainerResizePolicy = z.infer<typeof ContainerResizePolicy>;

/** Fields Container and EphemeralContainer share (upstream's EphemeralContainerCommon mirrors Container). */
const containerFields = {
  name: z.string().describe('Container name, a DNS label unique in the pod.'),
  image: z
    .string()
    .optional()
    .describe('Container image reference; may be left empty for controllers or config tools to fill in.'),
  command: z.array(z.string()).optional().describe('Entrypoint, run without a shell; replaces the image ENTRYPOINT.'),
  args: z.array(z.string()).optional().describe('Arguments to the entrypoint; replace the image CMD.'),
  workingDir: z.string().optional().describe('Working directory; defaults to the image\'s.'),
  ports: listMap(ContainerPort, ['containerPort', 'protocol'])
    .optional()
    .describe('Ports the container exposes; informational, listening ports are reachable regardless.'),
  envFrom: z.array(EnvFromSource).optional().describe('ConfigMaps and Secrets imported as environment variables.'),
  env: listMap(EnvVar, ['name']).optional().describe('Environment variables; these win over envFrom.'),
  resources: ResourceRequirements.optional().describe('CPU, memory and other resources requested and limited.'),
  resizePolicy: z.array(ContainerResizePolicy).optional().describe('Per-resource behaviour on in-place resize.'),
  restartPolicy: z
    .string()
    .optional()
    .describe('Only Always, for init containers: makes the init container a sidecar that keeps running.'),
  volumeMounts: listMap(VolumeMount, ['mountPath']).optional().describe('Pod volumes mounted into the filesystem.'),
  volumeDevices: listMap(VolumeDevice, ['devicePath']).optional().describe('Raw block devices the container uses.'),
  livenessProbe: Probe.optional().describe('Restarts the container when it fails.'),
  readinessProbe: Probe.optional().describe('Removes the pod from service endpoints while it fails.'),
  startupProbe: Probe.optional().describe(
    'Holds the other probes until it succeeds once; failing it restarts the container.',
  ),
  lifecycle: Lifecycle.optional().describe('Hooks run after start and before stop.'),
  terminationMessagePath: z
    .string()
    .optional()
    .describe('File whose contents become the termination message; defaults to /dev/termination-log.'),
  terminationMessagePolicy: z
    .string()
    .optional()
    .describe('File, or FallbackToLogsOnError to use the log tail when the file is empty on failure.'),
  imagePullPolicy: z
    .string()
    .optional()
    .describe('Always, Never or IfNotPresent; defaults to Always for :latest and IfNotPresent otherwise.'),
  securityContext: SecurityContext.optional().describe('Security settings of the container.'),
  stdin: z.boolean().optional().describe('Allocate a stdin buffer; otherwise reads from stdin get EOF.'),
  stdinOnce: z.boolean().optional().describe('Close stdin after the first attach session ends.'),
  tty: z.boolean().optional().describe('Allocate a TTY; needs stdin.'),
};

export const Container = z.strictObject(containerFields).describe('A container to run in a pod.');
export type Container = z.infer<typeof Container>;

export const EphemeralContainer = z
  .strictObject({
    ...containerFields,
    targetContainerName: z
      .string()
      .optional()
      .describe('Container whose namespaces (IPC, PID...) this debugging container joins.'),
  })
  .describe('A temporary container added to a running pod for troubleshooting; no ports, probes or resources.');
export type EphemeralContainer = z.infer<typeof EphemeralContainer>;
