/** core/v1 PodStatus: what the kubelet reports about a pod and its containers. */
import * as z from 'zod';
import { Int32, Int64, QuantityMap, Time, listMap } from '../meta';
import { ResourceRequirements } from './common';

export const PodCondition = z
  .strictObject({
    type: z.string().describe('PodScheduled, Initialized, ContainersReady, Ready, PodReadyToStartContainers, ...'),
    observedGeneration: Int64.optional().describe('metadata.generation the condition was computed from.'),
    status: z.string().describe('True, False or Unknown.'),
    lastProbeTime: Time.optional().describe('When the condition was last checked.'),
    lastTransitionTime: Time.optional().describe('When status last changed.'),
    reason: z.string().optional().describe('CamelCase reason for the last transition.'),
    message: z.string().optional().describe('Human-readable detail about the last transition.'),
  })
  .describe('One aspect of a pod\'s current state.');
export type PodCondition = z.infer<typeof PodCondition>;

export const PodIP = z.strictObject({ ip: z.string().describe('An IP address of the pod.') }).describe(
  'An IP of the pod.',
);
export type PodIP = z.infer<typeof PodIP>;

export const HostIP = z.strictObject({ ip: z.string().describe('An IP address of the node.') }).describe(
  'An IP of the pod\'s node.',
);
export type HostIP = z.infer<typeof HostIP>;

export const ContainerStateWaiting = z
  .strictObject({
    reason: z.string().optional().describe(
      'Why the container is not running yet, e.g. ContainerCreating or CrashLoopBackOff.',
    ),
    message: z.string().optional().describe('Human-readable detail.'),
  })
  .describe('The container is not running yet.');
export type ContainerStateWaiting = z.infer<typeof ContainerStateWaiting>;

export const ContainerStateRunning = z
  .strictObject({
    startedAt: Time.optional().describe('When the container last (re)started.'),
  })
  .describe('The container is running.');
export type ContainerStateRunning = z.infer<typeof ContainerStateRunning>;

export const ContainerStateTerminated = z
  .strictObject({
    exitCode: Int32.describe('Exit status of the last run.'),
    signal: Int32.optional().describe('Signal that ended the container, if any.'),
    reason: z.string().optional().describe('Why it ended, e.g. Completed, Error or OOMKilled.'),
    message: z.string().optional().describe('Termination message.'),
    startedAt: Time.optional().describe('When the last run started.'),
    finishedAt: Time.optional().describe('When the last run ended.'),
    containerID: z.string().optional().describe('Runtime ID of the container, <type>://<id>.'),
  })
  .describe('The container ran and stopped.');
export type ContainerStateTerminated = z.infer<typeof ContainerStateTerminated>;

export const ContainerState = z
  .strictObject({
    waiting: ContainerStateWaiting.optional().describe('Set while the container waits to run.'),
    running: ContainerStateRunning.optional().describe('Set while the container runs.'),
    terminated: ContainerStateTerminated.optional().describe('Set once the container has stopped.'),
  })
  .describe('State of a container; exactly one member is set, waiting by default.');
export type ContainerState = z.infer<typeof ContainerState>;

export const VolumeMountStatus = z
  .strictObject({
    name: z.string().describe('Name of the volume mount.'),
    mountPath: z.string().describe('Where the volume is mounted in the container.'),
    readOnly: z.boolean().optional().describe('Whether the mount is read-only.'),
    recursiveReadOnly: z.string().optional().describe(
      'Disabled, Enabled or empty: recursive read-only state in effect.',
    ),
  })
  .describe('Reported state of one volume mount.');
export type VolumeMountStatus = z.infer<typeof VolumeMountStatus>;

export const LinuxContainerUser = z
  .strictObject({
    uid: Int64.describe('UID of the first process.'),
    gid: Int64.describe('Primary GID of the first process.'),
    supplementalGroups: z.array(Int64).optional().describe('Supplementary GIDs of the first process.'),
  })
  .describe('Linux identity of the container\'s first process.');
export type LinuxContainerUser = z.infer<typeof LinuxContainerUser>;

export const ContainerUser = z
  .strictObject({
    linux: LinuxContainerUser.optional().describe('Identity on Linux.'),
  })
  .describe('Identity the container\'s first process runs with, as reported by the runtime.');
export type ContainerUser = z.infer<typeof ContainerUser>;

