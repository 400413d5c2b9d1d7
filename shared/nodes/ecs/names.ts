import { createHash } from 'node:crypto';
import type { Pod } from '../../api/types';

/** Tags on every task Skiff starts: which pod (and which run of it) it is. */
export const TAG_POD = 'skiff.dev/pod';
export const TAG_POD_UID = 'skiff.dev/pod-uid';
export const TAG_ATTEMPT = 'skiff.dev/attempt';
export const TAG_CLUSTER = 'skiff.dev/cluster';
/** Docker label on the first container: the digest of the mapped task definition content. */
export const DIGEST_LABEL = 'skiff.dev/template-digest';
/** The awslogs stream prefix: a container's stream is `skiff/<container>/<task-id>`. */
export const LOG_STREAM_PREFIX = 'skiff';

/** A task's id: the last part of its ARN (`arn:aws:ecs:r:a:task/cluster/<id>`). */
export const taskIdOf = (taskArn: string): string => taskArn.slice(taskArn.lastIndexOf('/') + 1);

/** The containerID the pod's status carries for a container of a task (the logs contract). */
export const containerIdOf = (taskArn: string, container: string): string => `ecs://${taskIdOf(taskArn)}/${container}`;

/** The task id a containerID names, if it is one of ours. */
export function taskIdOfContainerId(containerID: string | undefined): string | undefined {
  const m = /^ecs:\/\/([^/]+)\//.exec(containerID ?? '');
  return m?.[1];
}

/** The CloudWatch stream of a container of a task (awslogs' naming with our prefix). */
export const logStreamOf = (taskArn: string, container: string): string => `${LOG_STREAM_PREFIX}/${container}/${taskIdOf(taskArn)}`;

const clean = (s: string): string => s.replace(/[^A-Za-z0-9_-]/g, '-');

/**
 * The task definition family of a pod: namespace plus what the pod was made from (its
 * Deployment, by the ReplicaSet name less the pod-template-hash; else its owner; else its own
 * name), so a template's revisions are revisions of one family. At most 255 characters.
 */
export function familyOf(pod: Pod): string {
  const meta = pod.metadata ?? {};
  const owner = meta.ownerReferences?.find((o) => o.controller) ?? meta.ownerReferences?.[0];
  const hash = meta.labels?.['pod-template-hash'];
  let base = String(meta.name ?? 'pod');
  if (owner) base = hash && owner.name.endsWith(`-${hash}`) ? owner.name.slice(0, -hash.length - 1) : owner.name;
  return clean(`skiff-${meta.namespace ?? 'default'}-${base}`).slice(0, 255);
}

/** A short stable digest of any JSON value (sorted keys). */
export function digestOf(value: unknown): string {
  return createHash('sha256').update(stableJson(value)).digest('hex').slice(0, 16);
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The Secrets Manager entry that mirrors a Kubernetes Secret for a cluster's tasks. */
export const secretEntryName = (cluster: string, namespace: string, name: string): string => `skiff/${cluster}/${namespace}/${name}`;
/** The prefix of every entry Skiff keeps for a cluster (what the cleanup lists). */
export const secretEntryPrefix = (cluster: string): string => `skiff/${cluster}/`;
/** The Secrets Manager entry holding registry credentials from an image pull secret, per registry. */
export const pullEntryName = (cluster: string, namespace: string, name: string, registry: string): string =>
  `skiff/${cluster}/${namespace}/${name}/pull/${clean(registry)}`;
