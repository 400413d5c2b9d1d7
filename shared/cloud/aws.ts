/**
 * Where Skiff's AWS components (the ECS node provider, the cloud-controller-manager, pod logs) find
 * AWS: one settings object, built by the local runner from its flags and by each Lambda from its
 * environment, and the client configuration every SDK client is created with.
 */
export interface AwsSettings {
  /** An emulator, LocalStack or a test endpoint; undefined means AWS's own endpoints. */
  endpoint?: string;
  region: string;
  /** The ECS cluster the pods run in; also names the cluster in tags and the log group. */
  cluster: string;
  /** Subnets tasks and load balancers use (empty: the default VPC's, looked up at start). */
  subnets: string[];
  /** Security groups of the tasks (empty: the VPC's default group). */
  securityGroups: string[];
  /** CloudWatch Logs group of the pods' containers (awslogs driver). */
  logGroup: string;
}

export interface AwsClientConfig {
  region: string;
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  maxAttempts?: number;
}

/** The log group of a cluster's pods, unless configured otherwise. */
export const defaultLogGroup = (cluster: string): string => `/skiff/${cluster}/pods`;

/**
 * SDK client configuration: against an explicit endpoint without credentials in the environment
 * (an emulator), dummy ones, since emulators accept any; otherwise the SDK's default chain.
 */
export function awsClientConfig(s: Pick<AwsSettings, 'endpoint' | 'region'>): AwsClientConfig {
  const config: AwsClientConfig = { region: s.region };
  if (s.endpoint) {
    config.endpoint = s.endpoint;
    if (!process.env.AWS_ACCESS_KEY_ID) config.credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
  }
  return config;
}

/** Settings from a Lambda's environment (set by the CDK stack). */
export function awsSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): AwsSettings {
  const cluster = env.SKIFF_ECS_CLUSTER ?? 'skiff';
  const list = (v: string | undefined) => (v ?? '').split(',').map((x) => x.trim()).filter(Boolean);
  return {
    endpoint: env.AWS_ENDPOINT_URL,
    region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1',
    cluster,
    subnets: list(env.SKIFF_SUBNETS),
    securityGroups: list(env.SKIFF_SECURITY_GROUPS),
    logGroup: env.SKIFF_LOG_GROUP ?? defaultLogGroup(cluster),
  };
}
