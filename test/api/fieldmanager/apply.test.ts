import { ApiError } from '../../../shared/api/errors';
import { JsonObject } from '../../../shared/api/patch/json';
import { applyFields, ApplyRequest } from '../../../shared/api/fieldmanager/apply';
import { ApplyConflictError } from '../../../shared/api/fieldmanager/conflict';
import { applyConfiguration } from '../../../shared/apiserver/apply';
import { resourceByKind } from '../../../shared/registry/catalog';
import { KubeObject } from '../../../shared/registry/resource';

const configMap = (data: Record<string, string>, metadata: JsonObject = {}): JsonObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'cm', ...metadata },
  data,
});

function apply(live: JsonObject | undefined, config: JsonObject, manager: string, extra: Partial<ApplyRequest> = {}): JsonObject {
  return applyFields({ kind: String(config.kind), apiVersion: String(config.apiVersion), hasStatus: false, live, config, manager, force: false, now: 'T1', ...extra });
}

function managed(obj: JsonObject): Array<Record<string, unknown>> {
  return (obj.metadata as { managedFields?: Array<Record<string, unknown>> }).managedFields ?? [];
}

function conflictOf(fn: () => unknown): ApplyConflictError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApplyConflictError) return err;
    throw err;
  }
  throw new Error('expected a conflict');
}

