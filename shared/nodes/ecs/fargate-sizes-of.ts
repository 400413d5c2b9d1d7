import type { Pod } from '../../api/types';
import type { FargateSize } from './fargate-sizes';
import { containerSize, fargateTaskSize as sizeOf } from './resources';
import { TOKEN_SIDECAR_SIZE, tokenVolumes } from './token-sidecar';
import { WRITER_CONTAINER_SIZE } from './volumes';

/** The Fargate task size of a pod: all its containers, plus the volume writer when it has file volumes and the token sidecar when it has a token. */
export function fargateTaskSize(pod: Pod): FargateSize | undefined {
  const spec = pod.spec ?? { containers: [] };
  const sizes = [...spec.containers, ...(spec.initContainers ?? [])].map(containerSize);
  if (spec.volumes?.some((v) => v.configMap || v.secret || v.projected)) sizes.push(WRITER_CONTAINER_SIZE);
  if (tokenVolumes(pod).length) sizes.push(TOKEN_SIDECAR_SIZE);
  return sizeOf(sizes);
}
