import type { ContainerDefinition, KeyValuePair, MountPoint, Secret as EcsSecret, Volume as EcsVolume } from '@aws-sdk/client-ecs';
import type { Container, PersistentVolume, Pod, Volume } from '../../api/types';
import { ConfigError, MappingInputs } from './inputs';
import type { ContainerSize } from './resources';

/**
 * ConfigMap and Secret volumes land in the task this way: each becomes an empty task volume, and a
 * small non-essential init container (`skiff-volumes`) that every other container waits for
 * (dependsOn SUCCESS) writes the files into it. ConfigMap contents reach it as environment values
 * (ConfigMaps are not secret); Secret keys reach it as ECS `secrets` from Secrets Manager, so no
 * Secret value is ever in a task definition or an override.
 */
export const WRITER_NAME = 'skiff-volumes';
export const WRITER_MOUNT_ROOT = '/skiff/volumes';
export const WRITER_CONTAINER_SIZE: ContainerSize = { cpu: 0, memoryReservation: 32, needCpu: 0, needMemory: 32 };

export interface MappedVolumes {
  volumes: EcsVolume[];
  /** The writer container, when any ConfigMap or Secret volume needs it. */
  writer?: ContainerDefinition;
}

interface File {
  volume: string;
  path: string;
  mode: number;
  value: { env: string } | { base64: string } | { secret: string };
}

type KeyToPath = { key: string; path: string; mode?: number };

const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

function configMapFiles(v: Volume, name: string, inputs: MappingInputs, items?: KeyToPath[], optional?: boolean, defaultMode?: number): File[] {
  const cm = inputs.configMaps.get(name);
  if (!cm) {
    if (optional) return [];
    throw new ConfigError(`configmap "${name}" not found`, 'volume');
  }
  const keys: KeyToPath[] = items ?? [...Object.keys(cm.data ?? {}), ...Object.keys(cm.binaryData ?? {})].map((key) => ({ key, path: key }));
  return keys.flatMap((it): File[] => {
    const mode = it.mode ?? defaultMode ?? 0o644;
    if (cm.data?.[it.key] !== undefined) return [{ volume: v.name, path: it.path, mode, value: { env: cm.data[it.key] } }];
    if (cm.binaryData?.[it.key] !== undefined) return [{ volume: v.name, path: it.path, mode, value: { base64: cm.binaryData[it.key] } }];
    if (optional) return [];
    throw new ConfigError(`configmap references non-existent config key: ${it.key}`, 'volume');
  });
}

function secretFiles(v: Volume, name: string, inputs: MappingInputs, items?: KeyToPath[], optional?: boolean, defaultMode?: number): File[] {
  const s = inputs.secrets.get(name);
  if (!s) {
    if (optional) return [];
    throw new ConfigError(`secret "${name}" not found`, 'volume');
  }
  const keys: KeyToPath[] = items ?? s.keys.map((key) => ({ key, path: key }));
  return keys.flatMap((it): File[] => {
    if (!s.keys.includes(it.key)) {
      if (optional) return [];
      throw new ConfigError(`references non-existent secret key: ${it.key}`, 'volume');
    }
    return [{ volume: v.name, path: it.path, mode: it.mode ?? defaultMode ?? 0o644, value: { secret: `${s.arn}:${it.key}::` } }];
  });
}

function filesOf(v: Volume, inputs: MappingInputs): File[] | undefined {
  if (v.configMap) return configMapFiles(v, v.configMap.name ?? '', inputs, v.configMap.items, v.configMap.optional, v.configMap.defaultMode);
  if (v.secret) return secretFiles(v, v.secret.secretName ?? '', inputs, v.secret.items, v.secret.optional, v.secret.defaultMode);
  if (v.projected) {
    // serviceAccountToken and downwardAPI sources are not written (see docs/ecs.md).
    return (v.projected.sources ?? []).flatMap((src) => {
      if (src.configMap) return configMapFiles(v, src.configMap.name ?? '', inputs, src.configMap.items, src.configMap.optional, v.projected?.defaultMode);
      if (src.secret) return secretFiles(v, src.secret.name ?? '', inputs, src.secret.items, src.secret.optional, v.projected?.defaultMode);
      return [];
    });
  }
  return undefined;
}