export const ResourceHealth = z
  .strictObject({
    resourceID: z.string().describe('Identifier of the device or resource instance.'),
    health: z.string().optional().describe('Healthy, Unhealthy or Unknown.'),
  })
  .describe('Health of one allocated resource instance.');
export type ResourceHealth = z.infer<typeof ResourceHealth>;

export const ResourceStatus = z
  .strictObject({
    name: z.string().describe('Resource name, e.g. a device plugin resource or claim:<claim>/<request>.'),
    resources: listMap(ResourceHealth, ['resourceID'], null).optional().describe('Health of each allocated instance.'),
  })
  .describe('Health of the instances allocated to a container for one resource.');
export type ResourceStatus = z.infer<typeof ResourceStatus>;

export const ContainerStatus = z
  .strictObject({
    name: z.string().describe('Container name from the spec.'),
    state: ContainerState.optional().describe('Current state.'),
    lastState: ContainerState.optional().describe('State of the previous run, usually its termination.'),
    ready: z.boolean().describe('Whether the readiness probe passes.'),
    restartCount: Int32.describe('How often the container has restarted.'),
    image: z.string().describe('Image the container runs.'),
    imageID: z.string().describe('Resolved image ID, usually a digest.'),
    containerID: z.string().optional().describe('Runtime ID of the container, <type>://<id>.'),
    started: z.boolean().optional().describe('Whether the startup probe has passed (true once started without one).'),
    allocatedResources: QuantityMap.optional().describe('Resources the node allocated to the container.'),
    resources: ResourceRequirements.optional().describe('Resources the runtime actually applied.'),
    volumeMounts: listMap(VolumeMountStatus, ['mountPath']).optional().describe('Mounted volumes.'),
    user: ContainerUser.optional().describe('Identity of the first process.'),
    allocatedResourcesStatus: listMap(ResourceStatus, ['name']).optional().describe('Health of allocated resources.'),
    stopSignal: z.string().optional().describe('Signal that will stop the container.'),
  })
  .describe('Reported state of one container.');
export type ContainerStatus = z.infer<typeof ContainerStatus>;

export const PodResourceClaimStatus = z
  .strictObject({
    name: z.string().describe('Name of the entry in spec.resourceClaims.'),
    resourceClaimName: z.string().optional().describe('Name of the ResourceClaim created for the pod, if any.'),
  })
  .describe('The ResourceClaim generated for one of the pod\'s resource claims.');
export type PodResourceClaimStatus = z.infer<typeof PodResourceClaimStatus>;

export const PodStatus = z
  .strictObject({
    observedGeneration: Int64.optional().describe('metadata.generation this status reflects.'),
    phase: z.string().optional().describe('Pending, Running, Succeeded, Failed or Unknown.'),
    conditions: listMap(PodCondition, ['type']).optional().describe('Current conditions.'),
    message: z.string().optional().describe('Human-readable reason for the current state.'),
    reason: z.string().optional().describe('CamelCase reason for the current state, e.g. Evicted.'),
    nominatedNodeName: z.string().optional().describe('Node the pod is expected to go to after preempting others.'),
    hostIP: z.string().optional().describe('Primary IP of the pod\'s node.'),
    hostIPs: z
      .array(HostIP)
      .meta({
        'x-kubernetes-list-type': 'atomic',
        'x-kubernetes-patch-merge-key': 'ip',
        'x-kubernetes-patch-strategy': 'merge',
      })
      .optional()
      .describe('IPs of the node, primary first.'),
    podIP: z.string().optional().describe('Primary IP of the pod.'),
    podIPs: listMap(PodIP, ['ip']).optional().describe('IPs of the pod, primary first; at most one per family.'),
    startTime: Time.optional().describe('When the kubelet accepted the pod.'),
    initContainerStatuses: z.array(ContainerStatus).optional().describe('Status of each init container.'),
    containerStatuses: z.array(ContainerStatus).optional().describe('Status of each app container.'),
    qosClass: z.string().optional().describe('Guaranteed, Burstable or BestEffort.'),
    ephemeralContainerStatuses: z.array(ContainerStatus).optional().describe('Status of each ephemeral container.'),
    resize: z.string().optional().describe('Deprecated: state of an in-place resize; see the PodResize* conditions.'),
    resourceClaimStatuses: listMap(PodResourceClaimStatus, ['name'], 'merge,retainKeys')
      .optional()
      .describe('ResourceClaims generated for the pod.'),
  })
  .describe('Most recently observed state of a pod.');
export type PodStatus = z.infer<typeof PodStatus>;
