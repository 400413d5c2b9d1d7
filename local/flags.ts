import { parseArgs } from 'node:util';
import { parseDuration } from '../shared/api/validation/duration';

export type Provider = 'simulated' | 'ecs';

/** The local runner's flags (upstream's names where upstream has one); see README. */
export interface RunnerFlags {
  port: number;
  kubeconfig: string;
  dataDir: string;
  inMemory: boolean;
  dynamodbEndpoint?: string;
  table: string;
  nodes: number;
  nodeMonitorGracePeriodSeconds: number;
  defaultNotReadyTolerationSeconds: number;
  defaultUnreachableTolerationSeconds: number;
  /** Seconds of change history kept for watches (older resourceVersions get 410 Gone). */
  watchRetentionSeconds: number;
  /** Who runs the pods: simulated kubelets, or ECS tasks (with the cloud-controller-manager). */
  provider: Provider;
  /** AWS mode: the emulator, LocalStack or a real account's endpoint (undefined: AWS's own). */
  awsEndpoint?: string;
  awsRegion: string;
  /** Where IAM sign-in sends presigned GetCallerIdentity requests (default: awsEndpoint, else AWS's STS). */
  stsEndpoint?: string;
  ecsCluster: string;
  subnets: string[];
  securityGroups: string[];
  /** The `iss` of service account tokens (and OIDC discovery's issuer). */
  serviceAccountIssuer: string;
  /** Audiences the API accepts in tokens (default: the issuer). */
  apiAudiences: string[];
  /** Longest lifetime a TokenRequest gets (seconds). */
  serviceAccountMaxTokenExpirationSeconds: number;
  /** An audit.k8s.io/v1 Policy file (default: every request at Metadata). */
  auditPolicyFile?: string;
  /** Where audit events go, one JSON line each ('-': the log on stdout). */
  auditLogPath?: string;
  /** false: requests without credentials are 401 instead of system:anonymous (upstream's --anonymous-auth). */
  anonymousAuth?: boolean;
  /** AWS mode: the EFS file system claims default to (the bootstrap's default class `efs`). */
  efsFileSystemId?: string;
  /** AWS mode: the task role of pods whose service account names none (their token sidecar signs with it). */
  defaultTaskRoleArn?: string;
  /** AWS mode: the API URL pods' `skiff-token` sidecars call (default: the runner's own). */
  podTokenUrl?: string;
  /** AWS mode: the `skiff-token` sidecar's image (needs aws and curl). */
  tokenSidecarImage?: string;
}

export const DEFAULT_FLAGS: RunnerFlags = {
  port: 6443,
  kubeconfig: '.skiff/kubeconfig',
  dataDir: '.skiff/data',
  inMemory: false,
  dynamodbEndpoint: process.env.AWS_ENDPOINT_URL,
  table: 'skiff',
  nodes: 3,
  nodeMonitorGracePeriodSeconds: 40,
  defaultNotReadyTolerationSeconds: 300,
  defaultUnreachableTolerationSeconds: 300,
  watchRetentionSeconds: 3600,
  provider: 'simulated',
  awsEndpoint: process.env.AWS_ENDPOINT_URL,
  awsRegion: process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1',
  stsEndpoint: process.env.AWS_ENDPOINT_URL_STS,
  ecsCluster: 'skiff',
  subnets: [],
  securityGroups: [],
  serviceAccountIssuer: 'https://kubernetes.default.svc.cluster.local',
  apiAudiences: [],
  serviceAccountMaxTokenExpirationSeconds: 48 * 3600,
};

type Kind = 'int' | 'port' | 'string' | 'duration' | 'bool' | 'boolValue' | 'list' | 'provider';

interface FlagSpec {
  name: string;
  field: keyof RunnerFlags;
  kind: Kind;
  value?: string;
  help: string;
}