/** The task's volumes and, for file volumes, the writer container (its script and the values it writes). */
export function mapVolumes(pod: Pod, inputs: MappingInputs): MappedVolumes {
  const volumes: EcsVolume[] = [];
  const files: File[] = [];
  for (const v of pod.spec?.volumes ?? []) {
    if (v.hostPath) volumes.push({ name: v.name, host: { sourcePath: v.hostPath.path } });
    else volumes.push((v.persistentVolumeClaim && efsVolumeOf(v.name, inputs.claimVolumes?.get(v.persistentVolumeClaim.claimName))) || { name: v.name });
    files.push(...(filesOf(v, inputs) ?? []));
  }
  if (files.length === 0) return { volumes };
  const environment: KeyValuePair[] = [];
  const secrets: EcsSecret[] = [];
  const lines = ['set -e'];
  const written = new Set<string>();
  files.forEach((f, i) => {
    const env = `SKIFF_FILE_${i}`;
    const target = `${WRITER_MOUNT_ROOT}/${f.volume}/${f.path}`;
    lines.push(`mkdir -p "$(dirname ${quote(target)})"`);
    if ('env' in f.value) {
      environment.push({ name: env, value: f.value.env });
      lines.push(`printf '%s' "$${env}" > ${quote(target)}`);
    } else if ('base64' in f.value) {
      environment.push({ name: env, value: f.value.base64 });
      lines.push(`printf '%s' "$${env}" | base64 -d > ${quote(target)}`);
    } else {
      secrets.push({ name: env, valueFrom: f.value.secret });
      lines.push(`printf '%s' "$${env}" > ${quote(target)}`);
    }
    lines.push(`chmod ${f.mode.toString(8)} ${quote(target)}`);
    written.add(f.volume);
  });
  const writer: ContainerDefinition = {
    name: WRITER_NAME,
    image: inputs.volumeWriterImage,
    essential: false,
    entryPoint: ['sh', '-c'],
    command: [lines.join('\n')],
    memoryReservation: WRITER_CONTAINER_SIZE.memoryReservation,
    environment,
    ...(secrets.length ? { secrets } : {}),
    mountPoints: [...written].map((name) => ({ sourceVolume: name, containerPath: `${WRITER_MOUNT_ROOT}/${name}`, readOnly: false })),
  };
  return { volumes, writer };
}

/** A container's volume mounts as ECS mount points (file volumes are read-only, as upstream's). */
export function mountPointsOf(pod: Pod, c: Container): MountPoint[] {
  const byName = new Map((pod.spec?.volumes ?? []).map((v) => [v.name, v]));
  return (c.volumeMounts ?? []).map((m) => {
    const v = byName.get(m.name);
    const files = !!(v?.configMap || v?.secret || v?.projected);
    return { sourceVolume: m.name, containerPath: m.mountPath, readOnly: files || !!m.readOnly || !!v?.persistentVolumeClaim?.readOnly };
  });
}

/**
 * The ECS task volume for a pod volume whose claim is bound to an EFS PV (CSI driver
 * `efs.csi.aws.com`, handle `fs-id`, `fs-id::fsap-id` or `fs-id:subpath:fsap-id` as
 * aws-efs-csi-driver reads it): an EFS volume with TLS in transit (ECS requires it with an access
 * point or IAM), through the access point when there is one, with IAM authorization (the task
 * role) when the PV's mount options say `iam`, as the driver's do. Any other PV (a simulated one)
 * maps to undefined, and the caller keeps an empty task volume.
 */
export function efsVolumeOf(name: string, pv: Pick<PersistentVolume, 'spec'> | undefined): EcsVolume | undefined {
  const csi = pv?.spec?.csi;
  if (csi?.driver !== 'efs.csi.aws.com') return undefined;
  const [fileSystemId, subPath, accessPointId] = csi.volumeHandle.split(':');
  if (!fileSystemId) return undefined;
  const iam = (pv?.spec?.mountOptions ?? []).includes('iam') ? 'ENABLED' : 'DISABLED';
  return {
    name,
    efsVolumeConfiguration: {
      fileSystemId,
      transitEncryption: 'ENABLED',
      ...(accessPointId ? { authorizationConfig: { accessPointId, iam } } : { rootDirectory: subPath || '/', ...(iam === 'ENABLED' ? { authorizationConfig: { iam } } : {}) }),
    },
  };
}
