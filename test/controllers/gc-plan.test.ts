import { OwnerReference } from '../../shared/api/types';
import { GcObject, OwnerState, planDependent, planForeground, planOrphan } from '../../shared/controllers/gc/gc-plan';
import { planPodGC } from '../../shared/controllers/gc/podgc-plan';
import { ago, pod } from './support';

const ref = (uid: string, block = false): OwnerReference => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: uid, uid, blockOwnerDeletion: block || undefined });
const obj = (uid: string, refs: OwnerReference[], extra: Partial<NonNullable<GcObject['metadata']>> = {}): GcObject => ({ metadata: { name: uid, uid, ownerReferences: refs, ...extra } });
const states = (m: Record<string, OwnerState>) => (r: OwnerReference) => m[r.uid] ?? 'absent';

describe('planDependent', () => {
  it.each([
    ['its only owner is gone', [ref('a')], { a: 'absent' }, undefined, { kind: 'delete', policy: 'Background' }],
    ['its owner lives', [ref('a')], { a: 'present' }, undefined, { kind: 'none' }],
    ['one owner lives, another is gone', [ref('a'), ref('b')], { a: 'present', b: 'absent' }, undefined, { kind: 'removeRefs', uids: ['b'] }],
    ['one owner lives, another waits for its dependents', [ref('a'), ref('b')], { a: 'present', b: 'waiting' }, undefined, { kind: 'removeRefs', uids: ['b'] }],
    ['its owner waits, and it has dependents of its own', [ref('a')], { a: 'waiting' }, true, { kind: 'delete', policy: 'Foreground' }],
    ['its owner waits, and it has no dependents', [ref('a')], { a: 'waiting' }, false, { kind: 'delete', policy: 'Background' }],
    ['its owner waits, dependents unknown', [ref('a')], { a: 'waiting' }, undefined, { kind: 'none' }],
    ['its owner is of a kind not served', [ref('a')], { a: 'unknown' }, undefined, { kind: 'none' }],
  ])('when %s', (_case, refs, owners, hasDependents, expected) => {
    expect(planDependent(obj('x', refs), states(owners as Record<string, OwnerState>), hasDependents)).toEqual(expected);
  });

  it('leaves alone an object already being deleted', () => {
    expect(planDependent(obj('x', [ref('a')], { deletionTimestamp: ago(1) }), states({}))).toEqual({ kind: 'none' });
  });

  it('deletes with the policy its own finalizers ask for', () => {
    expect(planDependent(obj('x', [ref('a')], { finalizers: ['orphan'] }), states({}))).toEqual({ kind: 'delete', policy: 'Orphan' });
  });
});

describe('planForeground', () => {
  const owner = obj('owner', [], { deletionTimestamp: ago(1), finalizers: ['foregroundDeletion'] });
  const view = (o: GcObject, m: Record<string, OwnerState> = { owner: 'waiting' }) => ({ obj: o, state: states(m), hasDependents: false });

  it('deletes the dependents and keeps the finalizer while a blocking one remains', () => {
    const blocking = obj('b', [ref('owner', true)]);
    const plain = obj('p', [ref('owner')]);
    const plan = planForeground(owner, [view(blocking), view(plain)]);
    expect(plan.actions.map((a) => [a.obj.metadata?.name, a.action])).toEqual([
      ['b', { kind: 'delete', policy: 'Background' }],
      ['p', { kind: 'delete', policy: 'Background' }],
    ]);
    expect(plan.removeFinalizer).toBe(false);
  });

  it('waits for a blocking dependent that is still terminating', () => {
    const terminating = obj('b', [ref('owner', true)], { deletionTimestamp: ago(1), finalizers: ['example.com/hold'] });
    expect(planForeground(owner, [view(terminating)])).toEqual({ actions: [], removeFinalizer: false });
  });

  it('releases the finalizer once no blocking dependent remains', () => {
    expect(planForeground(owner, [view(obj('p', [ref('owner')]))]).removeFinalizer).toBe(true);
    expect(planForeground(owner, []).removeFinalizer).toBe(true);
  });

  it('does not wait for a blocking dependent that another owner keeps', () => {
    const shared = obj('s', [ref('owner', true), ref('other')]);
    const plan = planForeground(owner, [view(shared, { owner: 'waiting', other: 'present' })]);
    expect(plan.actions.map((a) => a.action)).toEqual([{ kind: 'removeRefs', uids: ['owner'] }]);
    expect(plan.removeFinalizer).toBe(true);
  });
});

describe('planOrphan', () => {
  it('removes the owner from its dependents, keeping their other owners', () => {
    const owner = obj('owner', []);
    const released = planOrphan(owner, [obj('a', [ref('owner')]), obj('b', [ref('owner'), ref('other')])]);
    expect(released.map((o) => o.metadata?.ownerReferences?.map((r) => r.uid))).toEqual([undefined, ['other']]);
  });
});

describe('planPodGC', () => {
  const nodes = new Set(['node-1']);
  it('deletes pods bound to nodes that are gone', () => {
    const plan = planPodGC([pod('a', { nodeName: 'node-1' }), pod('b', { nodeName: 'node-9' }), pod('c')], nodes);
    expect(plan.orphaned.map((p) => p.metadata?.name)).toEqual(['b']);
  });

  it('deletes terminated pods beyond the threshold, evicted first, then oldest first', () => {
    const pods = [
      pod('new', { nodeName: 'node-1', phase: 'Succeeded', created: ago(10) }),
      pod('old', { nodeName: 'node-1', phase: 'Failed', created: ago(1000) }),
      pod('evicted', { nodeName: 'node-1', phase: 'Failed', created: ago(5) }),
      pod('running', { nodeName: 'node-1', created: ago(5000) }),
    ];
    pods[2].status!.reason = 'Evicted';
    expect(planPodGC(pods, nodes, 1).terminated.map((p) => p.metadata?.name)).toEqual(['evicted', 'old']);
    expect(planPodGC(pods, nodes, 0).terminated).toEqual([]);
  });
});