/** The one table of flags: it parses argv, prints the usage text, and is what the README lists. */
export const FLAGS: FlagSpec[] = [
  { name: 'port', field: 'port', kind: 'port', value: 'N', help: 'API port (HTTPS) on 127.0.0.1; 0 picks a free one (default 6443)' },
  { name: 'kubeconfig', field: 'kubeconfig', kind: 'string', value: 'PATH', help: 'kubeconfig to write or merge into (default .skiff/kubeconfig)' },
  { name: 'data-dir', field: 'dataDir', kind: 'string', value: 'DIR', help: 'persistent DynamoDB Local data (default .skiff/data)' },
  { name: 'in-memory', field: 'inMemory', kind: 'bool', help: 'keep nothing on disk' },
  { name: 'dynamodb-endpoint', field: 'dynamodbEndpoint', kind: 'string', value: 'URL', help: 'use this DynamoDB (LocalStack, AWS) instead of the embedded one; AWS_ENDPOINT_URL also works' },
  { name: 'table', field: 'table', kind: 'string', value: 'NAME', help: 'DynamoDB table name (default skiff)' },
  { name: 'nodes', field: 'nodes', kind: 'int', value: 'N', help: 'simulated worker nodes (default 3)' },
  { name: 'node-monitor-grace-period', field: 'nodeMonitorGracePeriodSeconds', kind: 'duration', value: 'D', help: 'node lifecycle grace, e.g. 40s, 2m (default 40s)' },
  { name: 'default-not-ready-toleration-seconds', field: 'defaultNotReadyTolerationSeconds', kind: 'int', value: 'N', help: 'toleration added to pods (default 300)' },
  { name: 'default-unreachable-toleration-seconds', field: 'defaultUnreachableTolerationSeconds', kind: 'int', value: 'N', help: 'toleration added to pods (default 300)' },
  { name: 'watch-retention', field: 'watchRetentionSeconds', kind: 'duration', value: 'D', help: 'change history kept for watches (older resourceVersions get 410 Gone), e.g. 15m (default 1h)' },
  { name: 'provider', field: 'provider', kind: 'provider', value: 'P', help: 'who runs the pods: simulated or ecs (AWS mode, which also runs the cloud-controller-manager) (default simulated)' },
  { name: 'aws-endpoint', field: 'awsEndpoint', kind: 'string', value: 'URL', help: 'AWS mode: the emulator, LocalStack or AWS itself; AWS_ENDPOINT_URL also works' },
  { name: 'aws-region', field: 'awsRegion', kind: 'string', value: 'R', help: 'AWS mode: region (default AWS_REGION or us-east-1)' },
  { name: 'sts-endpoint', field: 'stsEndpoint', kind: 'string', value: 'URL', help: 'IAM sign-in: the STS that checks k8s-aws-v1. tokens; AWS_ENDPOINT_URL_STS also works (default --aws-endpoint, else AWS)' },
  { name: 'ecs-cluster', field: 'ecsCluster', kind: 'string', value: 'NAME', help: "AWS mode: the ECS cluster pods run in, also the tag on the cluster's AWS resources (default skiff)" },
  { name: 'subnets', field: 'subnets', kind: 'list', value: 'a,b', help: "AWS mode: the tasks' subnets; their VPC holds the Service DNS namespace (default: the default VPC's)" },
  { name: 'service-account-issuer', field: 'serviceAccountIssuer', kind: 'string', value: 'URL', help: 'iss of service account tokens and OIDC discovery (default https://kubernetes.default.svc.cluster.local)' },
  { name: 'api-audiences', field: 'apiAudiences', kind: 'list', value: 'a,b', help: 'audiences the API accepts in service account tokens (default: the issuer)' },
  { name: 'service-account-max-token-expiration', field: 'serviceAccountMaxTokenExpirationSeconds', kind: 'duration', value: 'D', help: 'longest lifetime a TokenRequest gets (default 48h)' },
  { name: 'audit-policy-file', field: 'auditPolicyFile', kind: 'string', value: 'PATH', help: 'audit.k8s.io/v1 Policy (default: every request at Metadata)' },
  { name: 'audit-log-path', field: 'auditLogPath', kind: 'string', value: 'PATH', help: "audit events as JSON lines; '-' for the log on stdout (default .skiff/audit.log beside the data directory)" },
  { name: 'security-groups', field: 'securityGroups', kind: 'list', value: 'sg', help: "AWS mode: the tasks' security groups (default: the VPC's default group)" },
  { name: 'anonymous-auth', field: 'anonymousAuth', kind: 'boolValue', value: 'BOOL', help: 'requests without credentials are system:anonymous, authorized by RBAC; false: 401 (default true)' },
  { name: 'efs-file-system-id', field: 'efsFileSystemId', kind: 'string', value: 'FS', help: 'AWS mode: EFS file system of the default StorageClass efs (an access point per claim); without it the default is the simulated class standard, whose volumes live as long as the task on ECS' },
  { name: 'default-task-role-arn', field: 'defaultTaskRoleArn', kind: 'string', value: 'ARN', help: 'AWS mode: task role of pods whose service account names none (their skiff-token sidecar signs with it; without one they get no token)' },
  { name: 'pod-token-url', field: 'podTokenUrl', kind: 'string', value: 'URL', help: "AWS mode: the API URL pods' skiff-token sidecars fetch their service account token from (default: the runner's own URL)" },
  { name: 'token-sidecar-image', field: 'tokenSidecarImage', kind: 'string', value: 'IMAGE', help: 'AWS mode: image of the skiff-token sidecar, with aws and curl (default public.ecr.aws/aws-cli/aws-cli:latest)' },
];

