/** PersistentVolumeClaim, PersistentVolume and StorageClass strategies (upstream's pkg/registry/core and storage). */
import { sameJson } from '../../api/patch/json';
import type { StatusCause } from '../../api/errors';
import { forbidden, invalid, notSupported, required } from '../../api/validation/field';
import { parseValue } from '../../scheduler/quantity';
import { immutable } from '../meta';
import type { KubeObject, Strategy } from '../resource';
import { addFinalizer, admitDefaultStorageClass, PV_PROTECTION } from './storage-admission';

type Obj = Record<string, unknown>;
type ClaimSpec = { accessModes?: string[]; resources?: { requests?: Record<string, string | number>; limits?: Record<string, string | number> }; volumeMode?: string; volumeName?: string; storageClassName?: string; volumeAttributesClassName?: string };

export const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
const VOLUME_MODES = ['Block', 'Filesystem'];
/** The PV sources Skiff's schema knows; exactly one is set. */
const PV_SOURCES = ['hostPath', 'local', 'nfs', 'csi', 'awsElasticBlockStore'];

function storageOf(map: Record<string, string | number> | undefined): number | undefined {
  const q = map?.storage;
  if (q === undefined) return undefined;
  try {
    return parseValue(q);
  } catch {
    return undefined;
  }
}

function validateAccessModes(modes: string[] | undefined, field: string): StatusCause[] {
  if (!modes || modes.length === 0) return [required(field, 'at least 1 access mode is required')];
  const causes = modes.filter((m) => !ACCESS_MODES.includes(m)).map((m) => notSupported(field, m, ACCESS_MODES));
  if (modes.includes('ReadWriteOncePod') && modes.length > 1) causes.push(forbidden(field, 'may not use ReadWriteOncePod with other access modes'));
  return causes;
}

/** Upstream's ValidatePersistentVolumeClaimSpec (the parts Skiff's claims use). */
export function validateClaimSpec(spec: ClaimSpec | undefined, at: string): StatusCause[] {
  const causes = validateAccessModes(spec?.accessModes, `${at}.accessModes`);
  const requests = spec?.resources?.requests;
  if (requests?.storage === undefined) causes.push(required(`${at}.resources[storage]`));
  else if ((storageOf(requests) ?? 0) <= 0) causes.push(invalid(`${at}.resources.requests[storage]`, String(requests.storage), 'must be greater than zero'));
  if (spec?.volumeMode !== undefined && !VOLUME_MODES.includes(spec.volumeMode)) causes.push(notSupported(`${at}.volumeMode`, spec.volumeMode, VOLUME_MODES));
  return causes;
}

export const persistentVolumeClaimStrategy: Strategy = {
  prepareForCreate(obj) {
    obj.status = { phase: 'Pending' };
  },
  defaults(obj) {
    const spec = (obj.spec ??= {}) as Obj;
    spec.volumeMode ??= 'Filesystem';
  },
  admit: (ctx, obj) => admitDefaultStorageClass(ctx, obj),
  validate(obj, old) {
    const causes = validateClaimSpec(obj.spec as ClaimSpec | undefined, 'spec');
    if (!old) return causes;
    const before = structuredClone((old.spec ?? {}) as ClaimSpec);
    const after = structuredClone((obj.spec ?? {}) as ClaimSpec);
    // The binder fills volumeName once; a claim without a class may get one (the default) once.
    if (!before.volumeName) before.volumeName = after.volumeName;
    if (before.storageClassName === undefined) before.storageClassName = after.storageClassName;
    const bound = ((old.status ?? {}) as Obj).phase === 'Bound';
    if (bound) {
      const was = storageOf(before.resources?.requests);
      const now = storageOf(after.resources?.requests);
      if (was !== undefined && now !== undefined && now < was) causes.push(forbidden('spec.resources.requests.storage', 'field can not be less than previous value'));
      before.resources = { ...(before.resources ?? {}), requests: after.resources?.requests };
      before.volumeAttributesClassName = after.volumeAttributesClassName;
    }
    if (!sameJson(before, after)) causes.push(forbidden('spec', 'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims'));
    return causes;
  },
};

