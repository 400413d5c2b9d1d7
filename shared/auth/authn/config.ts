import type { SigningKey } from './signing-key';

/**
 * How the cluster issues and accepts service account tokens (kube-apiserver's
 * --service-account-issuer, --api-audiences, --service-account-signing-key-file and
 * --service-account-max-token-expiration): carried on the API server's and the components' contexts.
 */
export interface ServiceAccountTokenConfig {
  /** The `iss` of new tokens and the first accepted issuer; the OIDC discovery document names it. */
  issuer: string;
  /** Audiences the API server accepts (`--api-audiences`; the issuer when unset); new tokens' default. */
  audiences: string[];
  key: SigningKey;
  /** Longest lifetime a TokenRequest gets (seconds); longer requests are cut to it. */
  maxExpirationSeconds?: number;
  /** How long a bound object found alive is trusted without a re-read (seconds; 0: always re-read). */
  boundObjectCacheSeconds?: number;
  /** The clock (ms since the epoch); tests move it instead of waiting. */
  now?: () => number;
  /** The CA bundle pods trust the API with (`ca.crt` of kube-root-ca.crt and token Secrets); none on AWS. */
  rootCaCert?: string;
}

/** Upstream's default issuer and audience on kubeadm clusters. */
export const DEFAULT_ISSUER = 'https://kubernetes.default.svc.cluster.local';
