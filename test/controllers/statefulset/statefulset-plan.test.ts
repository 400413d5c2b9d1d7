import { ControllerRevision, Pod, StatefulSet } from '../../../shared/api/types';
import { planHistory } from '../../../shared/controllers/daemonset/history';
import { newStatefulSetPod } from '../../../shared/controllers/statefulset/identity';
import { planStatefulSet } from '../../../shared/controllers/statefulset/statefulset-plan';
import { statefulSetStrategy } from '../../../shared/registry/kinds/statefulset';
import type { KubeObject } from '../../../shared/registry/resource';
import { ago, NOW } from '../support';

function sts(image = 'nginx:1', extra: Record<string, unknown> = {}): StatefulSet {
  const obj = {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'web', namespace: 'default', uid: 'uid-web', generation: 1 },
    spec: {
      replicas: 3,
      serviceName: 'web',
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image }] } },
      volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
      ...extra,
    },
  } as KubeObject;
  statefulSetStrategy.defaults?.(obj);
  return StatefulSet.parse(obj);
}

const revision = (s: StatefulSet): ControllerRevision => {
  const r = planHistory(s, [], new Set(), 'StatefulSet').create as ControllerRevision;
  return { ...r, metadata: { ...r.metadata, uid: `rev-${r.metadata?.name}` } };
};

