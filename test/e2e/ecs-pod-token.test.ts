import { execFile, execFileSync, spawn, ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { DescribeTaskDefinitionCommand, DescribeTasksCommand, ECSClient, ListTasksCommand, Task } from '@aws-sdk/client-ecs';
import { POD_TOKEN_PATH, TOKEN_SIDECAR_NAME } from '../../shared/nodes/ecs/token-sidecar';
import { awsClientConfig, awsEndpoint, resetAws } from '../support/aws';
import { ensureAwsCli } from '../../scripts/aws-cli';
import { eventually, startCluster, TestCluster } from '../support/cluster';
import { startStsRelay, StsRelay } from '../support/sts-presign-relay';

const CLUSTER = 'e2e-pod-token';
const ACCOUNT = '123456789012';
const DEFAULT_ROLE = `arn:aws:iam::${ACCOUNT}:role/skiff-pods`;
const NS = 'default';

interface Credentials {
  AWS_ACCESS_KEY_ID: string;
  AWS_SECRET_ACCESS_KEY: string;
  AWS_SESSION_TOKEN: string;
}

/**
 * A pod's service account token delivered into its ECS task, end to end on the emulator: the
 * runner maps the pod with the `skiff-token` sidecar; this test plays ECS's part (task role
 * credentials for a session named after the task's id, from the emulator's STS) and runs the
 * sidecar's own script, as the task definition carries it, with sh and the real AWS CLI, against
 * the runner's API through the STS relay (see sts-presign-relay.ts); the written token is then
 * used with real kubectl, and RBAC decides for it.
 */
describe('ECS pod token delivery (emulator, the sidecar script, kubectl)', () => {
  let c: TestCluster;
  let relay: StsRelay;
  let ca: string;
  const ecs = new ECSClient(awsClientConfig());
  const sts = new STSClient(awsClientConfig());
  const sent: { command: string; input: unknown }[] = [];
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    ensureAwsCli();
    await resetAws();
    relay = await startStsRelay(awsEndpoint());
    c = await startCluster(
      { provider: 'ecs', awsEndpoint: awsEndpoint(), stsEndpoint: relay.url, ecsCluster: CLUSTER, subnets: [], securityGroups: [], defaultTaskRoleArn: DEFAULT_ROLE },
      {
        ecsClients: (clients) => {
          const send = clients.ecs.send.bind(clients.ecs) as (cmd: { input: unknown }) => Promise<unknown>;
          clients.ecs.send = ((cmd: { input: unknown }) => {
            sent.push({ command: cmd.constructor.name, input: cmd.input });
            return send(cmd);
          }) as unknown as ECSClient['send'];
        },
      },
    );
    ca = path.join(c.dir, 'ca.crt');
    fs.writeFileSync(ca, String(c.runner.context.serviceAccountTokens?.rootCaCert));
    await c.kubectl(['create', 'serviceaccount', 'reader']);
    await c.kubectl(['create', 'role', 'pod-reader', '--verb=list,get', '--resource=pods']);
    await c.kubectl(['create', 'rolebinding', 'reader-pods', '--role=pod-reader', '--serviceaccount=default:reader']);
  }, 180_000);
  afterAll(async () => {
    for (const child of children) if (child.pid) process.kill(-child.pid, 'SIGTERM');
    await c?.stop();
    await relay?.stop();
    ecs.destroy();
    sts.destroy();
  });

  const runningTaskOf = async (pod: string): Promise<Task> => {
    const uid = JSON.parse((await c.kubectl(['get', 'pod', pod, '-o', 'json'])).stdout).metadata.uid as string;
    let found: Task | undefined;
    await eventually(async () => {
      const arns = (await ecs.send(new ListTasksCommand({ cluster: CLUSTER, desiredStatus: 'RUNNING' }))).taskArns ?? [];
      const tasks = arns.length ? ((await ecs.send(new DescribeTasksCommand({ cluster: CLUSTER, tasks: arns, include: ['TAGS'] }))).tasks ?? []) : [];
      found = tasks.find((t) => t.tags?.some((x) => x.key === 'skiff.dev/pod-uid' && x.value === uid));
      return !!found;
    }, 60_000);
    return found as Task;
  };
  const taskId = (t: Task) => String(t.taskArn).split('/').pop() as string;
  const assume = async (roleArn: string, session: string): Promise<Credentials> => {
    const k = (await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: session }))).Credentials;
    return { AWS_ACCESS_KEY_ID: String(k?.AccessKeyId), AWS_SECRET_ACCESS_KEY: String(k?.SecretAccessKey), AWS_SESSION_TOKEN: String(k?.SessionToken) };
  };
  const awsEnv = (creds: Credentials) => ({ PATH: process.env.PATH, HOME: c.dir, ...creds, AWS_REGION: 'us-east-1', AWS_DEFAULT_REGION: 'us-east-1', AWS_ENDPOINT_URL_STS: relay.url });
  /** What the endpoint answers a caller with these credentials (the presigned token made by `aws eks get-token`). */
  const post = async (creds: Credentials): Promise<{ code: string; body: unknown }> => {
    const out = execFileSync('aws', ['eks', 'get-token', '--cluster-name', CLUSTER], { env: awsEnv(creds) }).toString();
    const token = (JSON.parse(out) as { status: { token: string } }).status.token;
    return new Promise((resolve, reject) => {
      execFile('curl', ['-sS', '--cacert', ca, '-X', 'POST', '-H', `Authorization: Bearer ${token}`, '-w', '\n%{http_code}', `${c.runner.url}${POD_TOKEN_PATH}`], (err, stdout) => {
        if (err) return reject(err);
        const lines = stdout.trimEnd().split('\n');
        const code = lines.pop() as string;
        resolve({ code, body: code === '200' ? lines.join('\n') : (JSON.parse(lines.join('\n')) as unknown) });
      });
    });
  };
  const UNAUTHORIZED = { code: '401', body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 } };

  /** Runs the sidecar's script from the registered task definition, as the sidecar container would. */
  const runSidecar = async (task: Task, creds: Credentials, dir: string): Promise<void> => {
    const def = (await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: task.taskDefinitionArn }))).taskDefinition;
    const sidecar = def?.containerDefinitions?.find((x) => x.name === TOKEN_SIDECAR_NAME);
    expect(sidecar?.entryPoint).toEqual(['sh', '-c']);
    const env = Object.fromEntries((sidecar?.environment ?? []).map((e) => [String(e.name), String(e.value)]));
    expect(env).toMatchObject({ SKIFF_API_URL: c.runner.url, SKIFF_CLUSTER: CLUSTER, AWS_REGION: 'us-east-1' });
    const child = spawn('sh', ['-c', String(sidecar?.command?.[0])], {
      env: { ...env, ...awsEnv(creds), SKIFF_TOKEN_DIR: dir, SKIFF_TOKEN_READY: path.join(dir, 'ready') },
      stdio: ['ignore', 'ignore', 'pipe'],
      // Its own process group, so the sleep it waits in ends with it.
      detached: true,
    });
    children.push(child);
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    await eventually(async () => fs.existsSync(path.join(dir, 'ready')), 60_000).catch((err: Error) => {
      throw new Error(`the sidecar delivered nothing: ${err.message}\n${stderr}`);
    });
  };

  it('maps the pod with the sidecar, and no token reaches RegisterTaskDefinition or RunTask', async () => {
    await c.kubectl(['run', 'reader', '--image=nginx', '--overrides', JSON.stringify({ spec: { serviceAccountName: 'reader' } })]);
    const task = await runningTaskOf('reader');
    const def = (await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: task.taskDefinitionArn }))).taskDefinition;
    expect(def?.taskRoleArn).toBe(DEFAULT_ROLE);
    expect(def?.containerDefinitions?.map((x) => x.name)).toEqual(['skiff-volumes', TOKEN_SIDECAR_NAME, 'reader']);
    expect(def?.containerDefinitions?.find((x) => x.name === 'reader')?.dependsOn).toContainEqual({ containerName: TOKEN_SIDECAR_NAME, condition: 'HEALTHY' });
    const calls = sent.filter((s) => ['RegisterTaskDefinitionCommand', 'RunTaskCommand', 'StartTaskCommand'].includes(s.command));
    expect(calls.map((s) => s.command)).toEqual(expect.arrayContaining(['RegisterTaskDefinitionCommand', 'RunTaskCommand']));
    // A service account token is a JWT (three base64url parts, the header starting eyJ).
    expect(JSON.stringify(calls)).not.toMatch(/eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/);
  }, 120_000);

  it("delivers the pod's token to its task's session; kubectl lists pods with it until the RoleBinding goes", async () => {
    const task = await runningTaskOf('reader');
    const dir = fs.mkdtempSync(path.join(c.dir, 'volumes-'));
    await runSidecar(task, await assume(DEFAULT_ROLE, taskId(task)), dir);
    const token = fs.readFileSync(path.join(dir, 'kube-api-access', 'token'), 'utf8');
    expect(fs.readFileSync(path.join(dir, 'kube-api-access', 'namespace'), 'utf8')).toBe(NS);
    expect((fs.statSync(path.join(dir, 'kube-api-access', 'token')).mode & 0o777).toString(8)).toBe('644');
    expect(fs.readdirSync(path.join(dir, 'kube-api-access')).sort()).toEqual(['namespace', 'token']);
    const whoami = JSON.parse((await c.kubectl(['auth', 'whoami', '-o', 'json', '--token', token])).stdout) as { status: { userInfo: { username: string; extra: Record<string, string[]> } } };
    expect(whoami.status.userInfo.username).toBe('system:serviceaccount:default:reader');
    expect(whoami.status.userInfo.extra['authentication.kubernetes.io/pod-name']).toEqual(['reader']);
    expect((await c.kubectl(['get', 'pods', '--token', token, '-o', 'name'])).stdout).toContain('pod/reader');
    await c.kubectl(['delete', 'rolebinding', 'reader-pods']);
    // The RBAC cache's bound: a removed binding takes effect within seconds.
    await eventually(async () => (await c.kubectl(['get', 'pods', '--token', token], { allowFail: true })).code !== 0, 60_000);
    const denied = await c.kubectl(['get', 'pods', '--token', token], { allowFail: true });
    expect(denied.stderr.trim()).toBe('Error from server (Forbidden): pods is forbidden: User "system:serviceaccount:default:reader" cannot list resource "pods" in API group "" in the namespace "default"');
  }, 240_000);

  it('refuses a session named after no task, a wrong role, and a deleted pod with a bare 401', async () => {
    const task = await runningTaskOf('reader');
    expect(await post(await assume(DEFAULT_ROLE, '00000000000000000000000000000000'))).toEqual(UNAUTHORIZED);
    expect(await post(await assume(`arn:aws:iam::${ACCOUNT}:role/other`, taskId(task)))).toEqual(UNAUTHORIZED);
    const good = await assume(DEFAULT_ROLE, taskId(task));
    expect((await post(good)).code).toBe('200');
    await c.kubectl(['delete', 'pod', 'reader', '--wait=true', '--timeout=60s']);
    expect(await post(good)).toEqual(UNAUTHORIZED);
  }, 180_000);
});
