/** discovery.k8s.io/v1 EndpointSlice. */
import * as z from 'zod';
import { Int32, ObjectMeta, StringMap, gvk, typeMeta } from '../meta';
import { ObjectReference } from '../core/common';

export const EndpointConditions = z
  .strictObject({
    ready: z.boolean().optional().describe('The endpoint can take traffic; unset means ready.'),
    serving: z.boolean().optional().describe('Like ready, but also true while terminating.'),
    terminating: z.boolean().optional().describe('The endpoint is terminating.'),
  })
  .describe('Current state of an endpoint.');
export type EndpointConditions = z.infer<typeof EndpointConditions>;

export const ForZone = z.strictObject({ name: z.string().describe('Zone name.') }).describe(
  'A zone that should use the endpoint.',
);
export type ForZone = z.infer<typeof ForZone>;

export const ForNode = z.strictObject({ name: z.string().describe('Node name.') }).describe(
  'A node that should use the endpoint.',
);
export type ForNode = z.infer<typeof ForNode>;

export const EndpointHints = z
  .strictObject({
    forZones: z.array(ForZone).optional().describe('Zones that should consume the endpoint (topology aware routing).'),
    forNodes: z.array(ForNode).optional().describe('Nodes that should consume the endpoint.'),
  })
  .describe('Hints for how the endpoint should be consumed.');
export type EndpointHints = z.infer<typeof EndpointHints>;

export const Endpoint = z
  .strictObject({
    addresses: z
      .array(z.string())
      .meta({ 'x-kubernetes-list-type': 'set' })
      .describe('Addresses of the endpoint, of the slice\'s address type; consumers use the first.'),
    conditions: EndpointConditions.optional().describe('Current state.'),
    hostname: z.string().optional().describe('Hostname of the endpoint, a DNS label.'),
    targetRef: ObjectReference.optional().describe('Object providing the endpoint, usually a Pod.'),
    deprecatedTopology: StringMap.optional().describe('Deprecated topology labels; use nodeName and zone.'),
    nodeName: z.string().optional().describe('Node hosting the endpoint.'),
    zone: z.string().optional().describe('Zone the endpoint is in.'),
    hints: EndpointHints.optional().describe('Routing hints.'),
  })
  .describe('A single backend of a service.');
export type Endpoint = z.infer<typeof Endpoint>;

export const EndpointSlicePort = z
  .strictObject({
    name: z.string().optional().describe('Port name, matching the service port name.'),
    protocol: z.string().optional().describe('TCP (default), UDP or SCTP.'),
    port: Int32.optional().describe('Port number; unset means all ports.'),
    appProtocol: z.string().optional().describe('Application protocol of the port.'),
  })
  .describe('A port of an EndpointSlice (discovery/v1 EndpointPort).');
export type EndpointSlicePort = z.infer<typeof EndpointSlicePort>;

export const EndpointSlice = z
  .strictObject({
    ...typeMeta,
    metadata: ObjectMeta.optional().describe('Standard object metadata.'),
    addressType: z.string().describe('IPv4, IPv6 or FQDN; immutable.'),
    endpoints: z.array(Endpoint).describe('Endpoints of the slice, at most 1000.'),
    ports: z.array(EndpointSlicePort).optional().describe(
      'Ports every endpoint exposes; empty means none are defined.',
    ),
  })
  .meta(
    { description: 'A subset of the endpoints behind a service.', ...gvk('discovery.k8s.io', 'v1', 'EndpointSlice') },
  );
export type EndpointSlice = z.infer<typeof EndpointSlice>;
