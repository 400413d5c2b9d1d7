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
};

export const USAGE = `Usage: npm start -- [flags]

  --port N                                   API port (HTTPS) on 127.0.0.1 (default 6443)
  --kubeconfig PATH                          where to write the kubeconfig (default .skiff/kubeconfig)
  --data-dir DIR                             persistent DynamoDB Local data (default .skiff/data)
  --in-memory                                keep nothing on disk
  --dynamodb-endpoint URL                    use this DynamoDB (LocalStack, AWS) instead of the embedded one;
                                             AWS_ENDPOINT_URL also works
  --table NAME                               DynamoDB table name (default skiff)
  --nodes N                                  simulated worker nodes (default 3)
  --node-monitor-grace-period D              node lifecycle grace, e.g. 40s, 2m (default 40s)
  --default-not-ready-toleration-seconds N   (default 300)
  --default-unreachable-toleration-seconds N (default 300)
  --watch-retention D                        change history kept for watches, e.g. 15m (default 1h)
  -h, --help                                 this text`;

/** Go-style durations as upstream's flags take them: 40s, 2m, 1m30s, 500ms. */
export function parseDuration(value: string): number {
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
  let total = 0;
  let consumed = '';
  for (const m of value.matchAll(re)) {
    const n = Number(m[1]);
    total += m[2] === 'ms' ? n / 1000 : m[2] === 's' ? n : m[2] === 'm' ? n * 60 : n * 3600;
    consumed += m[0];
  }
  if (consumed !== value || value === '') throw new Error(`invalid duration "${value}" (use e.g. 40s, 2m)`);
  return total;
}

export function parseFlags(argv: string[]): RunnerFlags | 'help' {
  const flags: RunnerFlags = { ...DEFAULT_FLAGS };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [name, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`flag ${name} needs a value`);
      return v;
    };
    const int = (): number => {
      const v = value();
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0) throw new Error(`flag ${name} needs a non-negative integer, got "${v}"`);
      return n;
    };
    switch (name) {
      case '-h':
      case '--help':
        return 'help';
      case '--port':
        flags.port = int();
        break;
      case '--kubeconfig':
        flags.kubeconfig = value();
        break;
      case '--data-dir':
        flags.dataDir = value();
        break;
      case '--in-memory':
        flags.inMemory = true;
        break;
      case '--dynamodb-endpoint':
        flags.dynamodbEndpoint = value();
        break;
      case '--table':
        flags.table = value();
        break;
      case '--nodes':
        flags.nodes = int();
        break;
      case '--node-monitor-grace-period':
        flags.nodeMonitorGracePeriodSeconds = parseDuration(value());
        break;
      case '--default-not-ready-toleration-seconds':
        flags.defaultNotReadyTolerationSeconds = int();
        break;
      case '--default-unreachable-toleration-seconds':
        flags.defaultUnreachableTolerationSeconds = int();
        break;
      case '--watch-retention':
        flags.watchRetentionSeconds = parseDuration(value());
        break;
      default:
        throw new Error(`unknown flag: ${arg}\n\n${USAGE}`);
    }
  }
  return flags;
}
