/** networking.k8s.io/v1 types. */
export * from './ingress';
export * from './ingressclass';
