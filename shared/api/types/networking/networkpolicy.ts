/** networking.k8s.io/v1 NetworkPolicy. */
import * as z from 'zod';
import { Int32, IntOrString, LabelSelector, ObjectMeta, gvk, typeMeta } from '../meta';

export const NetworkPolicyPort = z
  .strictObject({
    protocol: z.string().optional().describe('TCP (default), UDP or SCTP.'),
    port: IntOrString.optional().describe('Port number or named port; all ports when unset.'),
    endPort: Int32.optional().describe('Last port of a range starting at port.'),
  })
  .describe('A port traffic is allowed on.');

export const IPBlock = z
  .strictObject({
    cidr: z.string().describe('The CIDR allowed, e.g. 10.0.0.0/16.'),
    except: z.array(z.string()).optional().describe('CIDRs inside cidr that are not allowed.'),
  })
  .describe('A range of IP addresses.');

export const NetworkPolicyPeer = z
  .strictObject({
    podSelector: LabelSelector.optional().describe('Pods selected (in the policy namespace, or those namespaceSelector selects).'),
    namespaceSelector: LabelSelector.optional().describe('Namespaces selected.'),
    ipBlock: IPBlock.optional().describe('An IP range; exclusive with the selectors.'),
  })
  .describe('A peer traffic is allowed from or to.');

export const NetworkPolicySpec = z
  .strictObject({
    podSelector: LabelSelector.optional().describe('Pods the policy applies to; empty selects every pod of the namespace.'),
    ingress: z
      .array(z.strictObject({ ports: z.array(NetworkPolicyPort).optional(), from: z.array(NetworkPolicyPeer).optional() }))
      .optional()
      .describe('Allowed ingress.'),
    egress: z
      .array(z.strictObject({ ports: z.array(NetworkPolicyPort).optional(), to: z.array(NetworkPolicyPeer).optional() }))
      .optional()
      .describe('Allowed egress.'),
    policyTypes: z.array(z.string()).optional().describe('Ingress, Egress or both.'),
  })
  .describe('What traffic the selected pods allow.');

export const NetworkPolicy = z
  .strictObject({
    ...typeMeta,
    metadata: ObjectMeta.optional().describe('Standard object metadata.'),
    spec: NetworkPolicySpec.optional().describe('The policy.'),
  })
  .meta({ description: 'Which traffic is allowed to and from a set of pods.', ...gvk('networking.k8s.io', 'v1', 'NetworkPolicy') });
export type NetworkPolicy = z.infer<typeof NetworkPolicy>;
