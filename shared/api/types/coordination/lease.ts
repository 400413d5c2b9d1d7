/** coordination.k8s.io/v1 Lease: node heartbeats and leader election. */
import * as z from 'zod';
import { Int32, MicroTime, ObjectMeta, gvk, typeMeta } from '../meta';

export const LeaseSpec = z
  .strictObject({
    holderIdentity: z.string().optional().describe('Identity of the current holder.'),
    leaseDurationSeconds: Int32.optional().describe(
      'How long others wait, measured from renewTime, before taking over.',
    ),
    acquireTime: MicroTime.optional().describe('When the current holder acquired the lease.'),
    renewTime: MicroTime.optional().describe('When the holder last renewed the lease.'),
    leaseTransitions: Int32.optional().describe('How often the lease has changed holders.'),
    strategy: z.string().optional().describe('Coordinated leader election strategy, e.g. OldestEmulationVersion.'),
    preferredHolder: z.string().optional().describe('Holder that should take over; the current holder may step down.'),
  })
  .describe('Desired state of a lease.');
export type LeaseSpec = z.infer<typeof LeaseSpec>;

export const Lease = z
  .strictObject({
    ...typeMeta,
    metadata: ObjectMeta.optional().describe('Standard object metadata.'),
    spec: LeaseSpec.optional().describe('Holder and timing of the lease.'),
  })
  .meta({ description: 'A lease held by one party at a time.', ...gvk('coordination.k8s.io', 'v1', 'Lease') });
export type Lease = z.infer<typeof Lease>;
