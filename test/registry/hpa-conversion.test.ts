import { hpaFromV1, hpaToV1 } from '../../shared/registry/kinds/hpa-conversion';
import type { KubeObject } from '../../shared/registry/resource';

const v2 = {
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: 'web', namespace: 'default' },
  spec: {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
    minReplicas: 1,
    maxReplicas: 5,
    metrics: [
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } },
      { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '100Mi' } } },
    ],
    behavior: { scaleDown: { stabilizationWindowSeconds: 5 } },
  },
  status: { currentReplicas: 2, desiredReplicas: 3, currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 75 } } }], conditions: [{ type: 'AbleToScale', status: 'True', reason: 'ReadyForNewScale', message: 'm' }] },
} as unknown as KubeObject;

describe('autoscaling/v1 conversion', () => {
  it('shows the CPU target and current value, conditions and behavior in annotations', () => {
    const v1 = hpaToV1(v2) as unknown as { spec: object; status: object; metadata: { annotations: Record<string, string> } };
    expect(v1.spec).toEqual({ scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 5, targetCPUUtilizationPercentage: 50 });
    expect(v1.status).toEqual({ currentReplicas: 2, desiredReplicas: 3, currentCPUUtilizationPercentage: 75 });
    expect(JSON.parse(v1.metadata.annotations['autoscaling.alpha.kubernetes.io/behavior'])).toEqual({ scaleDown: { stabilizationWindowSeconds: 5 } });
  });

  it('round-trips, keeping the metrics v1 cannot show and dropping the annotations', () => {
    const back = hpaFromV1(hpaToV1(v2), v2) as unknown as typeof v2 & { metadata: { annotations?: object } };
    expect(back.spec).toEqual(v2.spec);
    expect(back.metadata.annotations).toBeUndefined();
  });

  it('turns a new v1 target into a CPU Utilization metric', () => {
    const made = hpaFromV1({ apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'x' }, spec: { scaleTargetRef: { kind: 'Deployment', name: 'x' }, maxReplicas: 3, targetCPUUtilizationPercentage: 60 } }) as unknown as { apiVersion: string; spec: object };
    expect(made.apiVersion).toBe('autoscaling/v2');
    expect(made.spec).toEqual({ scaleTargetRef: { kind: 'Deployment', name: 'x' }, maxReplicas: 3, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } }] });
  });
});
