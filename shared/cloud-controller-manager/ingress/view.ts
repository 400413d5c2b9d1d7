import type { EndpointSlice, Ingress, IngressClass, Pod, Service } from '../../api/types';

/** What a group's reconcile reads from the cluster (one list of each, shared by the groups of one pass). */
export interface ClusterView {
  ingresses: Ingress[];
  classes: IngressClass[];
  services: Service[];
  slices: EndpointSlice[];
  pods: Pod[];
}
