/**
 * A micro benchmark of the framework alone (no I/O): synthetic nodes and pending pods, every pod
 * scheduled with the default profile and assumed, as a scheduler batch would. `npm run bench`
 * reports it against the 1,000 pods/s at 1,000 nodes bar.
 */
import type { Node, Pod } from '../api/types';
import type { SchedulerConfigurationOverrides } from './config';
import { isScheduled, schedulePod } from './framework';
import { defaultProfile } from './profile';
import { assume, buildSnapshot } from './snapshot';

export interface BenchResult {
  readonly podsPerSecond: number;
  readonly scheduled: number;
  readonly unschedulable: number;
  readonly elapsedMs: number;
}

const ZONES = ['zone-a', 'zone-b', 'zone-c'];
const SIZES: ReadonlyArray<{ cpu: string; memory: string }> = [
  { cpu: '100m', memory: '128Mi' },
  { cpu: '250m', memory: '256Mi' },
  { cpu: '500m', memory: '512Mi' },
  { cpu: '1', memory: '1Gi' },
];

export function syntheticNode(i: number): Node {
  const name = `node-${i}`;
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, 'topology.kubernetes.io/zone': ZONES[i % ZONES.length] } },
    status: { allocatable: { cpu: '32', memory: '128Gi', pods: '110' }, capacity: { cpu: '32', memory: '128Gi', pods: '110' } },
  };
}

export function syntheticPod(i: number): Pod {
  const size = SIZES[i % SIZES.length];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `pod-${i}`, namespace: 'bench', uid: `uid-${i}`, labels: { app: `app-${i % 10}` } },
    spec: { containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.10', resources: { requests: size } }] },
  };
}

/** Schedules `pods` pending pods onto `nodes` empty nodes, timing only scheduling and assuming. */
export function benchFramework(nodes: number, pods: number, overrides: SchedulerConfigurationOverrides = {}): BenchResult {
  const snapshot = buildSnapshot(Array.from({ length: nodes }, (_, i) => syntheticNode(i)), []);
  const pending = Array.from({ length: pods }, (_, i) => syntheticPod(i));
  const profile = defaultProfile(overrides);
  let scheduled = 0;
  const start = performance.now();
  for (const pod of pending) {
    const result = schedulePod(pod, snapshot, profile);
    if (isScheduled(result)) {
      assume(snapshot, pod, result.node);
      scheduled++;
    }
  }
  const elapsedMs = performance.now() - start;
  return { podsPerSecond: (pods / elapsedMs) * 1000, scheduled, unschedulable: pods - scheduled, elapsedMs };
}
