import type { RestContext } from './context';
import type { KubeObject } from './resource';

/** Which attempt a read-modify-write is on. */
export interface Attempt {
  /** From the object as this process last saw it: only a commit is an outcome. */
  guessed: boolean;
  /** The first attempt against the stored object (or the guess before it). */
  first: boolean;
  /** No attempt follows: a concurrent write is an error, not a retry. */
  last: boolean;
}

/**
 * Runs a read-modify-write (an update's, a delete's) until `attempt` gives an outcome. The first
 * attempt may start from the object as this process last saw it (`ObjectStore.recent`), as
 * upstream's GuaranteedUpdate starts from the watch cache's object: its commit is conditional on
 * that version, and an attempt from the guess that ends any other way than committed (undefined
 * or an error) is made again from a consistent read, so a client only ever sees the outcome
 * against the stored object. Each later attempt reads again; undefined means a concurrent write
 * moved the object first.
 */
export async function fromLastSeen<T>(
  ctx: RestContext,
  target: { key: string; namespace: string | undefined; name: string },
  opts: { dryRun: boolean; attempts: number },
  attempt: (current: KubeObject | undefined, at: Attempt) => Promise<T | undefined>,
): Promise<T> {
  const { key, namespace, name } = target;
  let guess = opts.dryRun ? undefined : (ctx.store.recent(key, namespace, name) as KubeObject | undefined);
  for (let n = 1; ; n++) {
    if (guess) {
      const fromGuess = guess;
      guess = undefined;
      try {
        const committed = await attempt(fromGuess, { guessed: true, first: true, last: false });
        if (committed !== undefined) return committed;
      } catch {
        // Decided against a guess: decided again below against the stored object.
      }
    }
    const current = (await ctx.store.get(key, namespace, name)) as KubeObject | undefined;
    const outcome = await attempt(current, { guessed: false, first: n === 1, last: n >= opts.attempts });
    if (outcome !== undefined) return outcome;
  }
}
