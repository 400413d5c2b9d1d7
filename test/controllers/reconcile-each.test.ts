import { reconcileEach } from '../../shared/controllers/controller';
import { TerminalError } from '../../shared/runtime/outcome';

describe('reconcileEach', () => {
  it('answers for each item in order', async () => {
    expect(await reconcileEach([3, 0, 5], async (n) => (n ? { requeueAfterSeconds: n } : {}))).toEqual([{ requeueAfterSeconds: 3 }, {}, { requeueAfterSeconds: 5 }]);
  });

  it.each([
    ['the only failure', [new TerminalError('bad spec')], 'bad spec'],
    ['a retryable failure before a terminal one', [new TerminalError('bad spec'), new Error('throttled')], 'throttled'],
    ['the first of two retryable failures', [new Error('conflict'), new Error('throttled')], 'conflict'],
  ])('decides every item before failing, and throws %s', async (_case, failures, thrown) => {
    const decided: number[] = [];
    const items = [0, 1, 2, 3];
    const run = reconcileEach(items, async (i) => {
      decided.push(i);
      if (i % 2 === 1 && failures[(i - 1) / 2]) throw failures[(i - 1) / 2];
      return {};
    });
    await expect(run).rejects.toThrow(thrown);
    expect(decided).toEqual(items);
  });
});
