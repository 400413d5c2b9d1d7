import type { Pod, PodDisruptionBudget } from '../../shared/api/types';
import { isScheduled, schedulePod, ScheduleFailure, ScheduleResult } from '../../shared/scheduler/framework';
import { numCandidates } from '../../shared/scheduler/preemption';
import { Candidate, isVictims, pickOneNodeForPreemption, selectVictimsOnNode, splitByBudgets } from '../../shared/scheduler/preemption-victims';
import { defaultProfile } from '../../shared/scheduler/profile';
import { buildSnapshot } from '../../shared/scheduler/snapshot';
import { infoOf, makeNode, makePod, nodeInfoOf, PodFixture } from './fixtures';

const NOW = Date.parse('2026-01-01T12:00:00Z');

/** A pod with a uid, a start time (minutes before NOW) and optionally a preemption condition. */
function pod(f: PodFixture & { startedMinutesAgo?: number; nominated?: string; terminatingByPreemption?: boolean }): Pod {
  const p = makePod(f);
  p.metadata = { ...p.metadata, uid: `uid-${f.name}` };
  const status: NonNullable<Pod['status']> = { ...p.status };
  if (f.startedMinutesAgo !== undefined) status.startTime = new Date(NOW - f.startedMinutesAgo * 60_000).toISOString();
  if (f.nominated) status.nominatedNodeName = f.nominated;
  if (f.terminatingByPreemption) {
    p.metadata.deletionTimestamp = new Date(NOW).toISOString();
    status.conditions = [{ type: 'DisruptionTarget', status: 'True', reason: 'PreemptionByScheduler', message: 'default-scheduler: preempting to accommodate a higher priority pod' }];
  }
  p.status = status;
  return p;
}

function pdb(name: string, labels: Record<string, string>, disruptionsAllowed: number, disruptedPods?: Record<string, string>): PodDisruptionBudget {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name, namespace: 'default' },
    spec: { selector: { matchLabels: labels } },
    status: { disruptionsAllowed, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0, ...(disruptedPods ? { disruptedPods } : {}) },
  };
}

function failure(result: ScheduleResult): ScheduleFailure {
  if (isScheduled(result)) throw new Error(`expected a failure, got node ${result.node}`);
  return result;
}

const names = (pods: readonly Pod[] | undefined): string[] => (pods ?? []).map((p) => String(p.metadata?.name));

describe('splitByBudgets (filterPodsWithPDBViolation)', () => {
  const a = (name: string, labels: Record<string, string> = { app: 'a' }) => infoOf(pod({ name, labels }));
  const cases: [string, ReturnType<typeof a>[], PodDisruptionBudget[], string[], string[]][] = [
    ['no budgets: nothing violates', [a('p1'), a('p2')], [], [], ['p1', 'p2']],
    ['the pods past disruptionsAllowed violate, in order', [a('p1'), a('p2'), a('p3')], [pdb('b', { app: 'a' }, 1)], ['p2', 'p3'], ['p1']],
    ['a pod already in disruptedPods uses no allowance', [a('p1'), a('p2')], [pdb('b', { app: 'a' }, 1, { p1: '2026-01-01T00:00:00Z' })], [], ['p1', 'p2']],
    ['unlabelled pods never violate', [a('p1', {})], [pdb('b', { app: 'a' }, 0)], [], ['p1']],
    ['an empty selector protects nothing in preemption', [a('p1')], [pdb('b', {}, 0)], [], ['p1']],
    ['a budget in another namespace does not count', [a('p1')], [{ ...pdb('b', { app: 'a' }, 0), metadata: { name: 'b', namespace: 'other' } }], [], ['p1']],
  ];
  it.each(cases)('%s', (_name, pods, pdbs, violating, nonViolating) => {
    const split = splitByBudgets(pods, pdbs);
    expect(split.violating.map((p) => p.name)).toEqual(violating);
    expect(split.nonViolating.map((p) => p.name)).toEqual(nonViolating);
  });
});

