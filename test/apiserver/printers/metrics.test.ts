import { NodeMetrics, PodMetrics } from '../../../shared/api/types';
import { nodeMetricsPrinter, podMetricsPrinter } from '../../../shared/apiserver/printers/metrics';
import { row } from './fixtures';

const pod = (containers: { cpu: string; memory: string }[], window = '15s') =>
  PodMetrics.parse({
    apiVersion: 'metrics.k8s.io/v1beta1',
    kind: 'PodMetrics',
    metadata: { name: 'web-0', namespace: 'default' },
    timestamp: '2026-12-02T00:00:00Z',
    window,
    containers: containers.map((usage, i) => ({ name: `c${i}`, usage })),
  });

describe('podMetricsPrinter', () => {
  it.each([
    ['one container', [{ cpu: '12m', memory: '2048Ki' }], '15s', { CPU: '12m', Memory: '2Mi', Window: '15s' }],
    ['sums the containers', [{ cpu: '600m', memory: '1Mi' }, { cpu: '400m', memory: '1Mi' }], '15s', { CPU: '1', Memory: '2Mi', Window: '15s' }],
    ['no containers', [], '20s', { CPU: '0', Memory: '0', Window: '20s' }],
    ['a window over a minute, as Go prints a duration', [{ cpu: '1m', memory: '1Ki' }], '90s', { CPU: '1m', Memory: '1Ki', Window: '1m30s' }],
  ])('%s', (_, containers, window, cells) => {
    expect(row(podMetricsPrinter, pod(containers, window))).toEqual({ Name: 'web-0', ...cells });
  });
});

describe('nodeMetricsPrinter', () => {
  it('prints the node usage', () => {
    const node = NodeMetrics.parse({
      apiVersion: 'metrics.k8s.io/v1beta1',
      kind: 'NodeMetrics',
      metadata: { name: 'skiff-worker-1' },
      timestamp: '2026-12-02T00:00:00Z',
      window: '15s',
      usage: { cpu: '250m', memory: '512Mi' },
    });
    expect(row(nodeMetricsPrinter, node)).toEqual({ Name: 'skiff-worker-1', CPU: '250m', Memory: '512Mi', Window: '15s' });
  });
});
