import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { ApiContext } from '../../../shared/apiserver/context';
import { hashToken } from '../../../shared/apiserver/auth';
import { ApiRequest } from '../../../shared/apiserver/http';
import { handleRequest } from '../../../shared/apiserver/server';
import { create, R, updateStatusOf } from '../../../shared/controllers/client';
import { CloudWatchLogSource, ecsLogStream } from '../../../shared/nodes/logs/cloudwatch';
import { rfc3339Nano } from '../../../shared/nodes/logs/select';
import { ObjectStore } from '../../../shared/storage/store';
import { awsClientConfig, resetAws } from '../../support/aws';
import { freshTable } from '../../support/dynamo';

const GROUP = '/skiff/logs-test/pods';
const TOKEN = 'logs-test-token';
const T0 = Date.now() - 60_000;

/** pods/log of ECS pods through the API core, read from the emulator's CloudWatch Logs. */
describe('CloudWatchLogSource', () => {
  let ctx: ApiContext;
  let logs: CloudWatchLogsClient;

  const put = async (task: string, container: string, events: [number, string][]) => {
    await logs.send(new PutLogEventsCommand({ logGroupName: GROUP, logStreamName: `skiff/${container}/${task}`, logEvents: events.map(([timestamp, message]) => ({ timestamp, message })) }));
  };
  const request = (query: string, extra: Partial<ApiRequest> = {}): ApiRequest => ({
    method: 'GET',
    path: '/api/v1/namespaces/default/pods/api/log',
    query: new URLSearchParams(query),
    headers: { authorization: `Bearer ${TOKEN}` },
    ...extra,
  });
  const body = async (query: string) => {
    const res = await handleRequest(ctx, request(query));
    expect(res.statusCode).toBe(200);
    return res.body;
  };
  const setState = (running: boolean) =>
    updateStatusOf(ctx, R.pods, { metadata: { namespace: 'default', name: 'api', uid: podUid } }, () => ({
      phase: running ? 'Running' : 'Failed',
      containerStatuses: [
        {
          name: 'app',
          ready: running,
          restartCount: 1,
          image: 'nginx',
          imageID: '',
          containerID: 'ecs://task2/app',
          state: running ? { running: { startedAt: new Date(T0).toISOString() } } : { terminated: { exitCode: 2, containerID: 'ecs://task2/app' } },
          lastState: { terminated: { exitCode: 1, containerID: 'ecs://task1/app' } },
        },
      ],
    }));
  let podUid = '';

  beforeAll(async () => {
    await resetAws();
    logs = new CloudWatchLogsClient(awsClientConfig());
    await logs.send(new CreateLogGroupCommand({ logGroupName: GROUP }));
    for (const task of ['task1', 'task2']) await logs.send(new CreateLogStreamCommand({ logGroupName: GROUP, logStreamName: `skiff/app/${task}` }));
    await put('task1', 'app', [[T0, 'first run: starting'], [T0 + 1000, 'first run: crashed']]);
    await put('task2', 'app', [[T0 + 10_000, 'line a'], [T0 + 20_000, 'line b'], [T0 + 30_000, 'line c']]);
    const { client, table } = await freshTable();
    const store = new ObjectStore({ client, table });
    ctx = {
      store,
      config: { tokenHashes: [hashToken(TOKEN)], maxWatchSeconds: 20, watchPollMs: 100 },
      logs: { ecs: new CloudWatchLogSource({ endpoint: awsClientConfig().endpoint, region: 'us-east-1', logGroup: GROUP }) },
    };
    await create(ctx, R.namespaces, undefined, { metadata: { name: 'default' } });
    const pod = await create(ctx, R.pods, 'default', { metadata: { name: 'api' }, spec: { nodeName: 'fargate-us-east-1a', containers: [{ name: 'app', image: 'nginx' }] } });
    podUid = String(pod?.metadata.uid);
    await setState(true);
  });
  afterAll(() => logs?.destroy());

  it('names the stream as awslogs does with the skiff prefix', () => {
    expect(ecsLogStream('ecs://0123abcd/web')).toEqual({ taskId: '0123abcd', container: 'web', stream: 'skiff/web/0123abcd' });
    expect(ecsLogStream('skiff-sim://x')).toBeUndefined();
  });

  it('serves the current run\'s events, the last ones with tailLines, later ones with sinceTime', async () => {
    expect(await body('')).toBe('line a\nline b\nline c\n');
    expect(await body('tailLines=2')).toBe('line b\nline c\n');
    expect(await body(`sinceTime=${new Date(T0 + 20_000).toISOString().replace(/\.\d+Z$/, 'Z')}`)).toBe('line b\nline c\n');
    expect(await body('limitBytes=9')).toBe('line a\nli');
  });

  it('prefixes each event\'s own time with timestamps', async () => {
    expect(await body('timestamps=true&tailLines=1')).toBe(`${rfc3339Nano(T0 + 30_000)} line c\n`);
  });

  it('reads the previous task\'s stream with previous', async () => {
    expect(await body('previous=true')).toBe('first run: starting\nfirst run: crashed\n');
  });

  it('follows new events until the container stops', async () => {
    const res = await handleRequest(ctx, request('follow=true&tailLines=1'));
    expect(res.stream).toBeDefined();
    const chunks: string[] = [];
    const reading = (async () => {
      for await (const chunk of res.stream as AsyncIterable<string>) chunks.push(chunk);
    })();
    await put('task2', 'app', [[Date.now(), 'line d']]);
    const deadline = Date.now() + 15_000;
    while (!chunks.join('').includes('line d') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await setState(false);
    await reading;
    expect(chunks.join('')).toBe('line c\nline d\n');
  });

  it('reads a stream that does not exist yet as no lines', async () => {
    const source = new CloudWatchLogSource({ endpoint: awsClientConfig().endpoint, region: 'us-east-1', logGroup: GROUP });
    expect(await source.read({ namespace: 'default', pod: 'api', container: 'app', containerID: 'ecs://task9/app' }, {})).toEqual({ lines: [], cursor: '' });
  });
});