describe('selectVictimsOnNode', () => {
  const node = makeNode({ name: 'n1', cpu: '2' });
  const fitsCpu = (need: number) => (info: ReturnType<typeof nodeInfoOf>) =>
    info.freeMilliCPU >= need ? { code: 'Success' as const, reasons: [] } : { code: 'Unschedulable' as const, reasons: ['Insufficient cpu'] };

  it('reprieves the most important pods first and evicts only what the pod needs', () => {
    const pods = [
      pod({ name: 'p-5', cpu: '500m', nodeName: 'n1', priority: 5, startedMinutesAgo: 1 }),
      pod({ name: 'p-1', cpu: '500m', nodeName: 'n1', priority: 1, startedMinutesAgo: 1 }),
      pod({ name: 'p-3-old', cpu: '500m', nodeName: 'n1', priority: 3, startedMinutesAgo: 10 }),
      pod({ name: 'p-3-new', cpu: '500m', nodeName: 'n1', priority: 3, startedMinutesAgo: 2 }),
    ];
    const outcome = selectVictimsOnNode(infoOf(pod({ name: 'hi', priority: 10 })), nodeInfoOf(node, pods), [], fitsCpu(1000), NOW);
    if (!isVictims(outcome)) throw new Error(outcome.reasons.join());
    expect(outcome.pods.map((p) => p.name)).toEqual(['p-3-new', 'p-1']);
    expect(outcome.numPDBViolations).toBe(0);
  });

  it('reprieves budget-protected pods before the others, counting the violations it cannot avoid', () => {
    const pods = [
      pod({ name: 'guarded', labels: { app: 'a' }, cpu: '1', nodeName: 'n1', priority: 1 }),
      pod({ name: 'free', cpu: '1', nodeName: 'n1', priority: 5 }),
    ];
    const outcome = selectVictimsOnNode(infoOf(pod({ name: 'hi', priority: 10 })), nodeInfoOf(node, pods), [pdb('b', { app: 'a' }, 0)], fitsCpu(1000), NOW);
    if (!isVictims(outcome)) throw new Error(outcome.reasons.join());
    expect(outcome.pods.map((p) => p.name)).toEqual(['free']);
    expect(outcome.numPDBViolations).toBe(0);

    const both = selectVictimsOnNode(infoOf(pod({ name: 'hi', priority: 10 })), nodeInfoOf(node, pods), [pdb('b', { app: 'a' }, 0)], fitsCpu(2000), NOW);
    if (!isVictims(both)) throw new Error(both.reasons.join());
    expect(both.pods.map((p) => p.name)).toEqual(['free', 'guarded']);
    expect(both.numPDBViolations).toBe(1);
  });

  it('says so when no pod on the node has a lower priority', () => {
    const outcome = selectVictimsOnNode(infoOf(pod({ name: 'hi', priority: 1 })), nodeInfoOf(node, [pod({ name: 'same', nodeName: 'n1', priority: 1 })]), [], fitsCpu(1), NOW);
    expect(outcome).toEqual({ code: 'UnschedulableAndUnresolvable', reasons: ['No preemption victims found for incoming pod'] });
  });

  it('gives the filters\' status when evicting every lower-priority pod is not enough', () => {
    const outcome = selectVictimsOnNode(infoOf(pod({ name: 'hi', priority: 9 })), nodeInfoOf(node, [pod({ name: 'low', cpu: '1', nodeName: 'n1' })]), [], fitsCpu(3000), NOW);
    expect(outcome).toEqual({ code: 'Unschedulable', reasons: ['Insufficient cpu'] });
  });
});

describe('pickOneNodeForPreemption', () => {
  const victim = (priority: number, startedMinutesAgo = 1) => infoOf(pod({ name: `v${priority}-${startedMinutesAgo}`, priority, startedMinutesAgo }));
  const c = (node: string, priorities: number[], numPDBViolations = 0, started: number[] = []): Candidate => ({
    node,
    victims: { pods: priorities.map((p, i) => victim(p, started[i] ?? 1)), numPDBViolations },
  });
  const cases: [string, Candidate[], string][] = [
    ['a node without victims wins at once', [c('a', [1]), c('b', [])], 'b'],
    ['fewest budget violations first', [c('a', [1], 1), c('b', [5, 5], 0)], 'b'],
    ['then the lowest highest-priority victim', [c('a', [5]), c('b', [3, 3, 3])], 'b'],
    ['then the lowest sum of priorities', [c('a', [3, 2]), c('b', [3, 1])], 'b'],
    ['negative priorities still add up (fewer victims win an equal sum)', [c('a', [-1, -1]), c('b', [-1])], 'b'],
    ['then the fewest victims', [c('a', [0, 0]), c('b', [0])], 'b'],
    ['then the latest start of the highest-priority victims', [c('a', [2], 0, [30]), c('b', [2], 0, [5])], 'b'],
    ['then the first candidate', [c('a', [2]), c('b', [2])], 'a'],
  ];
  it.each(cases)('%s', (_name, candidates, node) => {
    expect(pickOneNodeForPreemption(candidates, NOW)?.node).toBe(node);
  });

  it('picks nothing from no candidates', () => {
    expect(pickOneNodeForPreemption([], NOW)).toBeUndefined();
  });
});

describe('numCandidates', () => {
  it.each([
    [3, 3],
    [500, 100],
    [5000, 500],
  ])('%d nodes: %d candidates', (nodes, wanted) => expect(numCandidates(nodes)).toBe(wanted));
});

