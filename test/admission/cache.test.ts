import { cachedGet, cachedList, clearAdmissionCache, LIST_TTL_MS } from '../../shared/admission/cache';
import type { StrategyContext } from '../../shared/registry/resource';

/** A store whose list answers when the test says, counting its reads. */
function slowStore() {
  const reads: { namespace?: string; answer(items: unknown[]): void }[] = [];
  const store = {
    list: (_key: string, namespace?: string) =>
      new Promise<{ items: unknown[] }>((resolve) => reads.push({ namespace, answer: (items) => resolve({ items }) })),
  };
  return { ctx: { store } as unknown as StrategyContext, reads };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('the admission list cache', () => {
  beforeEach(() => clearAdmissionCache());
  afterEach(() => jest.useRealTimers());

  it('serves requests that miss together from one read', async () => {
    const { ctx, reads } = slowStore();
    const all = Promise.all([1, 2, 3].map(() => cachedList(ctx, 'limitranges', 'ns')));
    await tick();
    expect(reads).toHaveLength(1);
    reads[0].answer([{ metadata: { name: 'lr' } }]);
    expect(await all).toEqual([[{ metadata: { name: 'lr' } }], [{ metadata: { name: 'lr' } }], [{ metadata: { name: 'lr' } }]]);
  });

  it('keeps namespaces apart and reads again once the entry is older than its bound', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
    const { ctx, reads } = slowStore();
    const a = cachedList(ctx, 'limitranges', 'a');
    const b = cachedList(ctx, 'limitranges', 'b');
    await tick();
    expect(reads.map((r) => r.namespace)).toEqual(['a', 'b']);
    reads[0].answer(['old']);
    reads[1].answer([]);
    await Promise.all([a, b]);
    expect(await cachedList(ctx, 'limitranges', 'a')).toEqual(['old']);
    jest.advanceTimersByTime(LIST_TTL_MS);
    const again = cachedList(ctx, 'limitranges', 'a');
    await tick();
    expect(reads).toHaveLength(3);
    reads[2].answer(['new']);
    expect(await again).toEqual(['new']);
  });

  it('does not keep a read that began before a clear', async () => {
    const { ctx, reads } = slowStore();
    const before = cachedList(ctx, 'priorityclasses');
    await tick();
    clearAdmissionCache();
    reads[0].answer(['stale']);
    expect(await before).toEqual(['stale']);
    const after = cachedList(ctx, 'priorityclasses');
    await tick();
    expect(reads).toHaveLength(2);
    reads[1].answer(['fresh']);
    expect(await after).toEqual(['fresh']);
  });

  it('keeps an object it found and reads a missing one again, as a live lookup', async () => {
    const gets: string[] = [];
    const accounts: Record<string, unknown> = { default: { metadata: { name: 'default' } } };
    const store = { get: async (_key: string, _ns: string, name: string) => (gets.push(name), accounts[name]) };
    const ctx = { store } as unknown as StrategyContext;
    expect(await cachedGet(ctx, 'serviceaccounts', 'ns', 'default')).toEqual({ metadata: { name: 'default' } });
    expect(await cachedGet(ctx, 'serviceaccounts', 'ns', 'default')).toEqual({ metadata: { name: 'default' } });
    expect(await cachedGet(ctx, 'serviceaccounts', 'ns', 'builder')).toBeUndefined();
    accounts.builder = { metadata: { name: 'builder' } };
    expect(await cachedGet(ctx, 'serviceaccounts', 'ns', 'builder')).toEqual({ metadata: { name: 'builder' } });
    expect(gets).toEqual(['default', 'builder', 'builder']);
  });
});