function pod(s: StatefulSet, ordinal: number, rev: string, o: { ready?: boolean } = {}): Pod {
  const p = newStatefulSetPod(s, s.spec!.template, rev, ordinal);
  return Pod.parse({ ...p, metadata: { ...p.metadata, uid: `uid-${ordinal}`, creationTimestamp: ago(300) }, status: { phase: 'Running', conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True', lastTransitionTime: ago(200) }] } });
}

describe('planStatefulSet', () => {
  it('creates only web-0 and its claim first under OrderedReady', () => {
    const plan = planStatefulSet({ sts: sts(), pods: [], claims: [], revisions: [], now: NOW });
    expect(plan.create.map((p) => p.metadata?.name)).toEqual(['web-0']);
    expect(plan.createClaims.map((c) => c.metadata?.name)).toEqual(['data-web-0']);
    expect(plan.create[0].spec?.hostname).toBe('web-0');
    expect(plan.create[0].spec?.subdomain).toBe('web');
    expect(plan.history.create?.metadata?.name).toBe(`web-${plan.history.hash}`);
  });

  it('waits for a pod that is not ready before creating the next', () => {
    const s = sts();
    const rev = revision(s);
    const plan = planStatefulSet({ sts: s, pods: [pod(s, 0, String(rev.metadata?.name), { ready: false })], claims: [], revisions: [rev], now: NOW });
    expect(plan.create).toEqual([]);
  });

  it('creates every missing pod at once under Parallel', () => {
    const plan = planStatefulSet({ sts: sts('nginx:1', { podManagementPolicy: 'Parallel' }), pods: [], claims: [], revisions: [], now: NOW });
    expect(plan.create.map((p) => p.metadata?.name)).toEqual(['web-0', 'web-1', 'web-2']);
  });

  it('scales down from the highest ordinal, one at a time', () => {
    const s = sts('nginx:1', { replicas: 1 });
    const rev = String(revision(s).metadata?.name);
    const plan = planStatefulSet({ sts: s, pods: [0, 1, 2].map((i) => pod(s, i, rev)), claims: [], revisions: [revision(s)], now: NOW });
    expect(plan.delete.map((p) => p.metadata?.name)).toEqual(['web-2']);
  });

  it.each([
    [undefined, ['web-2']],
    [2, ['web-2']],
    [3, []],
  ])('with partition %s updates %j first, from the highest ordinal', (partition, expected) => {
    const old = sts('nginx:1');
    const oldRev = revision(old);
    const s = sts('nginx:2', partition === undefined ? {} : { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition } } });
    const plan = planStatefulSet({ sts: s, pods: [0, 1, 2].map((i) => pod(old, i, String(oldRev.metadata?.name))), claims: [], revisions: [oldRev], now: NOW });
    expect(plan.delete.map((p) => p.metadata?.name)).toEqual(expected);
  });

  it('deletes up to maxUnavailable old pods at once', () => {
    const old = sts('nginx:1');
    const oldRev = revision(old);
    const s = sts('nginx:2', { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0, maxUnavailable: 2 } } });
    const plan = planStatefulSet({ sts: s, pods: [0, 1, 2].map((i) => pod(old, i, String(oldRev.metadata?.name))), claims: [], revisions: [oldRev], now: NOW });
    expect(plan.delete.map((p) => p.metadata?.name)).toEqual(['web-2', 'web-1']);
  });

  it('leaves old pods alone under OnDelete', () => {
    const old = sts('nginx:1');
    const oldRev = revision(old);
    const s = sts('nginx:2', { updateStrategy: { type: 'OnDelete' } });
    const plan = planStatefulSet({ sts: s, pods: [0, 1, 2].map((i) => pod(old, i, String(oldRev.metadata?.name))), claims: [], revisions: [oldRev], now: NOW });
    expect(plan.delete).toEqual([]);
  });

  it('gives a condemned pod\'s claim a pod owner under whenScaled Delete', () => {
    const s = sts('nginx:1', { replicas: 1, persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Delete' } });
    const rev = String(revision(s).metadata?.name);
    const claim = { metadata: { name: 'data-web-1', namespace: 'default', uid: 'c1' }, spec: {} };
    const plan = planStatefulSet({ sts: s, pods: [pod(s, 0, rev), pod(s, 1, rev)], claims: [claim], revisions: [revision(s)], now: NOW });
    expect(plan.updateClaims[0].metadata?.ownerReferences).toEqual([expect.objectContaining({ kind: 'Pod', name: 'web-1', uid: 'uid-1' })]);
    expect(plan.delete.map((p) => p.metadata?.name)).toEqual(['web-1']);
  });
});

describe('statefulSetStrategy.validate', () => {
  const obj = (spec: Record<string, unknown>) => {
    const o = { metadata: { name: 'web' }, spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'i' }] } }, ...spec } } as KubeObject;
    statefulSetStrategy.defaults?.(o);
    return o;
  };
  it.each([
    [{ podManagementPolicy: 'Sometimes' }, 'spec.podManagementPolicy', "Invalid value: \"Sometimes\": must be 'OrderedReady' or 'Parallel'"],
    [{ selector: { matchLabels: { app: 'other' } } }, 'spec.template.metadata.labels', 'Invalid value: {"app":"web"}: `selector` does not match template `labels`'],
    [{ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: -1 } } }, 'spec.updateStrategy.rollingUpdate.partition', 'Invalid value: -1: must be greater than or equal to 0'],
    [{ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0 } } }, 'spec.updateStrategy.rollingUpdate.maxUnavailable', 'Invalid value: 0: cannot be 0'],
    [{ persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Keep' } }, 'spec.persistentVolumeClaimRetentionPolicy.whenDeleted', 'Unsupported value: "Keep": supported values: "Retain", "Delete"'],
    [{ volumeClaimTemplates: [{ metadata: { name: 'd' }, spec: { resources: { requests: { storage: '1Gi' } } } }] }, 'spec.volumeClaimTemplates[0].spec.accessModes', 'Required value: at least 1 access mode is required'],
  ])('refuses %j at %s', (spec, field, message) => {
    expect(statefulSetStrategy.validate?.(obj(spec))).toContainEqual(expect.objectContaining({ field, message }));
  });

  it('forbids changing serviceName but allows replicas and template', () => {
    const old = obj({ serviceName: 'a' });
    expect(statefulSetStrategy.validate?.(obj({ serviceName: 'b' }), old)).toContainEqual(expect.objectContaining({ field: 'spec', reason: 'FieldValueForbidden' }));
    expect(statefulSetStrategy.validate?.(obj({ serviceName: 'a', replicas: 5 }), old)).toEqual([]);
  });
});
