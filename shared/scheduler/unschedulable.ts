import { ConflictError, NotFoundError } from '../api/errors';
import type { Pod } from '../api/types';
import { R, update } from '../controllers/client';
import { recordEvent } from '../controllers/events';
import { logger } from '../logging';
import { isPermanentError } from '../runtime/permanent';
import type { RestContext } from '../registry/context';
import { storedObject } from '../registry/resource';
import { nowTimestamp } from '../registry/time';

type Condition = { type: string; status: string; reason?: string; message?: string };

/**
 * PodScheduled=False/Unschedulable and a FailedScheduling event, written only when the message or
 * the nomination changes. `nominatedNodeName` is the node to nominate, '' to clear the nomination,
 * undefined to leave it (upstream's nominatingInfo modes Override and Noop).
 */
export async function markUnschedulable(ctx: RestContext, pod: Pod, message: string, nominatedNodeName?: string): Promise<void> {
  const conditions = (pod.status?.conditions ?? []) as Condition[];
  const current = conditions.find((c) => c.type === 'PodScheduled');
  const nominationChanges = nominatedNodeName !== undefined && nominatedNodeName !== (pod.status?.nominatedNodeName ?? '');
  if (current?.status === 'False' && current.message === message && !nominationChanges) return;
  const next = storedObject(structuredClone(pod));
  const status = (next.status ?? {}) as { conditions?: object[]; nominatedNodeName?: string };
  status.conditions = [
    ...conditions.filter((c) => c.type !== 'PodScheduled'),
    { type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime: nowTimestamp(), reason: 'Unschedulable', message },
  ];
  if (nominatedNodeName === '') delete status.nominatedNodeName;
  else if (nominatedNodeName !== undefined) status.nominatedNodeName = nominatedNodeName;
  next.status = status;
  try {
    await update(ctx, R.pods, next, 'status');
  } catch (err) {
    if (err instanceof ConflictError || err instanceof NotFoundError) return;
    // A pod the API now refuses (stored before validation caught its values): the event still tells.
    if (!isPermanentError(err)) throw err;
    logger.warn('could not mark pod unschedulable', { pod: `${String(pod.metadata?.namespace)}/${String(pod.metadata?.name)}`, error: (err as Error).message });
  }
  await recordEvent(ctx, next, 'Warning', 'FailedScheduling', message, 'default-scheduler');
}
