import type { PolicyRule } from '../../../shared/api/types';
import { compactString, covers, escalationMessage } from '../../../shared/auth/rbac/escalation';

const rule = (verbs: string[], apiGroups: string[], resources: string[], resourceNames?: string[]): PolicyRule => ({ verbs, apiGroups, resources, ...(resourceNames ? { resourceNames } : {}) });

describe('covers', () => {
  it.each<[string, PolicyRule[], PolicyRule[], boolean]>([
    ['the same rule', [rule(['get'], [''], ['pods'])], [rule(['get'], [''], ['pods'])], true],
    ['a subset of verbs', [rule(['get', 'list'], [''], ['pods'])], [rule(['list'], [''], ['pods'])], true],
    ['a verb not held', [rule(['get'], [''], ['pods'])], [rule(['get', 'delete'], [''], ['pods'])], false],
    ['wildcards cover everything', [rule(['*'], ['*'], ['*'])], [rule(['delete'], ['apps'], ['deployments/scale'])], true],
    ['split across two owner rules', [rule(['get'], [''], ['pods']), rule(['list'], [''], ['pods'])], [rule(['get', 'list'], [''], ['pods'])], true],
    ['*/scale covers a scale', [rule(['get'], ['apps'], ['*/scale'])], [rule(['get'], ['apps'], ['deployments/scale'])], true],
    ['a named rule does not cover every name', [rule(['get'], [''], ['secrets'], ['a'])], [rule(['get'], [''], ['secrets'])], false],
    ['every name covers one', [rule(['get'], [''], ['secrets'])], [rule(['get'], [''], ['secrets'], ['a'])], true],
    ['a resource wildcard wanted is not an exact grant', [rule(['get'], [''], ['pods'])], [rule(['get'], [''], ['*'])], false],
    ['URL prefixes', [{ verbs: ['get'], nonResourceURLs: ['/apis/*'] }], [{ verbs: ['get'], nonResourceURLs: ['/apis/apps'] }], true],
    ['URL not held', [{ verbs: ['get'], nonResourceURLs: ['/apis'] }], [{ verbs: ['get'], nonResourceURLs: ['/metrics'] }], false],
  ])('%s', (_name, owner, requested, expected) => {
    expect(covers(owner, requested).covered).toBe(expected);
  });
});

describe('escalationMessage', () => {
  it('lists the missing permissions compacted, as upstream', () => {
    const user = { username: 'bob', groups: ['dev', 'system:authenticated'] };
    const message = escalationMessage(user, [rule(['get'], [''], ['pods'])], [rule(['get', 'list', 'watch'], [''], ['pods', 'secrets'])], []);
    expect(message).toBe(
      'user "bob" (groups=["dev" "system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n' +
        '{APIGroups:[""], Resources:["pods"], Verbs:["list" "watch"]}\n' +
        '{APIGroups:[""], Resources:["secrets"], Verbs:["get" "list" "watch"]}',
    );
  });

  it('is undefined when everything is held', () => {
    expect(escalationMessage({ username: 'a', groups: [] }, [rule(['*'], ['*'], ['*'])], [rule(['get'], [''], ['pods'])], [])).toBeUndefined();
  });

  it('prints URLs and names as CompactString does', () => {
    expect(compactString({ verbs: ['get'], nonResourceURLs: ['/x'] })).toBe('{NonResourceURLs:["/x"], Verbs:["get"]}');
    expect(compactString(rule(['get'], [''], ['cm'], ['a']))).toBe('{APIGroups:[""], Resources:["cm"], ResourceNames:["a"], Verbs:["get"]}');
  });
});
