import { benchFramework } from '../../shared/scheduler/bench';

describe('benchFramework', () => {
  it('schedules every synthetic pod onto the synthetic nodes', () => {
    const result = benchFramework(50, 200);

    expect(result).toMatchObject({ scheduled: 200, unschedulable: 0 });
    expect(result.podsPerSecond).toBeGreaterThan(0);
  });
});
