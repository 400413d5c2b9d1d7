import type { CustomResourceDefinition } from '../../../shared/api/types/apiextensions/crd';
import { acceptNames } from '../../../shared/controllers/crd/naming';

const crd = (plural: string, kind: string, shortNames: string[] = [], accepted = false): CustomResourceDefinition => ({
  metadata: { name: `${plural}.example.com` },
  spec: { group: 'example.com', scope: 'Namespaced', names: { plural, singular: plural.slice(0, -1), kind, listKind: `${kind}List`, shortNames }, versions: [] },
  status: accepted ? { acceptedNames: { plural, singular: plural.slice(0, -1), kind, listKind: `${kind}List`, shortNames } } : undefined,
});

describe('acceptNames', () => {
  it.each<[string, CustomResourceDefinition[], string, string]>([
    ['accepts names nobody uses', [crd('gadgets', 'Gadget', ['gd'], true)], 'True', 'NoConflicts'],
    ['refuses a short name another definition of the group accepted', [crd('gadgets', 'Gadget', ['wd'], true)], 'False', 'ShortNamesConflict'],
    ['refuses a kind another definition accepted', [crd('gizmos', 'Widget', [], true)], 'False', 'KindConflict'],
  ])('%s', (_what, others, status, reason) => {
    const r = acceptNames(crd('widgets', 'Widget', ['wd']), others);
    expect([r.condition.status, r.condition.reason]).toEqual([status, reason]);
    if (status === 'True') expect(r.acceptedNames).toEqual({ plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList', shortNames: ['wd'] });
  });
});
