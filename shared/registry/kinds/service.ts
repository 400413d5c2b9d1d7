import { validatePortNumOrName } from '../../api/validation/intstr';
import { validateLabels } from '../../api/validation/selector';
import { InvalidError, StatusCause } from '../../api/errors';
import { claim, isFree, pickFree, release } from '../allocators/allocation';
import { inNodePortRange, NODE_PORT_MAX, NODE_PORT_MIN, NODE_PORT_POOL, randomNodePort } from '../allocators/node-port';
import { inServiceRange, randomServiceIp, SERVICE_CIDR, SERVICE_IP_POOL } from '../allocators/service-ip';
import { immutable } from '../meta';
import { KubeObject, SideWrites, Strategy, StrategyContext } from '../resource';

type Port = { name?: string; port?: number; targetPort?: number | string; nodePort?: number; protocol?: string };
type Spec = {
  type?: string;
  clusterIP?: string;
  clusterIPs?: string[];
  ports?: Port[];
  selector?: Record<string, string>;
  sessionAffinity?: string;
  externalName?: string;
  externalTrafficPolicy?: string;
  internalTrafficPolicy?: string;
  ipFamilies?: string[];
  ipFamilyPolicy?: string;
  allocateLoadBalancerNodePorts?: boolean;
};

const specOf = (o: KubeObject): Spec => (o.spec ?? {}) as Spec;
const ownerOf = (o: KubeObject): string => `${String(o.metadata.namespace)}/${String(o.metadata.name)}`;
const TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'];
const needsNodePorts = (s: Spec): boolean =>
  s.type === 'NodePort' || (s.type === 'LoadBalancer' && s.allocateLoadBalancerNodePorts !== false);

export const serviceStrategy: Strategy = {
  defaults(obj) {
    const spec = (obj.spec ??= {}) as Spec;
    spec.type ??= 'ClusterIP';
    spec.sessionAffinity ??= 'None';
    for (const p of spec.ports ?? []) {
      p.protocol ??= 'TCP';
      p.targetPort ??= p.port;
    }
    if (spec.type !== 'ExternalName') {
      spec.ipFamilies ??= ['IPv4'];
      spec.ipFamilyPolicy ??= 'SingleStack';
      spec.internalTrafficPolicy ??= 'Cluster';
    }
    if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') spec.externalTrafficPolicy ??= 'Cluster';
    if (spec.type === 'LoadBalancer') spec.allocateLoadBalancerNodePorts ??= true;
    if (spec.clusterIP && !spec.clusterIPs) spec.clusterIPs = [spec.clusterIP];
    obj.status ??= { loadBalancer: {} };
  },

  validate(obj, old) {
    const spec = specOf(obj);
    const causes: StatusCause[] = [];
    if (spec.type && !TYPES.includes(spec.type)) {
      causes.push({ reason: 'FieldValueNotSupported', message: `Unsupported value: "${spec.type}": supported values: ${TYPES.map((t) => `"${t}"`).join(', ')}`, field: 'spec.type' });
    }
    const ports = spec.ports ?? [];
    if (spec.type !== 'ExternalName' && ports.length === 0) causes.push({ reason: 'FieldValueRequired', message: 'Required value', field: 'spec.ports' });
    const names = new Set<string>();
    ports.forEach((p, i) => {
      if (ports.length > 1 && !p.name) causes.push({ reason: 'FieldValueRequired', message: 'Required value', field: `spec.ports[${i}].name` });
      if (p.name) {
        if (names.has(p.name)) causes.push({ reason: 'FieldValueDuplicate', message: `Duplicate value: "${p.name}"`, field: `spec.ports[${i}].name` });
        names.add(p.name);
      }
      if (p.port === undefined || p.port < 1 || p.port > 65535) {
        causes.push({ reason: 'FieldValueInvalid', message: `Invalid value: ${p.port ?? 0}: must be between 1 and 65535, inclusive`, field: `spec.ports[${i}].port` });
      }
      if (p.targetPort !== undefined) causes.push(...validatePortNumOrName(p.targetPort, `spec.ports[${i}].targetPort`));
      if (p.nodePort !== undefined && !needsNodePorts(spec)) {
        causes.push({ reason: 'FieldValueForbidden', message: 'Forbidden: may not be used when `type` is \'ClusterIP\'', field: `spec.ports[${i}].nodePort` });
      } else if (p.nodePort !== undefined && !inNodePortRange(p.nodePort)) {
        causes.push({
          reason: 'FieldValueInvalid',
          message: `Invalid value: ${p.nodePort}: provided port is not in the valid range. The range of valid ports is ${NODE_PORT_MIN}-${NODE_PORT_MAX}`,
          field: `spec.ports[${i}].nodePort`,
        });
      }
    });
    if (spec.clusterIP && spec.clusterIP !== 'None' && !inServiceRange(spec.clusterIP)) {
      causes.push({
        reason: 'FieldValueInvalid',
        message: `Invalid value: ["${spec.clusterIP}"]: failed to allocate IP ${spec.clusterIP}: the provided IP (${spec.clusterIP}) is not in the valid range. The range of valid IPs is ${SERVICE_CIDR}`,
        field: 'spec.clusterIPs',
      });
    }
    causes.push(...validateLabels(spec.selector, 'spec.selector'));
    if (spec.type === 'ExternalName' && !spec.externalName) causes.push({ reason: 'FieldValueRequired', message: 'Required value', field: 'spec.externalName' });
    if (old) {
      const before = specOf(old);
      if (before.clusterIP && before.clusterIP !== spec.clusterIP && spec.type !== 'ExternalName' && before.type !== 'ExternalName') {
        causes.push(immutable('spec.clusterIPs[0]', spec.clusterIP ?? ''));
      }
    }
    return causes;
  },

  fieldLabels(obj) {
    const spec = specOf(obj);
    return { 'spec.clusterIP': spec.clusterIP ?? '', 'spec.type': spec.type ?? '' };
  },

  async allocate(ctx, obj, old) {
    return allocateService(ctx, obj, old);
  },

  release(obj) {
    const spec = specOf(obj);
    const writes = [];
    if (spec.clusterIP && spec.clusterIP !== 'None') writes.push(release(SERVICE_IP_POOL, spec.clusterIP));
    for (const p of spec.ports ?? []) if (p.nodePort) writes.push(release(NODE_PORT_POOL, String(p.nodePort)));
    return { writes, describe: () => ({ message: 'release failed' }) };
  },
};

