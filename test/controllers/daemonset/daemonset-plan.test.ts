import { ControllerRevision, DaemonSet, Node, Pod } from '../../../shared/api/types';
import { daemonPod, daemonTolerations, nodeShouldRun, planDaemonSet } from '../../../shared/controllers/daemonset/daemonset-plan';
import { planHistory, REVISION_HASH_LABEL, revisionPatch } from '../../../shared/controllers/daemonset/history';
import { daemonSetStrategy } from '../../../shared/registry/kinds/daemonset';
import type { KubeObject } from '../../../shared/registry/resource';
import { ago, NOW } from '../support';

function ds(image = 'agent:1', extra: Partial<NonNullable<DaemonSet['spec']>> = {}): DaemonSet {
  const obj = {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent', namespace: 'default', uid: 'uid-ds', generation: 1, creationTimestamp: ago(600) },
    spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'agent', image }] } }, ...extra },
  } as KubeObject;
  daemonSetStrategy.defaults?.(obj);
  return DaemonSet.parse(obj);
}

function node(name: string, opts: { labels?: Record<string, string>; taints?: { key: string; value?: string; effect: string }[] } = {}): Node {
  return Node.parse({ metadata: { name, labels: { 'kubernetes.io/hostname': name, ...(opts.labels ?? {}) } }, spec: { taints: opts.taints } });
}

function podOn(d: DaemonSet, hash: string, nodeName: string, o: { ready?: boolean; phase?: string } = {}): Pod {
  const p = daemonPod(d, hash, nodeName);
  return Pod.parse({
    ...p,
    metadata: { ...p.metadata, name: `agent-${nodeName}-${hash}`, uid: `uid-${nodeName}-${hash}`, creationTimestamp: ago(300) },
    spec: { ...p.spec, nodeName },
    status: { phase: o.phase ?? 'Running', conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True', lastTransitionTime: ago(200) }] },
  });
}

const revisionFor = (d: DaemonSet, n: number): ControllerRevision => {
  const h = planHistory(d, [], new Set()).create as ControllerRevision;
  return { ...h, metadata: { ...h.metadata, uid: `rev-${n}` }, revision: n };
};

describe('planDaemonSet', () => {
  it('creates a pod on each eligible node with the node-name affinity, hash and default tolerations', () => {
    const d = ds();
    const plan = planDaemonSet({ ds: d, nodes: [node('a'), node('b')], pods: [], revisions: [], now: NOW });
    expect(plan.create.sort()).toEqual(['a', 'b']);
    expect(plan.history.create?.metadata?.name).toBe(`agent-${plan.history.hash}`);
    const pod = plan.template('a');
    expect(pod.metadata?.labels).toMatchObject({ app: 'agent', [REVISION_HASH_LABEL]: plan.history.hash, 'pod-template-generation': '1' });
    expect(pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms).toEqual([{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['a'] }] }]);
    expect(pod.spec?.tolerations?.map((t) => t.key)).toContain('node.kubernetes.io/unreachable');
    expect(plan.status).toMatchObject({ desiredNumberScheduled: 2, currentNumberScheduled: 0, numberUnavailable: 2 });
  });

  it.each([
    ['a plain node', node('n'), [true, true]],
    ['a Fargate virtual node', node('fargate-us-east-1a', { labels: { 'skiff.dev/compute-type': 'fargate' } }), [false, false]],
    ['an untolerated NoSchedule taint (a running pod may stay)', node('n', { taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] }), [false, true]],
    ['an untolerated NoExecute taint', node('n', { taints: [{ key: 'dedicated', value: 'db', effect: 'NoExecute' }] }), [false, false]],
    ['the unschedulable taint (tolerated by default)', node('n', { taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }] }), [true, true]],
  ])('should it run on %s', (_, n, expected) => {
    expect(nodeShouldRun(ds(), n)).toEqual(expected);
  });

  it('honours the template nodeSelector', () => {
    const d = ds('agent:1');
    d.spec!.template.spec!.nodeSelector = { disk: 'ssd' };
    expect(nodeShouldRun(d, node('n'))).toEqual([false, false]);
    expect(nodeShouldRun(d, node('n', { labels: { disk: 'ssd' } }))).toEqual([true, true]);
  });

  it('replaces a failed pod, and removes pods from nodes that are gone', () => {
    const d = ds();
    const hash = planHistory(d, [], new Set()).hash;
    const plan = planDaemonSet({ ds: d, nodes: [node('a')], pods: [podOn(d, hash, 'a', { phase: 'Failed' }), podOn(d, hash, 'gone')], revisions: [revisionFor(d, 1)], now: NOW });
    expect(plan.delete.map((p) => p.spec?.nodeName).sort()).toEqual(['a', 'gone']);
    expect(plan.create).toEqual(['a']);
  });

  it('rolls out one node at a time with maxUnavailable 1', () => {
    const v1 = ds('agent:1');
    const oldHash = planHistory(v1, [], new Set()).hash;
    const v2 = ds('agent:2');
    const pods = ['a', 'b', 'c'].map((n) => podOn(v2, oldHash, n));
    const plan = planDaemonSet({ ds: v2, nodes: [node('a'), node('b'), node('c')], pods, revisions: [revisionFor(v1, 1)], now: NOW });
    expect(plan.history.create?.revision).toBe(2);
    expect(plan.delete).toHaveLength(1);
    expect(plan.create).toEqual([]);
    expect(plan.status).toMatchObject({ updatedNumberScheduled: 0, numberAvailable: 3 });
  });

  it('surges new pods first with maxSurge, deleting an old pod once its replacement is available', () => {
    const v1 = ds('agent:1');
    const oldHash = planHistory(v1, [], new Set()).hash;
    const v2 = ds('agent:2', { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } });
    const newHash = planHistory(v2, [revisionFor(v1, 1)], new Set()).hash;
    const pods = [podOn(v2, oldHash, 'a'), podOn(v2, newHash, 'a'), podOn(v2, oldHash, 'b')];
    const plan = planDaemonSet({ ds: v2, nodes: [node('a'), node('b')], pods, revisions: [revisionFor(v1, 1)], now: NOW });
    expect(plan.delete.map((p) => `${p.spec?.nodeName}/${p.metadata?.labels?.[REVISION_HASH_LABEL]}`)).toEqual([`a/${oldHash}`]);
    expect(plan.create).toEqual([]);
  });

  it('leaves old pods alone under OnDelete', () => {
    const v1 = ds('agent:1');
    const oldHash = planHistory(v1, [], new Set()).hash;
    const v2 = ds('agent:2', { updateStrategy: { type: 'OnDelete' } });
    const plan = planDaemonSet({ ds: v2, nodes: [node('a')], pods: [podOn(v2, oldHash, 'a')], revisions: [revisionFor(v1, 1)], now: NOW });
    expect(plan.delete).toEqual([]);
  });
});

