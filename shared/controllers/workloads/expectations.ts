import type { ObjectMeta, Pod } from '../../api/types';

/** What carries expectations: a ReplicaSet, a Job (anything with metadata). */
type Claimant = { metadata?: ObjectMeta };

/**
 * Creation and deletion expectations persisted in the ReplicaSet itself.
 *
 * Upstream's ReplicaSet controller keeps "expectations" in memory: after asking for N creates it
 * does nothing more for that ReplicaSet until its informer has seen the N pods, so a stale cache
 * never makes it create twice. Skiff has no long-lived process and two Lambda invocations may
 * reconcile the same ReplicaSet at once, so the expectations live in an annotation and are taken
 * with a conditional write:
 *
 *   1. read the ReplicaSet (resourceVersion V), then list pods (strongly consistent);
 *   2. if this reconcile must create or delete pods, write the ReplicaSet at V with the names it is
 *      about to create and delete (`skiff.dev/expectations`) — the claim;
 *   3. create / delete exactly those pods, then clear the annotation.
 *
 * Two reconciles that both read V cannot both claim: the second write is a Conflict and its
 * reconcile is retried, by which time it sees the pods. A reconcile that reads the ReplicaSet after
 * a claim sees the annotation and, until every named pod is observed (created ones present,
 * deleted ones gone), manages no replicas at all, exactly as upstream waits on unsatisfied
 * expectations. Pod names are chosen before the claim (`<rs>-<5 random chars>`, what generateName
 * would produce) so that "observed" is exact. A claim lives only as long as its claimant needs to
 * act on it (`claimLifetimeSeconds`, seconds for tens of pods): upstream's expectations vanish
 * with a crashed controller-manager's memory, and a claimant that dies between the claim and its
 * creates or deletes must not leave the ReplicaSet unmanaged for minutes. The claimant starts no
 * batch after its claim's lifetime, so a reconcile that takes over after the lapse never races
 * it into excess pods. A claimant whose
 * creates fail leaves the failed names expected with a short `ttl` that doubles with each failure
 * (upstream's rate-limited requeue): the lapse is the backoff.
 */
export const EXPECTATIONS_ANNOTATION = 'skiff.dev/expectations';
export const EXPECTATIONS_TTL_SECONDS = 300;

export interface Expectations {
  /** Pods being created. */
  add: string[];
  /** Pods being deleted. */
  del: string[];
  /** When they were claimed (RFC 3339). */
  at: string;
  /** Seconds until they lapse; shorter than the default after a failed create, as a backoff. */
  ttl?: number;
  /** Consecutive reconciles whose creates or deletes failed (the backoff doubles with each). */
  fails?: number;
}

/** Time a claimant has for its creates and deletes: 10 s, plus a second per 10 pods (slow-start batches). */
export function claimLifetimeSeconds(pods: number): number {
  return Math.min(EXPECTATIONS_TTL_SECONDS, 10 + Math.ceil(pods / 10));
}

/** The wait after `fails` consecutive failures: 5 s doubling, capped at the expectations TTL. */
export function failureBackoffSeconds(fails: number): number {
  return Math.min(EXPECTATIONS_TTL_SECONDS, 5 * 2 ** Math.max(0, fails - 1));
}

export function readExpectations(rs: Claimant): Expectations | undefined {
  const raw = rs.metadata?.annotations?.[EXPECTATIONS_ANNOTATION];
  if (!raw) return undefined;
  try {
    const parsed = JSON.parse(raw) as Partial<Expectations>;
    const e: Expectations = { add: parsed.add ?? [], del: parsed.del ?? [], at: parsed.at ?? '' };
    if (typeof parsed.ttl === 'number') e.ttl = parsed.ttl;
    if (typeof parsed.fails === 'number') e.fails = parsed.fails;
    return e;
  } catch {
    return undefined;
  }
}

export function formatExpectations(e: Expectations): string {
  return JSON.stringify(e);
}

export type ExpectationState = { satisfied: true } | { satisfied: false; retryAfterSeconds: number };

/** Whether every expected creation and deletion has been observed in `pods`, or the claim lapsed. */
export function expectationState(e: Expectations | undefined, pods: Pod[], now: Date): ExpectationState {
  if (!e) return { satisfied: true };
  const ttl = e.ttl ?? EXPECTATIONS_TTL_SECONDS;
  const age = (now.getTime() - Date.parse(e.at)) / 1000;
  if (!(age < ttl)) return { satisfied: true };
  const byName = new Map(pods.map((p) => [p.metadata?.name, p]));
  const created = e.add.every((name) => byName.has(name));
  const deleted = e.del.every((name) => !byName.has(name) || !!byName.get(name)?.metadata?.deletionTimestamp);
  if (created && deleted) return { satisfied: true };
  return { satisfied: false, retryAfterSeconds: Math.max(1, Math.ceil(ttl - age)) };
}

/** The ReplicaSet with its expectations set (or removed when `e` is undefined). */
export function withExpectations<T extends Claimant>(rs: T, e: Expectations | undefined): T {
  const copy = structuredClone(rs);
  const meta = (copy.metadata ??= {});
  const annotations = { ...(meta.annotations ?? {}) };
  if (e) annotations[EXPECTATIONS_ANNOTATION] = formatExpectations(e);
  else delete annotations[EXPECTATIONS_ANNOTATION];
  if (Object.keys(annotations).length > 0) meta.annotations = annotations;
  else delete meta.annotations;
  return copy;
}
