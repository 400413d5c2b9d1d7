import type { EndpointSlice, Pod, Service, ServicePort } from '../../api/types';
import { findPort, selectedPods } from '../../controllers/endpoints/pod-endpoints';
import type { HealthCheck, Target } from '../elb/model';

import { gateOf } from '../names';

export { GATE_PREFIX, gateOf } from '../names';

const condition = (pod: Pod, type: string) => pod.status?.conditions?.find((c) => c.type === type);

/**
 * A pod whose containers are ready and which waits only on this Service's gate: it must be
 * registered for its target to become healthy (aws-load-balancer-controller registers these too),
 * else the gate could never open.
 */
function waitsOnGate(pod: Pod | undefined, gate: string): boolean {
  if (!pod || pod.metadata?.deletionTimestamp) return false;
  if (!(pod.spec?.readinessGates ?? []).some((g) => g.conditionType === gate)) return false;
  return condition(pod, 'ContainersReady')?.status === 'True';
}

/**
 * The targets of one Service port: each ready endpoint of the Service's EndpointSlices as
 * `IP:port` (the slice's resolved targetPort), plus endpoints held back only by this gate.
 * Sorted, so that equal inputs plan equal targets.
 */
export function targetsOfPort(svc: Service, port: ServicePort, slices: EndpointSlice[], pods: Pod[]): Target[] {
  const gate = gateOf(String(svc.metadata?.name));
  const byName = new Map(pods.map((p) => [String(p.metadata?.name), p]));
  const seen = new Map<string, Target>();
  for (const slice of slices) {
    if (slice.addressType === 'FQDN') continue;
    const p = (slice.ports ?? []).find((sp) => (sp.name ?? '') === (port.name ?? ''));
    if (p?.port === undefined || p.port === null) continue;
    for (const e of slice.endpoints ?? []) {
      const ready = e.conditions?.ready !== false;
      const pod = e.targetRef?.kind === 'Pod' ? byName.get(String(e.targetRef.name)) : undefined;
      if (!ready && !waitsOnGate(pod, gate)) continue;
      const ip = e.addresses[0];
      seen.set(`${ip}:${p.port}`, { id: ip, port: p.port });
    }
  }
  return [...seen.values()].sort((a, b) => `${a.id}:${a.port}`.localeCompare(`${b.id}:${b.port}`));
}

const DEFAULT_HEALTH_CHECK: HealthCheck = {
  path: '/',
  port: 'traffic-port',
  intervalSeconds: 15,
  timeoutSeconds: 5,
  healthyThreshold: 2,
  unhealthyThreshold: 2,
  matcher: '200-399',
};

/**
 * The health check of a port's target group: the annotations' settings over the readiness probe
 * (httpGet path and port, period, timeout, thresholds) of the pods the port targets, over defaults.
 * ALBs only check HTTP(S), so an exec or tcpSocket probe leaves the defaults.
 */
export function healthCheckOf(svc: Service, port: ServicePort, pods: Pod[], annotated: Partial<HealthCheck>): HealthCheck {
  const fromProbe: Partial<HealthCheck> = {};
  const pod = selectedPods(svc, pods).find((p) => !p.metadata?.deletionTimestamp) ?? selectedPods(svc, pods)[0];
  const targetPort = pod ? findPort(pod, port) : undefined;
  for (const c of pod?.spec?.containers ?? []) {
    const probe = c.readinessProbe;
    const get = probe?.httpGet;
    if (!get) continue;
    const probePort = typeof get.port === 'number' ? get.port : /^\d+$/.test(get.port) ? Number(get.port) : c.ports?.find((cp) => cp.name === get.port)?.containerPort;
    if (probePort === undefined) continue;
    if (targetPort !== undefined && !(c.ports ?? []).some((cp) => cp.containerPort === targetPort) && probePort !== targetPort) continue;
    fromProbe.path = get.path || '/';
    fromProbe.port = probePort === targetPort ? 'traffic-port' : String(probePort);
    if (probe.periodSeconds) fromProbe.intervalSeconds = clamp(probe.periodSeconds, 5, 300);
    if (probe.timeoutSeconds) fromProbe.timeoutSeconds = clamp(probe.timeoutSeconds, 2, 120);
    if (probe.successThreshold && probe.successThreshold > 1) fromProbe.healthyThreshold = clamp(probe.successThreshold, 2, 10);
    if (probe.failureThreshold) fromProbe.unhealthyThreshold = clamp(probe.failureThreshold, 2, 10);
    break;
  }
  const hc = { ...DEFAULT_HEALTH_CHECK, ...fromProbe, ...annotated };
  // ELBv2 refuses a timeout not below the interval.
  if (hc.timeoutSeconds >= hc.intervalSeconds) hc.timeoutSeconds = Math.max(2, hc.intervalSeconds - 1);
  return hc;
}

const clamp = (n: number, min: number, max: number) => Math.min(max, Math.max(min, n));