describe('schedulePod with preemption', () => {
  const nodes = [makeNode({ name: 'n1', cpu: '1' }), makeNode({ name: 'n2', cpu: '1' })];

  it('nominates the node whose victims have the lowest priority and names them', () => {
    const pods = [pod({ name: 'low-1', cpu: '800m', nodeName: 'n1', priority: 1 }), pod({ name: 'low-5', cpu: '800m', nodeName: 'n2', priority: 5 })];
    const result = failure(schedulePod(pod({ name: 'hi', cpu: '500m', priority: 10 }), buildSnapshot(nodes, pods), defaultProfile()));
    expect(result.message).toBe('0/2 nodes are available: 2 Insufficient cpu.');
    expect(result.nominatedNodeName).toBe('n1');
    expect(names(result.preemption?.victims)).toEqual(['low-1']);
  });

  it('does not preempt for a pod with preemptionPolicy Never, and keeps its nomination', () => {
    const pods = [pod({ name: 'low', cpu: '800m', nodeName: 'n1' }), pod({ name: 'low2', cpu: '800m', nodeName: 'n2' })];
    const result = failure(schedulePod(pod({ name: 'hi', cpu: '500m', priority: 10, preemptionPolicy: 'Never' }), buildSnapshot(nodes, pods), defaultProfile()));
    expect(result.message).toBe('0/2 nodes are available: 2 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.');
    expect(result.preemption).toBeUndefined();
    expect(result.nominatedNodeName).toBeUndefined();
  });

  it('waits while a victim it preempted on its nominated node is still terminating', () => {
    const pods = [pod({ name: 'victim', cpu: '800m', nodeName: 'n1', terminatingByPreemption: true }), pod({ name: 'low2', cpu: '800m', nodeName: 'n2' })];
    const result = failure(schedulePod(pod({ name: 'hi', cpu: '500m', priority: 10, nominated: 'n1' }), buildSnapshot(nodes, pods), defaultProfile()));
    expect(result.message).toBe('0/2 nodes are available: 2 Insufficient cpu. preemption: not eligible due to a terminating pod on the nominated node.');
    expect(result.preemption).toBeUndefined();
    expect(result.nominatedNodeName).toBeUndefined();
  });

  it('clears the nomination when preemption finds no node', () => {
    const pods = [pod({ name: 'same', cpu: '800m', nodeName: 'n1', priority: 10 }), pod({ name: 'same2', cpu: '800m', nodeName: 'n2', priority: 10 })];
    const result = failure(schedulePod(pod({ name: 'hi', cpu: '500m', priority: 10, nominated: 'n1' }), buildSnapshot(nodes, pods), defaultProfile()));
    expect(result.message).toBe('0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.');
    expect(result.nominatedNodeName).toBe('');
  });

  it('keeps room nominated to a higher-priority pod from a lower-priority one', () => {
    const one = [makeNode({ name: 'n1', cpu: '1' })];
    const pods = [pod({ name: 'preemptor', cpu: '800m', priority: 10, nominated: 'n1' })];
    const result = failure(schedulePod(pod({ name: 'late', cpu: '500m', priority: 1 }), buildSnapshot(one, pods), defaultProfile()));
    expect(result.message).toBe('0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.');
  });

  it('lets a higher-priority pod take room nominated to a lower-priority one', () => {
    const one = [makeNode({ name: 'n1', cpu: '1' })];
    const pods = [pod({ name: 'preemptor', cpu: '800m', priority: 1, nominated: 'n1' })];
    const result = schedulePod(pod({ name: 'urgent', cpu: '500m', priority: 10 }), buildSnapshot(one, pods), defaultProfile());
    expect(isScheduled(result) && result.node).toBe('n1');
  });

  it('places the preemptor on its nominated node once the room is free', () => {
    const roomy = [makeNode({ name: 'n1', cpu: '4' }), makeNode({ name: 'n2', cpu: '4' })];
    const preemptor = pod({ name: 'hi', cpu: '500m', priority: 10, nominated: 'n2' });
    const result = schedulePod(preemptor, buildSnapshot(roomy, [preemptor]), defaultProfile());
    expect(result).toEqual({ node: 'n2', evaluatedNodes: 1, feasibleNodes: 1 });
  });

  it('takes a nominated lower-priority pod\'s nomination away on the node it preempts', () => {
    const one = [makeNode({ name: 'n1', cpu: '1' })];
    const pods = [pod({ name: 'low', cpu: '800m', nodeName: 'n1', priority: 0 }), pod({ name: 'mid', cpu: '800m', priority: 5, nominated: 'n1' })];
    const result = failure(schedulePod(pod({ name: 'hi', cpu: '800m', priority: 10 }), buildSnapshot(one, pods), defaultProfile()));
    expect(result.nominatedNodeName).toBe('n1');
    expect(names(result.preemption?.victims)).toEqual(['low']);
    expect(names(result.preemption?.lowerNominated)).toEqual(['mid']);
  });
});
