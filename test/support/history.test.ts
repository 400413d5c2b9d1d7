import { historyErrors, KeyEvent } from './history';

const e = (type: string, uid: string, rv: number, key = 'ns/a'): KeyEvent => ({ type, key, uid, rv });

describe('historyErrors', () => {
  it.each<[string, KeyEvent[], number]>([
    ['a create, an update and a delete', [e('ADDED', 'u1', 1), e('MODIFIED', 'u1', 2), e('DELETED', 'u1', 3)], 0],
    ['a delete and a re-create', [e('ADDED', 'u1', 1), e('DELETED', 'u1', 2), e('ADDED', 'u2', 3)], 0],
    ['the re-create logged below the delete (issue #19)', [e('ADDED', 'u1', 1), e('ADDED', 'u2', 160), e('DELETED', 'u1', 167)], 2],
    ['an add while the previous object lives', [e('ADDED', 'u1', 1), e('ADDED', 'u2', 2)], 1],
    ['a delete of an object never added', [e('DELETED', 'u1', 4)], 1],
    ['revisions that fall', [e('ADDED', 'u1', 5), e('MODIFIED', 'u1', 4)], 1],
    ['two keys interleaved', [e('ADDED', 'u1', 1), e('ADDED', 'u2', 2, 'ns/b'), e('DELETED', 'u1', 3), e('DELETED', 'u2', 4, 'ns/b')], 0],
  ])('judges %s', (_, events, errors) => {
    expect(historyErrors(events)).toHaveLength(errors);
  });
});
