import { Node } from '../../shared/api/types';
import { COMPUTE_TYPE_LABEL, CONTAINER_INSTANCE_ANNOTATION, TAINT_UNINITIALIZED } from '../../shared/cloud-controller-manager/node-plan';

export interface NodeOptions {
  ready?: 'True' | 'False' | 'Unknown';
  computeType?: string;
  taints?: { key: string; value?: string; effect: string }[];
  capacity?: Record<string, string>;
  providerID?: string;
  containerInstanceArn?: string;
  heartbeat?: string;
}

/** A Node as the ECS provider registers an EC2 container instance (the HELPERS contract): named by instance id, tainted uninitialized. */
export function ec2Node(name: string, opts: NodeOptions = {}): Node {
  const at = opts.heartbeat ?? new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  return Node.parse({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: { [COMPUTE_TYPE_LABEL]: opts.computeType ?? 'ec2', 'kubernetes.io/hostname': name },
      annotations: opts.containerInstanceArn ? { [CONTAINER_INSTANCE_ANNOTATION]: opts.containerInstanceArn } : undefined,
    },
    spec: { providerID: opts.providerID, taints: opts.taints ?? [{ key: TAINT_UNINITIALIZED, value: 'true', effect: 'NoSchedule' }] },
    status: {
      capacity: opts.capacity,
      allocatable: opts.capacity,
      conditions: [{ type: 'Ready', status: opts.ready ?? 'True', reason: 'KubeletReady', message: 'ready', lastHeartbeatTime: at, lastTransitionTime: at }],
    },
  });
}