export const USAGE = `Usage: npm start -- [flags]\n\n${FLAGS.map((f) => {
  const left = `  --${f.name}${f.value ? ` ${f.value}` : ''}`;
  return `${left.padEnd(45)}${f.help}`;
}).join('\n')}\n${'  -h, --help'.padEnd(45)}this text`;

export { parseDuration } from '../shared/api/validation/duration';

function convert(spec: FlagSpec, raw: string | boolean): unknown {
  const flag = `--${spec.name}`;
  if (spec.kind === 'bool') return raw === true;
  const v = String(raw);
  // parseArgs takes the next argument as a value even when it is another flag.
  if (v.startsWith('--')) throw new Error(`flag ${flag} needs a value, got the flag "${v}"`);
  switch (spec.kind) {
    case 'int':
    case 'port': {
      const n = Number(v);
      if (v.trim() === '' || !Number.isInteger(n) || n < 0) throw new Error(`flag ${flag} needs a non-negative integer, got "${v}"`);
      if (spec.kind === 'port' && n > 65535) throw new Error(`flag ${flag} needs a port between 0 and 65535, got "${v}"`);
      return n;
    }
    case 'duration':
      return parseDuration(v);
    case 'boolValue': {
      // Go's strconv.ParseBool, as upstream's --flag=true|false.
      if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(v)) return true;
      if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(v)) return false;
      throw new Error(`flag ${flag} must be true or false, got "${v}"`);
    }
    case 'list':
      return v.split(',').map((s) => s.trim()).filter(Boolean);
    case 'provider':
      if (v !== 'simulated' && v !== 'ecs') throw new Error(`flag ${flag} must be simulated or ecs, got "${v}"`);
      return v;
    default:
      if (v === '') throw new Error(`flag ${flag} needs a value`);
      return v;
  }
}

export function parseFlags(argv: string[]): RunnerFlags | 'help' {
  const options = Object.fromEntries([
    ...FLAGS.map((f) => [f.name, { type: f.kind === 'bool' ? ('boolean' as const) : ('string' as const) }]),
    ['help', { type: 'boolean' as const, short: 'h' }],
  ]);
  let values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  try {
    ({ values } = parseArgs({ args: argv, options, strict: true, allowPositionals: false }));
  } catch (err) {
    // Unknown flags in pflag's words, as kube binaries print them.
    const unknown = (err as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && /'(-[^']*)'/.exec((err as Error).message);
    throw new Error(`${unknown ? `unknown flag: ${unknown[1]}` : (err as Error).message}\n\n${USAGE}`, { cause: err });
  }
  if (values.help) return 'help';
  const flags: RunnerFlags = { ...DEFAULT_FLAGS };
  for (const spec of FLAGS) {
    const raw = values[spec.name];
    if (raw !== undefined && !Array.isArray(raw)) Object.assign(flags, { [spec.field]: convert(spec, raw) });
  }
  return flags;
}
