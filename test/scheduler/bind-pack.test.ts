import type { Pod } from '../../shared/api/types';
import { pack, Segment } from '../../shared/scheduler/bind';

const pods = (n: number, prefix: string): Pod[] => Array.from({ length: n }, (_, i) => ({ metadata: { name: `${prefix}${i}`, namespace: 'default' } }));
const items = (segments: Segment[]) => segments.reduce((sum, s) => sum + 1 + 2 * s.pods.length, 0);

function source(chains: Segment[]): () => Segment | undefined {
  let next = 0;
  return () => chains[next++];
}

describe('pack (bindings per transaction)', () => {
  it('fills a transaction with whole chains up to 99 items (a guard per node, two items per pod), leaving DynamoDB\'s 100th for the pods\' revision counter', () => {
    const chains = Array.from({ length: 40 }, (_, i) => ({ node: `n${i}`, pods: pods(6, `n${i}-`) }));
    const first = pack(undefined, source(chains));
    expect(items(first.segments)).toBe(98);
    expect(first.segments.map((s) => s.pods.length)).toEqual([6, 6, 6, 6, 6, 6, 6, 3]);
    // The eighth chain did not fit whole: its head went in, its rest is carried.
    expect(first.carry).toEqual({ node: 'n7', pods: chains[7].pods.slice(3) });
  });

  it('splits a long chain in order across transactions, carrying the rest', () => {
    const long = { node: 'big', pods: pods(120, 'p') };
    const first = pack(undefined, source([long]));
    expect(first.segments).toEqual([{ node: 'big', pods: long.pods.slice(0, 49) }]);
    const second = pack(first.carry, source([]));
    expect(second.segments[0].pods[0].metadata?.name).toBe('p49');
    const third = pack(second.carry, source([]));
    expect(third.segments[0].pods.map((p) => p.metadata?.name)).toEqual(long.pods.slice(98).map((p) => p.metadata?.name));
    expect(third.carry).toBeUndefined();
  });

  it('takes nothing when there is nothing to bind', () => {
    expect(pack(undefined, source([]))).toEqual({ segments: [] });
  });
});
