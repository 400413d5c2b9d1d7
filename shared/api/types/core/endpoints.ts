/** core/v1 Endpoints (deprecated upstream in favour of EndpointSlice, still read by many tools). */
import * as z from 'zod';
import { Int32, ObjectMeta, gvk, typeMeta } from '../meta';
import { ObjectReference } from './common';

export const EndpointAddress = z
  .strictObject({
    ip: z.string().describe('IP of the endpoint.'),
    hostname: z.string().optional().describe('Hostname of the endpoint.'),
    nodeName: z.string().optional().describe('Node hosting the endpoint.'),
    targetRef: ObjectReference.optional().describe('Object providing the endpoint, usually a Pod.'),
  })
  .describe('One endpoint address.');
export type EndpointAddress = z.infer<typeof EndpointAddress>;

export const EndpointPort = z
  .strictObject({
    name: z.string().optional().describe('Name of the port, matching the service port name.'),
    port: Int32.describe('Port number.'),
    protocol: z.string().optional().describe('TCP (default), UDP or SCTP.'),
    appProtocol: z.string().optional().describe('Application protocol of the port.'),
  })
  .describe('A port of an Endpoints subset.');
export type EndpointPort = z.infer<typeof EndpointPort>;

export const EndpointSubset = z
  .strictObject({
    addresses: z.array(EndpointAddress).optional().describe('Addresses ready to serve traffic.'),
    notReadyAddresses: z.array(EndpointAddress).optional().describe('Addresses not ready yet.'),
    ports: z.array(EndpointPort).optional().describe('Ports available on every address of the subset.'),
  })
  .describe('Addresses sharing the same set of ports.');
export type EndpointSubset = z.infer<typeof EndpointSubset>;

export const Endpoints = z
  .strictObject({
    ...typeMeta,
    metadata: ObjectMeta.optional().describe('Standard object metadata.'),
    subsets: z.array(EndpointSubset).optional().describe('Address and port groups of the service.'),
  })
  .meta({ description: 'The network endpoints behind a service.', ...gvk('', 'v1', 'Endpoints') });
export type Endpoints = z.infer<typeof Endpoints>;
