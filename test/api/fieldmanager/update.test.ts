import { JsonObject } from '../../../shared/api/patch/json';
import type { ManagedFieldsEntry } from '../../../shared/api/types/meta';
import { MAX_UPDATE_MANAGERS } from '../../../shared/api/fieldmanager/managers';
import { fieldManagerName, recordUpdate, updateManagedFields, UpdateRequest } from '../../../shared/api/fieldmanager/update';
import { resourceByKind } from '../../../shared/registry/catalog';
import { KubeObject } from '../../../shared/registry/resource';

const configMap = (data: Record<string, string>, managedFields?: ManagedFieldsEntry[]): JsonObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'cm', namespace: 'default', uid: 'u', resourceVersion: '1', ...(managedFields ? { managedFields: managedFields as unknown as JsonObject[] } : {}) },
  data,
});

function update(live: JsonObject | undefined, next: JsonObject, manager: string | undefined, extra: Partial<UpdateRequest> = {}): ManagedFieldsEntry[] {
  return updateManagedFields({ kind: String(next.kind), apiVersion: String(next.apiVersion), hasStatus: false, live, next, manager, now: 'T1', ...extra });
}

const summary = (entries: ManagedFieldsEntry[]) => entries.map((e) => [e.manager, e.operation, e.subresource, e.fieldsV1]);

describe('updateManagedFields', () => {
  it('records a create as an Update entry, with `.` on maps it created', () => {
    expect(update(undefined, configMap({ mode: 'dev' }), 'kubectl-create')).toEqual([
      { manager: 'kubectl-create', operation: 'Update', apiVersion: 'v1', time: 'T1', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { '.': {}, 'f:mode': {} } } },
    ]);
  });

  it('leaves structs every object has unmarked, as Go serializes an empty Deployment', () => {
    const deployment: JsonObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd' },
      spec: { replicas: 1, selector: { matchLabels: { app: 'd' } }, template: { metadata: { labels: { app: 'd' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
      status: { replicas: 0 },
    };
    const [entry] = update(undefined, deployment, 'kubectl-client-side-apply', { hasStatus: true });
    expect(entry.fieldsV1).toEqual({
      'f:spec': {
        'f:replicas': {},
        'f:selector': {},
        'f:template': {
          'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
          'f:spec': { 'f:containers': { 'k:{"name":"c"}': { '.': {}, 'f:image': {}, 'f:name': {} } } },
        },
      },
    });
  });

  it('takes changed fields from their owner and keeps the owner of the rest', () => {
    const live = configMap({ a: '1', b: '2' }, [
      { manager: 'helm', operation: 'Apply', apiVersion: 'v1', time: 'T0', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:a': {}, 'f:b': {} } } },
    ]);
    const next = configMap({ a: '9', b: '2' });
    expect(summary(update(live, next, 'kubectl-edit'))).toEqual([
      ['helm', 'Apply', undefined, { 'f:data': { 'f:b': {} } }],
      ['kubectl-edit', 'Update', undefined, { 'f:data': { 'f:a': {} } }],
    ]);
  });

  it('drops removed fields from every manager and managers left with nothing', () => {
    const live = configMap({ a: '1' }, [{ manager: 'x', operation: 'Update', apiVersion: 'v1', time: 'T0', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:a': {} } } }]);
    expect(update(live, configMap({}), 'kubectl-patch')).toEqual([]);
  });

  it('adds nothing for a write that changes nothing', () => {
    const entries: ManagedFieldsEntry[] = [{ manager: 'x', operation: 'Update', apiVersion: 'v1', time: 'T0', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:a': {} } } }];
    expect(update(configMap({ a: '1' }, entries), configMap({ a: '1' }), 'kubectl-label')).toEqual(entries);
  });

  it('resets managedFields a write sets to an empty list', () => {
    const live = configMap({ a: '1' }, [{ manager: 'x', operation: 'Update', apiVersion: 'v1', time: 'T0', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:a': {} } } }]);
    expect(update(live, configMap({ a: '1' }, []), 'kubectl-patch')).toEqual([]);
  });

  it('records a status write under its subresource, owning only status', () => {
    const pod = (phase: string): JsonObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [] }, status: { phase } });
    expect(summary(update(pod('Pending'), pod('Running'), 'kubelet', { hasStatus: true, subresource: 'status' }))).toEqual([
      ['kubelet', 'Update', 'status', { 'f:status': { 'f:phase': {} } }],
    ]);
  });

  it(`folds the oldest Update entries into ancient-changes beyond ${MAX_UPDATE_MANAGERS}`, () => {
    const entries: ManagedFieldsEntry[] = Array.from({ length: MAX_UPDATE_MANAGERS }, (_, i) => ({
      manager: `m${i}`,
      operation: 'Update',
      apiVersion: 'v1',
      time: `2024-01-01T00:00:${String(10 + i)}Z`,
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:data': { [`f:k${i}`]: {} } },
    }));
    const data = Object.fromEntries(entries.map((_, i) => [`k${i}`, 'v']));
    const result = update(configMap(data, entries), configMap({ ...data, extra: 'v' }), 'newcomer', { now: '2024-01-02T00:00:00Z' });
    expect(result).toHaveLength(MAX_UPDATE_MANAGERS);
    expect(result.find((e) => e.manager === 'ancient-changes')?.fieldsV1).toEqual({ 'f:data': { 'f:k0': {}, 'f:k1': {} } });
  });
});

describe('recordUpdate', () => {
  it('writes the entries onto the object about to be stored', () => {
    const def = resourceByKind('', 'ConfigMap');
    if (!def) throw new Error('ConfigMap is not served');
    const next = configMap({ a: '1' }) as unknown as KubeObject;
    recordUpdate(def, undefined, next, 'kubectl-create');
    expect(next.metadata.managedFields).toEqual([expect.objectContaining({ manager: 'kubectl-create', operation: 'Update', fieldsV1: { 'f:data': { '.': {}, 'f:a': {} } } })]);
  });
});

describe('fieldManagerName', () => {
  const cases: Array<[string | undefined, string | undefined, string | undefined]> = [
    ['kubectl-client-side-apply', 'kubectl/v1.33.9 (linux/amd64) kubernetes/abc', 'kubectl-client-side-apply'],
    [undefined, 'kubectl/v1.33.9 (linux/amd64) kubernetes/abc', 'kubectl'],
    [undefined, 'Helm/4.1.4', 'Helm'],
    [undefined, 'kube-controller-manager/v1.33.0 (linux/amd64) kubernetes/x/system:serviceaccount:kube-system:deployment-controller', 'kube-controller-manager'],
    [undefined, 'bad\u0000agent/1', 'badagent'],
    [undefined, 'x'.repeat(200), 'x'.repeat(128)],
    [undefined, undefined, undefined],
  ];
  it.each(cases)('takes fieldManager %j or the user agent %j as %j', (fieldManager, userAgent, expected) => {
    expect(fieldManagerName(fieldManager, userAgent)).toBe(expected);
  });
});