/** Claims the ClusterIP and NodePorts the service needs (keeping what it holds) and frees what it drops. */
async function allocateService(ctx: StrategyContext, obj: KubeObject, old?: KubeObject): Promise<SideWrites> {
  const spec = specOf(obj);
  const before = old ? specOf(old) : {};
  const owner = ownerOf(obj);
  const writes: SideWrites['writes'] = [];
  const causes: StatusCause[] = [];
  // causes[i] names the field of writes[i], for when that write's condition fails.
  const add = (write: SideWrites['writes'][number], cause: StatusCause = { message: 'allocation failed' }) => {
    writes.push(write);
    causes.push(cause);
  };
  if (spec.type === 'ExternalName') {
    delete spec.clusterIP;
    delete spec.clusterIPs;
  } else if (!spec.clusterIP) {
    const ip = before.clusterIP && before.clusterIP !== 'None' ? before.clusterIP : await pickFree(ctx.store, SERVICE_IP_POOL, owner, randomServiceIp);
    if (!ip) throw new Error('service IP range is exhausted');
    spec.clusterIP = ip;
    spec.clusterIPs = [ip];
  }
  if (spec.clusterIP && spec.clusterIP !== 'None' && spec.clusterIP !== before.clusterIP) {
    add(claim(SERVICE_IP_POOL, spec.clusterIP, owner), {
      reason: 'FieldValueInvalid',
      message: `Invalid value: ["${spec.clusterIP}"]: failed to allocate IP ${spec.clusterIP}: provided IP is already allocated`,
      field: 'spec.clusterIPs',
    });
  }
  if (before.clusterIP && before.clusterIP !== 'None' && before.clusterIP !== spec.clusterIP) add(release(SERVICE_IP_POOL, before.clusterIP));

  const held = new Set((before.ports ?? []).map((p) => p.nodePort).filter((p): p is number => !!p));
  const keep = new Set<number>();
  const ports = spec.ports ?? [];
  for (let i = 0; i < ports.length; i++) {
    const p = ports[i];
    if (!needsNodePorts(spec)) {
      delete p.nodePort;
      continue;
    }
    if (p.nodePort === undefined) {
      const prior = (before.ports ?? []).find((q) => q.port === p.port && q.protocol === p.protocol)?.nodePort;
      const taken = new Set(ports.map((q) => String(q.nodePort)));
      p.nodePort = prior ?? Number(await pickFree(ctx.store, NODE_PORT_POOL, owner, randomNodePort, taken));
    } else if (!held.has(p.nodePort) && !(await isFree(ctx.store, NODE_PORT_POOL, String(p.nodePort), owner))) {
      throw portTaken(obj, i, p.nodePort);
    }
    keep.add(p.nodePort);
    if (!held.has(p.nodePort)) {
      add(claim(NODE_PORT_POOL, String(p.nodePort), owner), {
        reason: 'FieldValueInvalid',
        message: `Invalid value: ${p.nodePort}: provided port is already allocated`,
        field: `spec.ports[${i}].nodePort`,
      });
    }
  }
  for (const port of held) if (!keep.has(port)) add(release(NODE_PORT_POOL, String(port)));
  return { writes, describe: (i) => causes[i] ?? { message: 'allocation failed' } };
}

function portTaken(obj: KubeObject, index: number, port: number): Error {
  return new InvalidError('Service', '', String(obj.metadata.name), [
    { reason: 'FieldValueInvalid', message: `Invalid value: ${port}: provided port is already allocated`, field: `spec.ports[${index}].nodePort` },
  ]);
}
