/**
 * FitError.Error(): the message users read in `kubectl describe pod` when no node fits, e.g.
 * `0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint {dedicated: gpu}.
 * preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.`
 */
import type { Diagnosis } from './filtering';
import type { Status } from './status';

/** Counts each reason over every node: explicit statuses, plus the absent status for the rest. */
export function reasonCounts(numAllNodes: number, statuses: Iterable<Status>, absentStatus: Status): Map<string, number> {
  const counts = new Map<string, number>();
  let explicit = 0;
  for (const status of statuses) {
    explicit++;
    for (const reason of status.reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  if (explicit < numAllNodes) {
    for (const reason of absentStatus.reasons) counts.set(reason, (counts.get(reason) ?? 0) + numAllNodes - explicit);
  }
  return counts;
}

/** Upstream sorts the formatted `<count> <reason>` strings (sort.Strings), so the order is byte order of those. */
function histogram(counts: ReadonlyMap<string, number>): Array<[string, number]> {
  const line = ([reason, count]: [string, number]): string => `${count} ${reason}`;
  return [...counts].sort((a, b) => {
    const [x, y] = [line(a), line(b)];
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

/** The reason histogram of a failed cycle, ordered as the message prints it. */
export function diagnosisReasons(numAllNodes: number, diagnosis: Diagnosis): Map<string, number> {
  return new Map(histogram(reasonCounts(numAllNodes, diagnosis.statuses.values(), diagnosis.absentStatus)));
}

export function fitErrorMessage(
  numAllNodes: number,
  reasons: ReadonlyMap<string, number>,
  preFilterMsg?: string,
  postFilterMsg?: string,
): string {
  let message = `0/${numAllNodes} nodes are available:`;
  if (preFilterMsg) {
    // A preFilter rejection gives every node the same status; its message replaces the histogram.
    message += ` ${preFilterMsg}.`;
  } else {
    const lines = histogram(reasons).map(([reason, count]) => `${count} ${reason}`);
    if (lines.length > 0) message += ` ${lines.join(', ')}.`;
  }
  if (postFilterMsg) message += ` ${postFilterMsg}`;
  return message;
}
