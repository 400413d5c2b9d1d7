import type { UserInfo } from '../auth/user';
import type { KubeObject, ResourceDef } from '../registry/resource';
import type { StrategyContext } from '../registry/resource';
import type { BatchWrite } from '../storage/types';
import type { SideWrite } from '../storage/side-items';

export type AdmissionOperation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';

/**
 * What an admission plugin is told about a request, after k8s.io/apiserver's admission.Attributes:
 * the operation, the kind (its resource def) and subresource, the object as it would be stored
 * (mutating plugins change it in place), the stored object on UPDATE and DELETE, who asks, dry run.
 */
export interface AdmissionAttributes {
  operation: AdmissionOperation;
  def: ResourceDef;
  subresource?: string;
  /** The incoming object; undefined on DELETE. Mutating plugins may replace its contents. */
  object?: KubeObject;
  oldObject?: KubeObject;
  namespace?: string;
  name: string;
  dryRun: boolean;
  user?: UserInfo;
  /** The operation's options object (CreateOptions, UpdateOptions, DeleteOptions) as webhooks get it. */
  options?: Record<string, unknown>;
  /**
   * Writes a validating plugin needs committed in the create's own transaction, or not at all: the
   * ResourceQuota plugin's raised usage. If one finds its object changed, the create is admitted again.
   */
  companions?: BatchWrite[];
  /**
   * Conditions a validating plugin needs to hold when the create commits (the ResourceQuota plugin's
   * "this namespace has never had a quota"), checked in its transaction. If one fails, `failed`
   * hears it and the create is admitted again.
   */
  checks?: { write: SideWrite; failed(): void }[];
}

/** A plugin of the chain: `handles` says whether it looks at a request at all. */
export interface AdmissionPlugin {
  name: string;
  handles(attrs: AdmissionAttributes): boolean;
  /** Mutating plugins change attrs.object; validating ones throw an ApiError to refuse. Returns warnings. */
  admit(ctx: StrategyContext, attrs: AdmissionAttributes): Promise<string[] | void>;
}
