import { ListTasksCommand, StopTaskCommand } from '@aws-sdk/client-ecs';
import type { Pod } from '../../api/types';
import { list, R } from '../../controllers/client';
import type { RestContext } from '../../registry/context';
import { forEachLimit } from '../../concurrency';
import { membersOfTags } from './batches';
import type { EcsClients } from './clients';
import { secretEntryName, TAG_POD_UID } from './names';
import type { PodTasks } from './pod-tasks';
import { referencedObjects } from './resolve-inputs';
import type { SecretsMirror } from './secrets-mirror';

/**
 * The provider's periodic repair, in pages of 100: every live task of the cluster is listed and
 * described (its state recorded, as a lost event would have), a task whose pod is gone (or is no
 * longer on an ECS node) is stopped, every pod on an ECS node is synced, and Secrets Manager
 * entries no such pod refers to are deleted.
 */
/** What the resync needs of the provider. */
export interface ResyncTarget {
  tasks: PodTasks;
  serves(nodeName: string): boolean;
  syncKey(key: string): Promise<void>;
}

export async function resync(provider: ResyncTarget, ctx: RestContext, clients: EcsClients, cluster: string, mirror: SecretsMirror): Promise<{ stopped: string[]; pruned: string[] }> {
  const pods = ((await list(ctx, R.pods)) as Pod[]).filter((p) => p.spec?.nodeName && provider.serves(p.spec.nodeName));
  const live = new Set(pods.map((p) => String(p.metadata?.uid)));
  const stopped: string[] = [];
  let token: string | undefined;
  do {
    const page = await clients.ecs.send(new ListTasksCommand({ cluster, desiredStatus: 'RUNNING', maxResults: 100, nextToken: token }));
    token = page.nextToken;
    const tasks = await provider.tasks.describe(page.taskArns ?? []);
    for (const task of tasks) {
      const uid = task.tags?.find((t) => t.key === TAG_POD_UID)?.value;
      provider.tasks.observe(task);
      // Only Skiff's own tasks (tagged with a pod uid, or batched for pods of ours) are the provider's to stop.
      const members = uid ? [uid] : membersOfTags(task.tags).map((m) => m.uid);
      if (members.length === 0) continue;
      if (!members.some((m) => live.has(m)) && task.desiredStatus !== 'STOPPED') {
        await clients.ecs.send(new StopTaskCommand({ cluster, task: task.taskArn, reason: 'Pod no longer exists' }));
        stopped.push(String(task.taskArn));
      }
    }
  } while (token);
  await forEachLimit(pods, 16, (p) => provider.syncKey(`${p.metadata?.namespace}/${p.metadata?.name}`));
  const used = new Set<string>();
  for (const p of pods) {
    if (p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') continue;
    const ns = p.metadata?.namespace ?? 'default';
    for (const s of referencedObjects(p).secrets) used.add(secretEntryName(cluster, ns, s));
    for (const s of p.spec?.imagePullSecrets ?? []) used.add(secretEntryName(cluster, ns, String(s.name)));
  }
  const pruned = await mirror.prune((entry) => used.has(entry) || [...used].some((u) => entry.startsWith(`${u}/pull/`)));
  return { stopped, pruned };
}
