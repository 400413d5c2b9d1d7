/** One watch event or change record, reduced to what per-key order is judged on. */
export interface KeyEvent {
  type: string;
  key: string;
  uid: string;
  rv: number;
}

/**
 * What is wrong with a sequence of events as a history, key by key: revisions that do not rise, an
 * ADDED while the key's previous object still lives, a MODIFIED or DELETED of an object that is not
 * the live one (already replaced or never added). Empty when every key's history is valid.
 */
export function historyErrors(events: KeyEvent[], initiallyLive: Map<string, string> = new Map()): string[] {
  const live = new Map(initiallyLive);
  const lastRv = new Map<string, number>();
  const errors: string[] = [];
  for (const e of events) {
    const at = `${e.type} ${e.key} at ${e.rv}`;
    if ((lastRv.get(e.key) ?? 0) >= e.rv) errors.push(`${at}: revision not above the key's previous ${lastRv.get(e.key)}`);
    lastRv.set(e.key, e.rv);
    const current = live.get(e.key);
    if (e.type === 'ADDED') {
      if (current !== undefined) errors.push(`${at}: added while ${current} lives`);
      live.set(e.key, e.uid);
    } else if (current !== e.uid) {
      errors.push(`${at}: ${e.type.toLowerCase()} of ${e.uid}, but the live object is ${current ?? 'none'}`);
      if (e.type === 'MODIFIED') live.set(e.key, e.uid);
    } else if (e.type === 'DELETED') {
      live.delete(e.key);
    }
  }
  return errors;
}
