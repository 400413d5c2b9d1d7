/** core/v1 Node (the status types live in node-status.ts). */
import * as z from 'zod';
import { ObjectMeta, Time, gvk, listSet, typeMeta } from '../meta';
import { NodeConfigSource, NodeStatus } from './node-status';

export const Taint = z
  .strictObject({
    key: z.string().describe('Taint key.'),
    value: z.string().optional().describe('Taint value.'),
    effect: z.string().describe('NoSchedule, PreferNoSchedule or NoExecute.'),
    timeAdded: Time.optional().describe('When the taint was added; only for NoExecute taints.'),
  })
  .describe('Repels pods that do not tolerate it.');
export type Taint = z.infer<typeof Taint>;

export const NodeSpec = z
  .strictObject({
    podCIDR: z.string().optional().describe('IP range pods on this node get addresses from.'),
    podCIDRs: listSet(z.string()).optional().describe(
      'Pod IP ranges, at most one per IP family; the first equals podCIDR.',
    ),
    providerID: z.string().optional().describe('ID of the node at the cloud provider, <provider>://<id>.'),
    unschedulable: z.boolean().optional().describe('When true, no new pods are scheduled on the node (cordon).'),
    taints: z.array(Taint).optional().describe('Taints on the node.'),
    configSource: NodeConfigSource.optional().describe('Deprecated: dynamic kubelet configuration.'),
    externalID: z.string().optional().describe('Deprecated, unused.'),
  })
  .describe('Desired state of a node.');
export type NodeSpec = z.infer<typeof NodeSpec>;

export const Node = z
  .strictObject({
    ...typeMeta,
    metadata: ObjectMeta.optional().describe('Standard object metadata.'),
    spec: NodeSpec.optional().describe('Desired state.'),
    status: NodeStatus.optional().describe('Observed state, reported by the node. Read-only.'),
  })
  .meta({ description: 'A worker machine that runs pods.', ...gvk('', 'v1', 'Node') });
export type Node = z.infer<typeof Node>;
