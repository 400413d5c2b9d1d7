import type { LabelSelector, ObjectMeta, OwnerReference } from '../../api/types';
import { matchesLabelSelector } from '../../api/selectors/labels';

/** What the controller-ref helpers need of an object: its metadata. */
export interface Owned {
  metadata?: ObjectMeta;
}

/** The owner reference marked `controller: true`, if any (upstream's GetControllerOf). */
export function controllerRefOf(obj: Owned): OwnerReference | undefined {
  return obj.metadata?.ownerReferences?.find((r) => r.controller === true);
}

/** A controller reference to `owner`, as upstream's NewControllerRef (blocks foreground deletion). */
export function newControllerRef(owner: Owned, apiVersion: string, kind: string): OwnerReference {
  return {
    apiVersion,
    kind,
    name: String(owner.metadata?.name),
    uid: String(owner.metadata?.uid),
    controller: true,
    blockOwnerDeletion: true,
  };
}

export interface Claim<T extends Owned> {
  /** Objects the owner controls and whose labels match its selector. */
  owned: T[];
  /** Orphans that match: the same objects with a controller reference to the owner added. */
  adopt: T[];
  /** Objects the owner controls that no longer match: with that reference removed. */
  release: T[];
}

/**
 * Upstream's ClaimObject (pkg/controller/controller_ref_manager.go) over a list: an owner keeps
 * what it controls and still selects, adopts matching orphans and releases what stopped matching;
 * objects controlled by someone else are left alone. An owner being deleted neither adopts nor
 * releases. Adopted objects count as owned.
 */
export function claim<T extends Owned>(owner: Owned, selector: LabelSelector | undefined, candidates: T[], ref: OwnerReference): Claim<T> {
  const result: Claim<T> = { owned: [], adopt: [], release: [] };
  const ownerDeleting = !!owner.metadata?.deletionTimestamp;
  const uid = owner.metadata?.uid;
  for (const obj of candidates) {
    const matches = matchesSelector(selector, obj.metadata?.labels);
    const current = controllerRefOf(obj);
    if (current) {
      if (current.uid !== uid) continue;
      if (matches) result.owned.push(obj);
      else if (!ownerDeleting) result.release.push(withoutOwner(obj, String(uid)));
      continue;
    }
    if (ownerDeleting || !matches || obj.metadata?.deletionTimestamp) continue;
    const adopted = withOwner(obj, ref);
    result.adopt.push(adopted);
    result.owned.push(adopted);
  }
  return result;
}

/** A selector that is missing or empty selects nothing for a controller (upstream refuses to act on it). */
function matchesSelector(selector: LabelSelector | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector) return false;
  if (Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0) return false;
  try {
    return matchesLabelSelector(selector, labels);
  } catch {
    return false;
  }
}

export function withOwner<T extends Owned>(obj: T, ref: OwnerReference): T {
  const copy = structuredClone(obj);
  const meta = (copy.metadata ??= {});
  meta.ownerReferences = [...(meta.ownerReferences ?? []).filter((r) => r.uid !== ref.uid), ref];
  return copy;
}

export function withoutOwner<T extends Owned>(obj: T, uid: string): T {
  const copy = structuredClone(obj);
  const meta = (copy.metadata ??= {});
  const rest = (meta.ownerReferences ?? []).filter((r) => r.uid !== uid);
  if (rest.length > 0) meta.ownerReferences = rest;
  else delete meta.ownerReferences;
  return copy;
}
