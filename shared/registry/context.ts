import type { ServiceAccountTokenConfig } from '../auth/authn/config';
import type { UserInfo } from '../auth/user';
import type { ObjectStore } from '../storage/store';
import type { FieldValidation } from './decode';
import type { KubeObject } from './resource';

export interface RestContext {
  store: ObjectStore;
  /**
   * The component writing through this context (kube-controller-manager, kube-scheduler, kubelet),
   * recorded as the manager of the fields it sets, as upstream's components are. API requests name
   * theirs per request instead.
   */
  fieldManager?: string;
  /** How service account tokens are signed and checked (the API server and the components that issue them). */
  serviceAccountTokens?: ServiceAccountTokenConfig;
  /**
   * The cluster CA the controller-manager's CSR signer signs with (upstream's
   * --cluster-signing-cert-file and --cluster-signing-key-file); without it nothing is signed.
   */
  clusterSigning?: { certPem: string; keyPem: string };
}

export interface WriteOptions {
  dryRun: boolean;
  fieldValidation: FieldValidation;
  fieldManager?: string;
  /** The request's User-Agent: the manager name when fieldManager is not given. */
  userAgent?: string;
  /** A server-side apply: its plan wrote managedFields already. */
  applied?: boolean;
  /** Who asks for the write (the API request's user); unset for in-process components. */
  user?: UserInfo;
}

export interface WriteResult {
  object: KubeObject;
  warnings: string[];
  /** True when the write created the object (201 rather than 200). */
  created?: boolean;
}