describe('applyFields', () => {
  it('creates the object with one Apply entry for the manager', () => {
    const obj = apply(undefined, configMap({ key: 'a' }), 'a');
    expect(obj.data).toEqual({ key: 'a' });
    expect(managed(obj)).toEqual([{ manager: 'a', operation: 'Apply', apiVersion: 'v1', time: 'T1', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:key': {} } } }]);
  });

  it('keeps the entry time when an apply changes nothing', () => {
    const live = apply(undefined, configMap({ key: 'a' }), 'a');
    const again = apply(live, configMap({ key: 'a' }), 'a', { now: 'T2' });
    expect(again).toEqual(live);
  });

  it('shares a field two managers apply with the same value', () => {
    const live = apply(undefined, configMap({ key: 'a' }), 'a');
    const shared = apply(live, configMap({ key: 'a' }), 'b', { now: 'T2' });
    expect(managed(shared).map((e) => [e.manager, e.fieldsV1])).toEqual([
      ['a', { 'f:data': { 'f:key': {} } }],
      ['b', { 'f:data': { 'f:key': {} } }],
    ]);
  });

  it('refuses a change to a field another applier owns, as upstream words it', () => {
    const live = apply(undefined, configMap({ key: 'a' }), 'a');
    const err = conflictOf(() => apply(live, configMap({ key: 'b' }), 'b'));
    expect(err.toStatus()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Apply failed with 1 conflict: conflict with "a": .data.key',
      reason: 'Conflict',
      details: { causes: [{ reason: 'FieldManagerConflict', message: 'conflict with "a"', field: '.data.key' }] },
      code: 409,
    });
  });

  it('names an Update owner with its apiVersion and groups several conflicts by manager', () => {
    const live: JsonObject = {
      ...configMap({ x: '1', y: '2' }),
      metadata: {
        name: 'cm',
        managedFields: [
          { manager: 'kubectl-client-side-apply', operation: 'Update', apiVersion: 'v1', time: 'T0', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { '.': {}, 'f:x': {}, 'f:y': {} } } },
        ],
      },
    };
    const err = conflictOf(() => apply(live, configMap({ x: '3', y: '4' }), 'mgr'));
    expect(err.message).toBe('Apply failed with 2 conflicts: conflicts with "kubectl-client-side-apply" using v1:\n- .data.x\n- .data.y');
    expect(err.details?.causes?.[0]).toEqual({ reason: 'FieldManagerConflict', message: 'conflict with "kubectl-client-side-apply" using v1', field: '.data.x' });
  });

  it('takes the field from its owner when forced', () => {
    const live = apply(undefined, configMap({ key: 'a', other: 'x' }), 'a');
    const forced = apply(live, configMap({ key: 'b' }), 'b', { force: true, now: 'T2' });
    expect(forced.data).toEqual({ key: 'b', other: 'x' });
    expect(managed(forced).map((e) => [e.manager, e.fieldsV1])).toEqual([
      ['a', { 'f:data': { 'f:other': {} } }],
      ['b', { 'f:data': { 'f:key': {} } }],
    ]);
  });

  it('removes what the manager stopped applying unless another manager owns it', () => {
    const first = apply(undefined, configMap({ mine: '1', ours: '2' }), 'a');
    const shared = apply(first, configMap({ ours: '2' }), 'b');
    const pruned = apply(shared, configMap({}), 'a', { now: 'T2' });
    expect(pruned.data).toEqual({ ours: '2' });
    expect(managed(pruned).map((e) => e.manager)).toEqual(['b']);
  });

  it('removes keyed list items the manager stopped applying', () => {
    const pod = (...names: string[]): JsonObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: names.map((name) => ({ name, image: 'nginx' })) } });
    const live = apply(undefined, pod('a', 'b'), 'a', { hasStatus: true });
    const next = apply(live, pod('a'), 'a', { hasStatus: true });
    expect(next.spec).toEqual({ containers: [{ name: 'a', image: 'nginx' }] });
  });

  it('gives the fields of an object nobody manages to before-first-apply', () => {
    const live = configMap({ key: 'a', other: 'b' });
    const err = conflictOf(() => apply(live, configMap({ key: 'c' }), 'a'));
    expect(err.message).toBe('Apply failed with 1 conflict: conflict with "before-first-apply" using v1: .data.key');
  });

  it('lets kubectl take over fields its client-side apply annotation lists, and keeps the annotation in step', () => {
    const annotation = JSON.stringify(configMap({ key: 'a' }));
    const live = configMap({ key: 'a' }, { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': annotation } });
    const next = apply(live, configMap({ key: 'b' }), 'kubectl');
    expect(next.data).toEqual({ key: 'b' });
    const kept = JSON.parse((next.metadata as { annotations: Record<string, string> }).annotations['kubectl.kubernetes.io/last-applied-configuration']);
    expect(kept.data).toEqual({ key: 'b' });
  });

  it('ignores status on the main resource of a kind with a status subresource', () => {
    const deployment: JsonObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { replicas: 1 }, status: { replicas: 5 } };
    const obj = apply({ ...deployment, status: { replicas: 1 } }, deployment, 'a', { hasStatus: true });
    expect(obj.status).toEqual({ replicas: 1 });
    expect(managed(obj).find((e) => e.manager === 'a')?.fieldsV1).toEqual({ 'f:spec': { 'f:replicas': {} } });
  });

  it('clears a field applied as null and keeps owning it', () => {
    const live = apply(undefined, configMap({ key: 'a', gone: 'x' }), 'a');
    const next = apply(live, { ...configMap({ key: 'a' }), data: { key: 'a', gone: null } }, 'a');
    expect(next.data).toEqual({ key: 'a' });
  });
});

describe('applyConfiguration', () => {
  const def = resourceByKind('', 'ConfigMap');
  if (!def) throw new Error('ConfigMap is not served');

  it('creates through createIfMissing and merges through apply, recording no Update entry', () => {
    const plan = applyConfiguration(def, configMap({ key: 'a' }), 'a', false);
    expect(plan.applied).toBe(true);
    const created = plan.createIfMissing?.() as KubeObject;
    const updated = plan.apply({ ...created, metadata: { ...created.metadata, resourceVersion: '7' } }) as KubeObject;
    expect(updated.metadata.resourceVersion).toBe('7');
  });

  const refused: Array<[string, unknown, string]> = [
    ['a body that is not an object', [], 'the body of an apply patch must be an object'],
    ['managedFields in the configuration', configMap({}, { managedFields: [] }), 'metadata.managedFields must be nil'],
    ['another apiVersion', { ...configMap({}), apiVersion: 'v2' }, 'Incorrect version specified in apply patch. Specified patch version: v2, expected: v1'],
  ];
  it.each(refused)('refuses %s with 400', (_name, config, message) => {
    let err: unknown;
    try {
      applyConfiguration(def, config, 'a', false);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe(400);
    expect((err as ApiError).message).toBe(message);
  });
});
