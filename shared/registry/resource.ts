import type { ZodType } from 'zod';
import type { StatusCause } from '../api/errors';
import type { NameRule } from '../api/validation/names';
import type { ObjectStore, SideWrite, StoredObject } from '../storage/store';
import type { CustomResourceInfo } from './custom/info';
import type { ObjectMeta } from '../api/types/meta';
import type { UserInfo } from '../auth/user';

/** Any Kubernetes object as the registry handles it: typed views come from the zod schemas. */
export type KubeObject = StoredObject & { apiVersion?: string; kind?: string };

/** An object as read from storage, viewed as its kind's type: stored objects always have metadata. */
export type Stored<T extends object> = T & { metadata: ObjectMeta };

/**
 * The two crossings between the registry's untyped objects and the zod views, in one place. A
 * stored object was validated against its kind's schema when it was written, so viewing it as that
 * kind is sound; a view becomes a registry object by the metadata every object to be stored has
 * (the zod types mark it optional only because a client may send an object without it).
 */
export function viewOf<T extends object>(obj: KubeObject): Stored<T> {
  return obj as object as Stored<T>;
}

export function storedObject(obj: object): KubeObject {
  return obj as KubeObject;
}

/** What a kind's strategy may add to a write's transaction (allocations) and undo on failure. */
export interface SideWrites {
  writes: SideWrite[];
  /** Which field each write allocates, to name it when its condition fails. */
  describe: (index: number) => StatusCause;
}

export interface StrategyContext {
  store: ObjectStore;
}

/**
 * A kind's behaviour beyond the generic REST semantics, after upstream's per-kind strategies
 * (pkg/registry/<group>/<kind>/strategy.go): defaulting, validation, selectable fields, allocations.
 */
export interface Strategy {
  /** Upstream's defaults; runs on create and update, before validation. */
  defaults?(obj: KubeObject): void;
  /** Kind-specific checks; `old` is set on update. */
  validate?(obj: KubeObject, old?: KubeObject): StatusCause[];
  /** Field selector values beyond metadata.name and metadata.namespace. */
  fieldLabels?(obj: KubeObject): Record<string, string>;
  /** Prepares allocations (ClusterIPs, NodePorts) that commit in the same transaction as the object. */
  allocate?(ctx: StrategyContext, obj: KubeObject, old?: KubeObject): Promise<SideWrites | undefined>;
  /** Releases what a deleted object held, in the deletion's transaction. */
  release?(obj: KubeObject): SideWrites | undefined;
  /** Changes a create makes beyond the generic metadata (e.g. a pod's initial status). */
  prepareForCreate?(obj: KubeObject): void;
  /** Mutating admission on create that reads other objects (a pod's load balancer readiness gates); before validation. */
  admit?(ctx: StrategyContext, obj: KubeObject): Promise<void>;
  /** Warnings for the write's `Warning` header (a definition's rules Skiff cannot evaluate). */
  warnings?(obj: KubeObject, old?: KubeObject): string[];
  /** Finalizers a deletion adds (a definition's custom resource cleanup). */
  deletionFinalizers?: string[];
  /** Changes a deletion makes to an object that stays while finalizers run (a Terminating condition). */
  prepareForDelete?(obj: KubeObject): void;
  /**
   * Authorization a write needs beyond its own verb (RBAC's escalation checks), before validation;
   * `old` is set on update; `user` is unset for the in-process components, which are trusted.
   */
  authorizeWrite?(ctx: StrategyContext, obj: KubeObject, old: KubeObject | undefined, user: UserInfo | undefined): Promise<void>;
}

export interface ResourceDef {
  group: string;
  version: string;
  /** Plural, as in the URL. */
  resource: string;
  kind: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  /** Subresources served under <resource>/<name>/. */
  subresources: string[];
  schema: ZodType;
  /** metadata.generation is kept (bumped on spec changes) for kinds whose controllers report observedGeneration. */
  hasGeneration: boolean;
  nameRule: NameRule;
  strategy: Strategy;
  /** Verbs beyond the default set are not needed yet; some kinds drop some (e.g. no deletecollection on namespaces). */
  verbs: string[];
  /** Set for custom resources: what their definition says (schema, subresources, columns). */
  custom?: CustomResourceInfo;
}

export const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

export function apiVersionOf(def: ResourceDef): string {
  return def.group ? `${def.group}/${def.version}` : def.version;
}

/** The apiVersion an object is stored with: a custom resource's storage version, whatever version wrote it. */
export function storedApiVersion(def: ResourceDef): string {
  return def.custom ? `${def.group}/${def.custom.storageVersion}` : apiVersionOf(def);
}

/** The store's key for a kind: upstream's group-qualified resource (`pods`, `deployments.apps`). */
export function storageKey(def: Pick<ResourceDef, 'group' | 'resource'>): string {
  return def.group ? `${def.resource}.${def.group}` : def.resource;
}

export function hasStatus(def: ResourceDef): boolean {
  return def.subresources.includes('status');
}
