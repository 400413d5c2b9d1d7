import type { LogSources } from '../nodes/logs/source';
import type { IamAuthConfig } from '../auth/authn/aws-iam';
import type { AuditPolicy } from '../auth/audit/policy';
import type { PodTaskDirectory } from '../nodes/ecs/task-identity';
import type { RestContext } from '../registry/context';
import type { ClusterDialer } from './proxy/dial';

export interface ApiConfig {
  /** sha256 hex digests of accepted bearer tokens. */
  tokenHashes: string[];
  /** Longest a watch may stay open (API Gateway cuts responses at 30 s; locally far longer). */
  maxWatchSeconds: number;
  /** How often an idle watch re-reads the revision counter (ms). */
  watchPollMs?: number;
  /** Log every request at info (otherwise at debug): on in the Lambda and an interactive `npm start`. */
  logRequests?: boolean;
  /**
   * Requests with no credentials at all are `system:anonymous` (group `system:unauthenticated`),
   * authorized by RBAC, as upstream's default `--anonymous-auth=true`; false: they are 401.
   */
  anonymousAuth?: boolean;
  /** AWS IAM sign-in (EKS-style tokens); unset: such tokens authenticate nobody. */
  iam?: IamAuthConfig;
  /** Which requests the audit log records and how much of each (default: every request at Metadata). */
  audit?: AuditPolicy;
  /** The ECS cluster's tasks, for the pod token endpoint (with `iam`); unset: it answers 401. */
  podTasks?: PodTaskDirectory;
}

export interface ApiContext extends RestContext {
  config: ApiConfig;
  /** Resolves when a write to `resource` commits in this process, or after `ms`; watchers wait on it. */
  waitForChange?(resource: string, ms: number): Promise<void>;
  /** Where pods/log reads containers' output, by containerID scheme (none: logs answer 503). */
  logs?: LogSources;
  /** How the proxy subresources reach pods, endpoints and nodes (default: a direct TCP connection). */
  clusterDialer?: ClusterDialer;
}