describe('DaemonSet history', () => {
  it('stores the template as a replace patch, as kubectl rollout undo applies it', () => {
    expect(revisionPatch(ds('agent:3'))).toEqual({ spec: { template: expect.objectContaining({ $patch: 'replace', spec: expect.objectContaining({ containers: [expect.objectContaining({ image: 'agent:3' })] }) }) } });
  });

  it('renumbers a revision reused by a rollback as the newest', () => {
    const v1 = ds('agent:1');
    const v2 = ds('agent:2');
    const plan = planHistory(v1, [revisionFor(v1, 1), revisionFor(v2, 2)], new Set());
    expect(plan.create).toBeUndefined();
    expect(plan.renumber?.revision).toBe(3);
  });

  it('keeps revisionHistoryLimit old revisions that no pod uses', () => {
    const current = ds('agent:9', { revisionHistoryLimit: 1 });
    const olds = [1, 2, 3].map((n) => revisionFor(ds(`agent:${n}`), n));
    const plan = planHistory(current, olds, new Set());
    expect(plan.delete.map((r) => r.revision)).toEqual([1, 2]);
  });

  it('adds the default tolerations once', () => {
    const existing = [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 5 }];
    const all = daemonTolerations(existing, true);
    expect(all.filter((t) => t.key === 'node.kubernetes.io/unreachable')).toEqual(existing);
    expect(all.map((t) => t.key)).toContain('node.kubernetes.io/network-unavailable');
  });
});