export const persistentVolumeStrategy: Strategy = {
  prepareForCreate(obj) {
    obj.status = { phase: 'Pending' };
    addFinalizer(obj, PV_PROTECTION);
  },
  defaults(obj) {
    const spec = (obj.spec ??= {}) as Obj;
    spec.persistentVolumeReclaimPolicy ??= 'Retain';
    spec.volumeMode ??= 'Filesystem';
  },
  validate(obj, old) {
    const spec = (obj.spec ?? {}) as Obj & { capacity?: Record<string, string | number> };
    const causes = validateAccessModes(spec.accessModes as string[] | undefined, 'spec.accessModes');
    if (!spec.capacity || Object.keys(spec.capacity).length === 0) causes.push(required('spec.capacity'));
    else if (spec.capacity.storage === undefined || Object.keys(spec.capacity).length > 1) causes.push(notSupported('spec.capacity', Object.keys(spec.capacity), ['storage']));
    const policy = spec.persistentVolumeReclaimPolicy;
    if (policy !== undefined && !['Delete', 'Recycle', 'Retain'].includes(String(policy))) causes.push(notSupported('spec.persistentVolumeReclaimPolicy', policy, ['Delete', 'Recycle', 'Retain']));
    const sources = PV_SOURCES.filter((s) => spec[s] !== undefined);
    if (sources.length === 0) causes.push(required('spec', 'must specify a volume type'));
    for (const s of sources.slice(1)) causes.push(forbidden(`spec.${s}`, 'may not specify more than 1 volume type'));
    if (spec.local && !spec.nodeAffinity) causes.push(required('spec.nodeAffinity', 'Local volume requires node affinity'));
    if (old) {
      const before = (old.spec ?? {}) as Obj;
      if (!sameJson(pick(before, PV_SOURCES), pick(spec, PV_SOURCES))) causes.push(forbidden('spec.persistentvolumesource', 'spec.persistentvolumesource is immutable after creation'));
      if (before.volumeMode !== spec.volumeMode) causes.push(immutable('spec.volumeMode', spec.volumeMode));
    }
    return causes;
  },
};

const pick = (o: Obj, keys: string[]): Obj => Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));

export const storageClassStrategy: Strategy = {
  defaults(obj) {
    const sc = obj as Obj;
    sc.reclaimPolicy ??= 'Delete';
    sc.volumeBindingMode ??= 'Immediate';
  },
  validate(obj: KubeObject, old?: KubeObject) {
    const sc = obj as Obj;
    const causes: StatusCause[] = [];
    if (!sc.provisioner) causes.push(required('provisioner'));
    if (sc.reclaimPolicy !== undefined && !['Delete', 'Retain'].includes(String(sc.reclaimPolicy))) causes.push(notSupported('reclaimPolicy', sc.reclaimPolicy, ['Delete', 'Retain']));
    if (sc.volumeBindingMode !== undefined && !['Immediate', 'WaitForFirstConsumer'].includes(String(sc.volumeBindingMode))) {
      causes.push(notSupported('volumeBindingMode', sc.volumeBindingMode, ['Immediate', 'WaitForFirstConsumer']));
    }
    if (old) {
      const was = old as Obj;
      if (!sameJson(was.parameters ?? {}, sc.parameters ?? {})) causes.push(forbidden('parameters', 'updates to parameters are forbidden.'));
      if (was.provisioner !== sc.provisioner) causes.push(forbidden('provisioner', 'updates to provisioner are forbidden.'));
      if (was.reclaimPolicy !== sc.reclaimPolicy) causes.push(forbidden('reclaimPolicy', 'updates to reclaimPolicy are forbidden.'));
      if (was.volumeBindingMode !== sc.volumeBindingMode) causes.push(immutable('volumeBindingMode', sc.volumeBindingMode));
    }
    return causes;
  },
};
