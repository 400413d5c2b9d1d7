import { CloudWatchLogsClient, GetLogEventsCommand, GetLogEventsCommandOutput, ResourceNotFoundException } from '@aws-sdk/client-cloudwatch-logs';
import { AwsSettings, awsClientConfig } from '../../cloud/aws';
import type { ContainerRef, LogLine, LogPage, LogRead, LogSource } from './source';

/** GetLogEvents answers at most 10,000 events per call. */
const MAX_EVENTS = 10_000;
/** Pages read per request at most (a very long log is read from its tail, not whole). */
const MAX_PAGES = 50;

/**
 * `ecs://<task-id>/<container>` -> the awslogs stream `skiff/<container>/<task-id>` (stream prefix
 * `skiff`, awslogs' own naming), in the cluster's log group.
 */
export function ecsLogStream(containerID: string): { taskId: string; container: string; stream: string } | undefined {
  const m = /^ecs:\/\/([^/]+)\/(.+)$/.exec(containerID);
  if (!m) return undefined;
  return { taskId: m[1], container: m[2], stream: `skiff/${m[2]}/${m[1]}` };
}

/**
 * Pod logs of ECS tasks, read back from CloudWatch Logs where the awslogs driver wrote them. A
 * stream that does not exist yet (the task has not started, or wrote nothing) reads as no lines.
 */
export class CloudWatchLogSource implements LogSource {
  private readonly client: CloudWatchLogsClient;

  constructor(
    private readonly settings: Pick<AwsSettings, 'endpoint' | 'region' | 'logGroup'>,
    client?: CloudWatchLogsClient,
  ) {
    this.client = client ?? new CloudWatchLogsClient(awsClientConfig(settings));
  }

  async read(ref: ContainerRef, opts: LogRead): Promise<LogPage> {
    const target = ecsLogStream(ref.containerID);
    if (!target) return { lines: [], cursor: '' };
    const base = { logGroupName: this.settings.logGroup, logStreamName: target.stream };
    try {
      if (opts.cursor) return await this.forward({ ...base, nextToken: opts.cursor });
      if (opts.tail !== undefined) {
        // The newest `tail` events after `since`, in one backward read.
        const out = await this.client.send(
          new GetLogEventsCommand({ ...base, startTime: opts.since, startFromHead: false, limit: Math.max(1, Math.min(opts.tail, MAX_EVENTS)) }),
        );
        const lines = toLines(out);
        return { lines: opts.tail === 0 ? [] : lines, cursor: out.nextForwardToken ?? '' };
      }
      return await this.forward({ ...base, startTime: opts.since, startFromHead: true });
    } catch (err) {
      if (err instanceof ResourceNotFoundException) return { lines: [], cursor: '' };
      throw err;
    }
  }

  /** Reads forward page by page until a page brings nothing new (GetLogEvents repeats its token at the end). */
  private async forward(input: { logGroupName: string; logStreamName: string; nextToken?: string; startTime?: number; startFromHead?: boolean }): Promise<LogPage> {
    const lines: LogLine[] = [];
    let token = input.nextToken;
    for (let page = 0; page < MAX_PAGES; page++) {
      const out = await this.client.send(new GetLogEventsCommand({ ...input, nextToken: token, startFromHead: true }));
      lines.push(...toLines(out));
      const next = out.nextForwardToken;
      if (!next || next === token || (out.events ?? []).length === 0) return { lines, cursor: next ?? token ?? '' };
      token = next;
    }
    return { lines, cursor: token ?? '' };
  }
}

function toLines(out: GetLogEventsCommandOutput): LogLine[] {
  return (out.events ?? []).map((e) => ({ time: e.timestamp ?? 0, text: (e.message ?? '').replace(/\r?\n$/, '') }));
}
