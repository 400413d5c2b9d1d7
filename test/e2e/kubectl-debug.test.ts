import { eventually, startCluster, TestCluster } from '../support/cluster';

const SIM = '[skiff simulated runtime]';
const TARGETING = `Targeting container "web". If you don't see processes from this container it may be because the container runtime doesn't support this feature.`;

/** `kubectl debug` with the real kubectl against a simulated node: ephemeral containers, pod copies and node debugging. */
describe('kubectl debug on simulated nodes', () => {
  let c: TestCluster;
  const get = async (name: string, jsonpath: string) => (await c.kubectl(['get', 'pod', name, '-o', `jsonpath=${jsonpath}`])).stdout;

  beforeAll(async () => {
    c = await startCluster({ nodes: 1 });
    await c.kubectl(['run', 'web', '--image=nginx:1.27']);
    await eventually(async () => (await get('web', '{.status.phase}')) === 'Running');
  });
  afterAll(async () => c?.stop());

  it('adds an ephemeral container targeting a container through pods/ephemeralcontainers', async () => {
    const out = await c.kubectl(['debug', 'web', '--image=busybox', '--target=web', '-c', 'debugger']);
    expect(out.stdout).toBe(`${TARGETING}\n`);
    expect(await get('web', '{.spec.ephemeralContainers[*].name} {.spec.ephemeralContainers[0].image} {.spec.ephemeralContainers[0].targetContainerName}')).toBe('debugger busybox web');
    // The pod's own containers are untouched and keep running.
    expect(await get('web', '{.spec.containers[*].name} {.status.containerStatuses[0].restartCount}')).toBe('web 0');
  });

  it('runs it: its status shows in the pod as the kubelet reports an ephemeral container', async () => {
    await eventually(async () => (await get('web', '{.status.ephemeralContainerStatuses[0].state.running.startedAt}')) !== '');
    const status = JSON.parse(await get('web', '{.status.ephemeralContainerStatuses[0]}'));
    expect(status).toMatchObject({ name: 'debugger', ready: false, restartCount: 0, image: 'docker.io/library/busybox:latest', containerID: expect.stringMatching(/^skiff-sim:\/\/[0-9a-f]{64}$/) });
    const described = (await c.kubectl(['describe', 'pod', 'web'])).stdout;
    expect(described).toMatch(/Ephemeral Containers:\n {2}debugger:\n {4}Container ID: +skiff-sim:\/\/[0-9a-f]{64}\n {4}Image: +busybox\n/);
    expect(described).toMatch(/Ephemeral Containers:[\s\S]*State: +Running/);
  });

  it('reads its log with kubectl logs -c', async () => {
    const out = await c.kubectl(['logs', 'web', '-c', 'debugger']);
    expect(out.stdout).toBe(
      `${SIM} started ephemeral container "debugger": image docker.io/library/busybox:latest, the image's default command, targeting container "web"; the command does not really run, in this simulation it runs until the pod ends\n`,
    );
    const missing = await c.kubectl(['logs', 'web', '-c', 'nope'], { allowFail: true });
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('container nope is not valid for pod web');
  });

  it('refuses a target container the pod does not have, with upstream field path', async () => {
    const out = await c.kubectl(['debug', 'web', '--image=busybox', '--target=nope', '-c', 'd2'], { allowFail: true });
    expect(out.code).not.toBe(0);
    expect(out.stderr).toContain('The Pod "web" is invalid: spec.ephemeralContainers[1].targetContainerName: Not found: "nope"');
    expect(await get('web', '{.spec.ephemeralContainers[*].name}')).toBe('debugger');
  });

  it('generates a name when -c is not given, as kubectl does', async () => {
    const out = await c.kubectl(['debug', 'web', '--image=busybox']);
    const name = /Defaulting debug container name to (debugger-[a-z0-9]{5})\./.exec(out.stdout)?.[1];
    expect(name).toBeDefined();
    expect(await get('web', '{.spec.ephemeralContainers[*].name}')).toBe(`debugger ${name}`);
    await eventually(async () => (await get('web', '{.status.ephemeralContainerStatuses[*].name}')) === `debugger ${name}`);
  });

  it('debugs a copy of the pod with --copy-to', async () => {
    await c.kubectl(['debug', 'web', '--image=busybox', '--copy-to=web-copy', '-c', 'debugger', '--', 'sleep', '1d']);
    expect(await get('web-copy', '{.spec.containers[*].name} {.spec.containers[1].command}')).toBe('web debugger ["sleep","1d"]');
    await eventually(async () => (await get('web-copy', '{.status.phase}')) === 'Running');
    expect((await c.kubectl(['logs', 'web-copy', '-c', 'debugger'])).stdout).toContain('started container "debugger": image docker.io/library/busybox:latest, command ["sleep","1d"]');
  });

  it('debugs a node with a pod on it in the host namespaces', async () => {
    const out = await c.kubectl(['debug', 'node/skiff-worker-1', '--image=busybox', '--profile=general']);
    const name = /Creating debugging pod (node-debugger-skiff-worker-1-[a-z0-9]{5}) with container debugger on node skiff-worker-1\./.exec(out.stdout)?.[1];
    expect(name).toBeDefined();
    expect(await get(String(name), '{.spec.nodeName} {.spec.hostPID} {.spec.hostNetwork} {.spec.volumes[0].hostPath.path}')).toBe('skiff-worker-1 true true /');
    await eventually(async () => (await get(String(name), '{.status.phase}')) === 'Running');
  });

  it('falls back to the log with -i, as kubectl does when attach is not offered', async () => {
    const out = await c.kubectl(['debug', 'web', '--image=busybox', '-i', '-c', 'shell', '--', 'sh'], { input: 'echo hi\n' });
    expect(out.stderr).toContain(`warning: couldn't attach to pod/web, falling back to streaming logs: attach is not supported yet for pods on simulated nodes (no container runs there): pod "web" runs on node "skiff-worker-1"`);
    expect(out.stdout).toBe(`${SIM} started ephemeral container "shell": image docker.io/library/busybox:latest, command ["sh"]; the command does not really run, in this simulation it runs until the pod ends\n`);
  });
});
