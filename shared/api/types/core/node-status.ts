/** core/v1 NodeStatus: what the kubelet (or a node provider) reports about a node. */
import * as z from 'zod';
import { Int32, Int64, QuantityMap, Time, listMap } from '../meta';

export const ConfigMapNodeConfigSource = z
  .strictObject({
    namespace: z.string().describe('Namespace of the ConfigMap.'),
    name: z.string().describe('Name of the ConfigMap.'),
    uid: z.string().optional().describe('UID of the ConfigMap.'),
    resourceVersion: z.string().optional().describe('resourceVersion of the ConfigMap.'),
    kubeletConfigKey: z.string().describe('Key holding the KubeletConfiguration.'),
  })
  .describe('A ConfigMap used as node configuration.');
export type ConfigMapNodeConfigSource = z.infer<typeof ConfigMapNodeConfigSource>;

export const NodeConfigSource = z
  .strictObject({
    configMap: ConfigMapNodeConfigSource.optional().describe('ConfigMap holding the configuration.'),
  })
  .describe('Deprecated: a source of dynamic kubelet configuration.');
export type NodeConfigSource = z.infer<typeof NodeConfigSource>;

export const NodeConfigStatus = z
  .strictObject({
    assigned: NodeConfigSource.optional().describe('Configuration the node should use.'),
    active: NodeConfigSource.optional().describe('Configuration the node uses.'),
    lastKnownGood: NodeConfigSource.optional().describe('Fallback configuration.'),
    error: z.string().optional().describe('Problem applying the configuration.'),
  })
  .describe('Deprecated: state of dynamic kubelet configuration.');
export type NodeConfigStatus = z.infer<typeof NodeConfigStatus>;

export const NodeCondition = z
  .strictObject({
    type: z.string().describe('Ready, MemoryPressure, DiskPressure, PIDPressure or NetworkUnavailable.'),
    status: z.string().describe('True, False or Unknown.'),
    lastHeartbeatTime: Time.optional().describe('When the condition was last reported.'),
    lastTransitionTime: Time.optional().describe('When status last changed.'),
    reason: z.string().optional().describe('CamelCase reason for the last transition.'),
    message: z.string().optional().describe('Human-readable detail about the last transition.'),
  })
  .describe('One aspect of a node\'s state.');
export type NodeCondition = z.infer<typeof NodeCondition>;

export const NodeAddress = z
  .strictObject({
    type: z.string().describe('Hostname, InternalIP, ExternalIP, InternalDNS or ExternalDNS.'),
    address: z.string().describe('The address.'),
  })
  .describe('An address of a node.');
export type NodeAddress = z.infer<typeof NodeAddress>;

export const DaemonEndpoint = z
  .strictObject({
    Port: Int32.describe('Port number.'),
  })
  .describe('Port a daemon on the node listens on.');
export type DaemonEndpoint = z.infer<typeof DaemonEndpoint>;

export const NodeDaemonEndpoints = z
  .strictObject({
    kubeletEndpoint: DaemonEndpoint.optional().describe('Port of the kubelet API.'),
  })
  .describe('Ports of daemons on the node.');
export type NodeDaemonEndpoints = z.infer<typeof NodeDaemonEndpoints>;

export const NodeSwapStatus = z
  .strictObject({
    capacity: Int64.optional().describe('Total swap, in bytes.'),
  })
  .describe('Swap memory of the node.');
export type NodeSwapStatus = z.infer<typeof NodeSwapStatus>;

export const NodeSystemInfo = z
  .strictObject({
    machineID: z.string().describe('Machine ID (/etc/machine-id).'),
    systemUUID: z.string().describe('System UUID from the firmware.'),
    bootID: z.string().describe('ID of the current boot.'),
    kernelVersion: z.string().describe('Kernel version (uname -r).'),
    osImage: z.string().describe('OS image, from /etc/os-release.'),
    containerRuntimeVersion: z.string().describe('Container runtime and version, e.g. containerd://1.7.0.'),
    kubeletVersion: z.string().describe('Kubelet version.'),
    kubeProxyVersion: z.string().describe('Deprecated: kube-proxy version, not reliable.'),
    operatingSystem: z.string().describe('Operating system, e.g. linux.'),
    architecture: z.string().describe('CPU architecture, e.g. amd64.'),
    swap: NodeSwapStatus.optional().describe('Swap memory of the node.'),
  })
  .describe('Identity and versions of a node\'s software.');
export type NodeSystemInfo = z.infer<typeof NodeSystemInfo>;

export const ContainerImage = z
  .strictObject({
    names: z.array(z.string()).optional().describe('Names known for the image.'),
    sizeBytes: Int64.optional().describe('Size of the image.'),
  })
  .describe('A container image present on the node.');
export type ContainerImage = z.infer<typeof ContainerImage>;

export const AttachedVolume = z
  .strictObject({
    name: z.string().describe('Name of the attached volume.'),
    devicePath: z.string().describe('Where the volume is available on the node.'),
  })
  .describe('A volume attached to the node.');
export type AttachedVolume = z.infer<typeof AttachedVolume>;

export const NodeRuntimeHandlerFeatures = z
  .strictObject({
    recursiveReadOnlyMounts: z.boolean().optional().describe('Supports recursive read-only mounts.'),
    userNamespaces: z.boolean().optional().describe('Supports user namespaces for volumes.'),
  })
  .describe('Features a runtime handler supports.');
export type NodeRuntimeHandlerFeatures = z.infer<typeof NodeRuntimeHandlerFeatures>;

export const NodeRuntimeHandler = z
  .strictObject({
    name: z.string().optional().describe('Handler name; empty for the default.'),
    features: NodeRuntimeHandlerFeatures.optional().describe('Supported features.'),
  })
  .describe('A runtime handler available on the node.');
export type NodeRuntimeHandler = z.infer<typeof NodeRuntimeHandler>;

export const NodeFeatures = z
  .strictObject({
    supplementalGroupsPolicy: z.boolean().optional().describe(
      'The node supports the pod supplementalGroupsPolicy field.',
    ),
  })
  .describe('Features the node implements.');
export type NodeFeatures = z.infer<typeof NodeFeatures>;

export const NodeStatus = z
  .strictObject({
    capacity: QuantityMap.optional().describe('Total resources of the node.'),
    allocatable: QuantityMap.optional().describe('Resources available to pods; defaults to capacity.'),
    phase: z.string().optional().describe('Deprecated lifecycle phase, never set.'),
    conditions: listMap(NodeCondition, ['type']).optional().describe('Current conditions, e.g. Ready.'),
    addresses: listMap(NodeAddress, ['type']).optional().describe('Addresses of the node.'),
    daemonEndpoints: NodeDaemonEndpoints.optional().describe('Ports of daemons on the node.'),
    nodeInfo: NodeSystemInfo.optional().describe('Identity and software versions.'),
    images: z.array(ContainerImage).optional().describe('Images present on the node.'),
    volumesInUse: z.array(z.string()).optional().describe('Attachable volumes currently mounted.'),
    volumesAttached: z.array(AttachedVolume).optional().describe('Volumes attached to the node.'),
    config: NodeConfigStatus.optional().describe('Deprecated dynamic configuration state.'),
    runtimeHandlers: z.array(NodeRuntimeHandler).optional().describe('Available runtime handlers.'),
    features: NodeFeatures.optional().describe('Features the node implements.'),
  })
  .describe('Observed state of a node.');
export type NodeStatus = z.infer<typeof NodeStatus>;
