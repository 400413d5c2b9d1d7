import type { ConfigMap } from '../../api/types';

/** Which ECS capacity a pod's node is: a Fargate virtual node or an EC2 container instance. */
export type ComputeType = 'fargate' | 'ec2';

/** A Kubernetes Secret as the mapping sees it: its Secrets Manager entry and its keys, never its values. */
export interface SecretRef {
  arn: string;
  keys: string[];
}

/** What the mapping of one pod needs from the API and AWS, read before it runs (it reads nothing itself). */
export interface MappingInputs {
  cluster: string;
  region: string;
  logGroup: string;
  compute: ComputeType;
  /** The task execution role (pulls from ECR, reads the `secrets`, writes awslogs); needed on AWS. */
  executionRoleArn?: string;
  /** The image of the init container that writes ConfigMap and Secret volumes into the task. */
  volumeWriterImage: string;
  /** ConfigMaps of the pod's namespace it refers to, by name (absent: not found). */
  configMaps: Map<string, Pick<ConfigMap, 'data' | 'binaryData'>>;
  /** Secrets of the pod's namespace it refers to, by name (absent: not found). */
  secrets: Map<string, SecretRef>;
  /** The IAM role of the pod's service account (`eks.amazonaws.com/role-arn`). */
  taskRoleArn?: string;
  /** Registry credentials (a Secrets Manager entry per registry) from the pod's imagePullSecrets. */
  pullCredentials: Map<string, string>;
  /** The task role of pods whose service account names none (the token sidecar signs with it). */
  defaultTaskRoleArn?: string;
  /** How the `skiff-token` sidecar reaches the API (see token-sidecar.ts); unset: no sidecar. */
  podToken?: PodTokenDelivery;
}

/** How a pod task's token sidecar reaches the API server. */
export interface PodTokenDelivery {
  /** The API server's URL as tasks reach it (API Gateway's on AWS); unset until known. */
  url?: string;
  /** A CA bundle to trust for it (the local runner's own CA); the system's when unset. */
  caCert?: string;
  /** An image with `aws` and `curl` (default public.ecr.aws/aws-cli/aws-cli). */
  image?: string;
}

/** The annotation EKS users put on a service account to give its pods an IAM role. */
export const ROLE_ARN_ANNOTATION = 'eks.amazonaws.com/role-arn';

/** A pod that cannot start yet because something it refers to is missing (the kubelet's CreateContainerConfigError). */
export class ConfigError extends Error {
  /** `volume`: a volume's source is missing (upstream: ContainerCreating with FailedMount); `env`: CreateContainerConfigError. */
  constructor(message: string, readonly kind: 'env' | 'volume' = 'env') {
    super(message);
  }
}

/** The registry host of an image reference (Docker Hub when the first part is not a host). */
export function registryOf(image: string): string {
  const first = image.split('/')[0];
  return image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost') ? first : 'docker.io';
}
