import type { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from '../../api/types';
import type { ObjectStore, StoredObject } from '../../storage/store';
import { buildPolicy, Policy } from './policy';

/** The store keys of the four RBAC kinds. */
export const RBAC_RESOURCES = [
  'roles.rbac.authorization.k8s.io',
  'clusterroles.rbac.authorization.k8s.io',
  'rolebindings.rbac.authorization.k8s.io',
  'clusterrolebindings.rbac.authorization.k8s.io',
] as const;

/** How stale the cached policy may be for writes made by another process (another Lambda instance). */
export const DEFAULT_MAX_STALE_MS = 1000;

/**
 * The cluster's RBAC policy, cached per process so that authorizing a request usually reads
 * nothing. The bound: a write this process made is seen by the next request (the store's own
 * revision counters moved); a write another process made is seen within `maxStaleMs`, when one
 * BatchGetItem of the four kinds' revision counters finds that one of them moved, and only then
 * are the four kinds re-listed.
 */
export class PolicyCache {
  private policy?: Policy;
  private revisions = new Map<string, number>();
  private checkedAt = 0;
  private loading?: Promise<Policy>;
  /** DynamoDB calls this cache made: counter checks and full reloads (for the bench). */
  readonly stats = { checks: 0, reloads: 0 };

  constructor(
    private readonly store: ObjectStore,
    private readonly maxStaleMs = DEFAULT_MAX_STALE_MS,
    private readonly now: () => number = Date.now,
  ) {}

  async current(): Promise<Policy> {
    if (this.policy && !this.movedHere() && this.now() - this.checkedAt < this.maxStaleMs) return this.policy;
    this.loading ??= this.refresh().finally(() => (this.loading = undefined));
    return this.loading;
  }

  /** Drops the cached policy: the next request re-reads it. */
  invalidate(): void {
    this.checkedAt = 0;
    this.revisions.clear();
  }

  private movedHere(): boolean {
    return RBAC_RESOURCES.some((r) => (this.store.revisions.seen(r) ?? 0) > (this.revisions.get(r) ?? 0));
  }

  private async refresh(): Promise<Policy> {
    const started = this.now();
    const counters = await this.counters();
    if (this.policy && RBAC_RESOURCES.every((r) => counters.get(r) === this.revisions.get(r))) {
      this.checkedAt = started;
      return this.policy;
    }
    this.stats.reloads++;
    const [roles, clusterRoles, roleBindings, clusterRoleBindings, revisions] = await this.listAll();
    this.policy = buildPolicy(roles as Role[], clusterRoles as ClusterRole[], roleBindings as RoleBinding[], clusterRoleBindings as ClusterRoleBinding[]);
    this.revisions = revisions;
    this.checkedAt = started;
    return this.policy;
  }

  private async counters(): Promise<Map<string, number>> {
    this.stats.checks++;
    return this.store.revisions.counters(RBAC_RESOURCES);
  }

  private async listAll(): Promise<[StoredObject[], StoredObject[], StoredObject[], StoredObject[], Map<string, number>]> {
    const revisions = new Map<string, number>();
    const lists = await Promise.all(
      RBAC_RESOURCES.map(async (r) => {
        const items: StoredObject[] = [];
        let after: string | undefined;
        do {
          const page = await this.store.list(r, undefined, { after, limit: 1000 });
          items.push(...page.items);
          after = page.continueAfter;
          if (!revisions.has(r)) revisions.set(r, page.resourceVersion);
        } while (after);
        return items;
      }),
    );
    return [lists[0], lists[1], lists[2], lists[3], revisions];
  }
}

const caches = new WeakMap<ObjectStore, PolicyCache>();

/** The process's policy cache for a store. */
export function policyCache(store: ObjectStore): PolicyCache {
  let cache = caches.get(store);
  if (!cache) {
    cache = new PolicyCache(store);
    caches.set(store, cache);
  }
  return cache;
}
