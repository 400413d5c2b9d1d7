import { PodStatus } from '../../shared/api/types';
import { mergePodStatus } from '../../shared/nodes/pod-sync';
import { healthyConditions } from '../../shared/nodes/simulated/node-object';

const reported: PodStatus = {
  phase: 'Running',
  startTime: '2025-01-01T00:00:00Z',
  podIP: '10.244.1.2',
  conditions: [
    { type: 'PodReadyToStartContainers', status: 'True', lastTransitionTime: '2025-01-01T00:00:09Z' },
    { type: 'Ready', status: 'True', lastTransitionTime: '2025-01-01T00:00:09Z' },
  ],
};

describe('mergePodStatus', () => {
  it('keeps the stored transition time of a condition whose status did not change', () => {
    const current: PodStatus = { conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2025-01-01T00:00:01Z' }] };
    expect(mergePodStatus(current, reported).conditions?.find((c) => c.type === 'Ready')?.lastTransitionTime).toBe('2025-01-01T00:00:01Z');
  });

  it('takes the reported transition time when the status changed', () => {
    const current: PodStatus = { conditions: [{ type: 'Ready', status: 'False', lastTransitionTime: '2025-01-01T00:00:01Z' }] };
    expect(mergePodStatus(current, reported).conditions?.find((c) => c.type === 'Ready')?.lastTransitionTime).toBe('2025-01-01T00:00:09Z');
  });

  it("keeps other writers' fields and conditions, and adds PodScheduled when the scheduler was bypassed", () => {
    const current: PodStatus = {
      phase: 'Pending',
      qosClass: 'BestEffort',
      conditions: [{ type: 'DisruptionTarget', status: 'True', reason: 'DeletionByTaintManager' }],
    };
    const merged = mergePodStatus(current, reported);
    expect(merged.qosClass).toBe('BestEffort');
    expect(merged.phase).toBe('Running');
    expect(merged.conditions?.map((c) => c.type)).toEqual(['PodReadyToStartContainers', 'Ready', 'PodScheduled', 'DisruptionTarget']);
  });

  it('is a fixed point: merging the same report again changes nothing', () => {
    const once = mergePodStatus({ qosClass: 'BestEffort' }, reported);
    expect(mergePodStatus(once, { ...reported, conditions: reported.conditions?.map((c) => ({ ...c, lastTransitionTime: '2030-01-01T00:00:00Z' })) })).toEqual(once);
  });
});

describe('healthyConditions', () => {
  const now = new Date('2025-01-01T00:10:00Z');

  it('refreshes every heartbeat and keeps transition times of unchanged conditions', () => {
    const before = healthyConditions(undefined, new Date('2025-01-01T00:00:00Z'));
    const after = healthyConditions(before, now);
    expect(after.map((c) => [c.type, c.status, c.lastHeartbeatTime, c.lastTransitionTime])).toEqual([
      ['MemoryPressure', 'False', '2025-01-01T00:10:00Z', '2025-01-01T00:00:00Z'],
      ['DiskPressure', 'False', '2025-01-01T00:10:00Z', '2025-01-01T00:00:00Z'],
      ['PIDPressure', 'False', '2025-01-01T00:10:00Z', '2025-01-01T00:00:00Z'],
      ['Ready', 'True', '2025-01-01T00:10:00Z', '2025-01-01T00:00:00Z'],
    ]);
  });

  it('brings an Unknown node back to Ready with a new transition time', () => {
    const unknown = [{ type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown', lastTransitionTime: '2025-01-01T00:05:00Z' }];
    expect(healthyConditions(unknown, now).find((c) => c.type === 'Ready')).toMatchObject({ status: 'True', reason: 'KubeletReady', lastTransitionTime: '2025-01-01T00:10:00Z' });
  });
});
