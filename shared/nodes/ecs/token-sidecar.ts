import type { ContainerDefinition, ContainerDependency } from '@aws-sdk/client-ecs';
import type { Pod, Volume } from '../../api/types';
import type { MappingInputs } from './inputs';
import type { ContainerSize } from './resources';
import { WRITER_MOUNT_ROOT } from './volumes';

/**
 * A pod's service account token reaches its ECS task without being in the task definition or an
 * override (both show in DescribeTasks and CloudTrail): a small non-essential sidecar,
 * `skiff-token`, presigns STS GetCallerIdentity with the task role's credentials (`aws eks
 * get-token`, an EKS-style `k8s-aws-v1.` token), sends it to the API server's pod token endpoint,
 * which answers the pod's projected token and downward API files only to a role session named
 * after the ECS task running that pod, and writes them atomically (temporary file, then mv) into
 * the projected volume, again at 80% of the token's life. Every other container waits until it is
 * HEALTHY (the first delivery is done). See docs/authentication.md.
 */
export const TOKEN_SIDECAR_NAME = 'skiff-token';
/** The API path the sidecar posts its STS-presigned identity to. */
export const POD_TOKEN_PATH = '/skiff/v1/pod-token';
/** What the sidecar reserves (counted in the Fargate task size). */
export const TOKEN_SIDECAR_SIZE: ContainerSize = { cpu: 0, memoryReservation: 64, needCpu: 0, needMemory: 64 };
/** An image with `aws` (v1 or v2) and `curl`. */
export const DEFAULT_TOKEN_SIDECAR_IMAGE = 'public.ecr.aws/aws-cli/aws-cli:latest';
/** Where the sidecar marks its first complete delivery (its health check looks for it). */
export const TOKEN_READY_FILE = '/tmp/skiff-token.ready';

/**
 * The sidecar's program (sh; needs aws, curl, sed, base64, mktemp). The answer is one line per
 * item: `refresh <seconds>`, then `file <volume> <mode> <base64 path> <base64 content>`. A failed
 * round keeps the files it has (a token stays valid until it expires) and retries with a backoff
 * doubling from 1 s to 60 s. Nothing it logs contains a token.
 */
export const TOKEN_SCRIPT = `set -u
dir="\${SKIFF_TOKEN_DIR:-${WRITER_MOUNT_ROOT}}"
ready="\${SKIFF_TOKEN_READY:-${TOKEN_READY_FILE}}"
work="$(mktemp -d)"
cacert=""
if [ -n "\${SKIFF_API_CA:-}" ]; then cacert="$work/ca.crt"; printf '%s\\n' "$SKIFF_API_CA" > "$cacert"; fi
delay=1
while :; do
  refresh=""
  if aws eks get-token --cluster-name "$SKIFF_CLUSTER" > "$work/credential" 2> "$work/error"; then
    printf 'Authorization: Bearer %s\\n' "$(sed -n 's/.*"token": *"\\([^"]*\\)".*/\\1/p' "$work/credential")" > "$work/header"
    if curl -sS -f -X POST \${cacert:+--cacert "$cacert"} -H @"$work/header" -o "$work/answer" "$SKIFF_API_URL${POD_TOKEN_PATH}" 2> "$work/error"; then
      written=0
      while read -r kind volume mode path content; do
        case "$kind" in
          refresh) refresh="$volume" ;;
          file)
            target="$dir/$volume/$(printf '%s' "$path" | base64 -d)"
            mkdir -p "$(dirname "$target")"
            tmp="$(dirname "$target")/..$(basename "$target").tmp"
            if printf '%s' "$content" | base64 -d > "$tmp" && chmod "$mode" "$tmp" && mv -f "$tmp" "$target"; then written=$((written + 1)); else refresh=""; fi ;;
        esac
      done < "$work/answer"
      rm -f "$work/answer"
    fi
  fi
  rm -f "$work/credential" "$work/header"
  if [ -n "$refresh" ]; then
    touch "$ready"
    echo "skiff-token: wrote $written files, next refresh in \${refresh}s"
    delay=1
    sleep "$refresh"
  else
    echo "skiff-token: delivery failed, retrying in \${delay}s: $(tr '\\n' ' ' < "$work/error" 2>/dev/null)" >&2
    sleep "$delay"
    delay=$((delay * 2)); if [ "$delay" -gt 60 ]; then delay=60; fi
  fi
done
`;

/** Whether a volume has a source the sidecar delivers (a service account token or downward API files). */
export function deliveredByToken(v: Volume): boolean {
  return !!v.projected?.sources?.some((s) => s.serviceAccountToken || s.downwardAPI);
}

/** The volumes whose token and downward API files the sidecar writes. */
export function tokenVolumes(pod: Pod): string[] {
  return (pod.spec?.volumes ?? []).filter(deliveredByToken).map((v) => v.name);
}

/** The sidecar for a pod with token or downward API volumes (undefined: none, delivery not configured, or no task role). */
export function tokenSidecar(pod: Pod, inputs: MappingInputs): ContainerDefinition | undefined {
  const volumes = tokenVolumes(pod);
  const d = inputs.podToken;
  // Without a task role there are no credentials to sign with (the mapping reports it).
  if (volumes.length === 0 || !d?.url || !inputs.taskRoleArn) return undefined;
  return {
    name: TOKEN_SIDECAR_NAME,
    image: d.image ?? DEFAULT_TOKEN_SIDECAR_IMAGE,
    essential: false,
    entryPoint: ['sh', '-c'],
    command: [TOKEN_SCRIPT],
    memoryReservation: TOKEN_SIDECAR_SIZE.memoryReservation,
    environment: [
      { name: 'SKIFF_API_URL', value: d.url.replace(/\/$/, '') },
      { name: 'SKIFF_CLUSTER', value: inputs.cluster },
      { name: 'AWS_REGION', value: inputs.region },
      { name: 'AWS_DEFAULT_REGION', value: inputs.region },
      ...(d.caCert ? [{ name: 'SKIFF_API_CA', value: d.caCert }] : []),
    ],
    mountPoints: volumes.map((name) => ({ sourceVolume: name, containerPath: `${WRITER_MOUNT_ROOT}/${name}`, readOnly: false })),
    healthCheck: { command: ['CMD-SHELL', `test -f ${TOKEN_READY_FILE}`], interval: 5, timeout: 2, retries: 10, startPeriod: 300 },
  };
}

/** What the pod's own containers wait for: the sidecar's first delivery. */
export const TOKEN_DEPENDENCY: ContainerDependency = { containerName: TOKEN_SIDECAR_NAME, condition: 'HEALTHY' };
