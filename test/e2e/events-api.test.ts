import { spawn } from 'node:child_process';
import { KUBECTL } from '../../scripts/tools';
import { eventually, startCluster, TestCluster } from '../support/cluster';

/** A MicroTime as Go writes it: six fractional digits. */
const microNow = () => new Date().toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
const REGARDING = { apiVersion: 'v1', kind: 'Pod', name: 'web', namespace: 'default' };
const probeEvent = (name: string, extra: object = {}) =>
  JSON.stringify({
    apiVersion: 'events.k8s.io/v1',
    kind: 'Event',
    metadata: { name, namespace: 'default' },
    eventTime: microNow(),
    reportingController: 'example.com/prober',
    reportingInstance: 'prober-1',
    action: 'Probe',
    reason: 'Probed',
    type: 'Normal',
    note: 'checked web',
    regarding: REGARDING,
    ...extra,
  });

/** events.k8s.io/v1 and core v1 events, one set of stored objects, with the real kubectl. */
describe('events.k8s.io/v1 with kubectl', () => {
  let c: TestCluster;
  const json = async (args: string[]) => JSON.parse((await c.kubectl([...args, '-o', 'json'])).stdout);

  beforeAll(async () => {
    c = await startCluster({ nodes: 1 });
    await c.kubectl(['run', 'web', '--image=nginx:1.27']);
    await eventually(async () => (await c.kubectl(['get', 'pod', 'web', '-o', 'jsonpath={.status.phase}'])).stdout === 'Running');
  });
  afterAll(async () => c?.stop());

  it('shows the events controllers write with kubectl events', async () => {
    const out = (await c.kubectl(['events'])).stdout.split('\n');
    expect(out[0].trim().split(/\s{2,}/)).toEqual(['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE']);
    expect(out).toContainEqual(expect.stringMatching(/^\d+s\s+Normal\s+Scheduled\s+Pod\/web\s+Successfully assigned default\/web to skiff-worker-1$/));
  });

  it('reads a core event written by the scheduler through events.k8s.io/v1, as a table and as yaml', async () => {
    const table = (await c.kubectl(['get', 'events.v1.events.k8s.io'])).stdout.split('\n');
    expect(table[0].trim().split(/\s{2,}/)).toEqual(['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE']);
    expect(table).toContainEqual(expect.stringMatching(/^\d+s\s+Normal\s+Scheduled\s+pod\/web\s+Successfully assigned default\/web to skiff-worker-1$/));
    const yaml = (await c.kubectl(['get', 'events.v1.events.k8s.io', '--field-selector', 'reason=Scheduled', '-o', 'yaml'])).stdout;
    expect(yaml).toContain('- apiVersion: events.k8s.io/v1\n');
    expect(yaml).toContain('  note: Successfully assigned default/web to skiff-worker-1\n');
    expect(yaml).toContain('  reportingController: default-scheduler\n');
    expect(yaml).toMatch(/ {2}deprecatedSource:\n {4}component: default-scheduler\n/);
    expect(yaml).toMatch(/ {2}regarding:\n {4}apiVersion: v1\n {4}kind: Pod\n {4}name: web\n {4}namespace: default\n/);
    expect(yaml).not.toMatch(/^ {2}(message|involvedObject|source|count|firstTimestamp):/m);
  });

  it('stores an event created through events.k8s.io/v1 as the core v1 Event', async () => {
    expect((await c.kubectl(['create', '-f', '-'], { input: probeEvent('probe-1') })).stdout).toBe('event.events.k8s.io/probe-1 created\n');
    const core = await json(['get', 'events', 'probe-1']);
    expect(core).toMatchObject({
      apiVersion: 'v1',
      kind: 'Event',
      involvedObject: REGARDING,
      message: 'checked web',
      reason: 'Probed',
      action: 'Probe',
      reportingComponent: 'example.com/prober',
      reportingInstance: 'prober-1',
      type: 'Normal',
      eventTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/),
    });
    expect(core).not.toHaveProperty('note');
    const listed = (await c.kubectl(['events', '--for', 'pod/web', '--types=Normal'])).stdout;
    expect(listed).toMatch(/\s+Normal\s+Probed\s+Pod\/web\s+checked web\n/);
  });

  it('reads a core v1 Event through events.k8s.io/v1 with the mapped fields', async () => {
    const legacy = { apiVersion: 'v1', kind: 'Event', metadata: { name: 'legacy-1', namespace: 'default' }, involvedObject: REGARDING, reason: 'Pulled', message: 'pulled it', type: 'Normal', count: 3, source: { component: 'kubelet', host: 'skiff-worker-1' }, firstTimestamp: '2026-01-01T00:00:00Z', lastTimestamp: '2026-01-01T00:05:00Z' };
    await c.kubectl(['create', '-f', '-'], { input: JSON.stringify(legacy) });
    const ev = await json(['get', 'events.v1.events.k8s.io', 'legacy-1']);
    expect(ev).toMatchObject({
      apiVersion: 'events.k8s.io/v1',
      regarding: REGARDING,
      note: 'pulled it',
      reason: 'Pulled',
      deprecatedCount: 3,
      deprecatedSource: { component: 'kubelet', host: 'skiff-worker-1' },
      deprecatedFirstTimestamp: '2026-01-01T00:00:00Z',
      deprecatedLastTimestamp: '2026-01-01T00:05:00Z',
    });
    // reportingController is reportingComponent, never the deprecated source, as upstream converts it.
    expect(ev).not.toHaveProperty('reportingController');
    expect(ev).not.toHaveProperty('message');
  });

  it('refuses an invalid events.k8s.io/v1 event with upstream field paths (the v1 fields)', async () => {
    const bad = await c.kubectl(['create', '-f', '-'], { input: probeEvent('bad', { eventTime: undefined, type: 'Odd', deprecatedCount: 3 }), allowFail: true });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toBe('The Event "bad" is invalid: \n* eventTime: Required value\n* type: Invalid value: "": has invalid value: Odd\n* count: Invalid value: "": needs to be unset\n');
    const noController = await c.kubectl(['create', '-f', '-'], { input: probeEvent('bad2', { reportingController: undefined }), allowFail: true });
    // As upstream: required, then the qualified-name checks of the empty value.
    expect(noController.stderr).toContain('The Event "bad2" is invalid: \n* reportingController: Required value\n* reportingController: Invalid value: "": name part must be non-empty\n');
    const changed = await c.kubectl(['patch', 'events.v1.events.k8s.io', 'probe-1', '--type=merge', '-p', '{"note":"changed"}'], { allowFail: true });
    expect(changed.code).not.toBe(0);
    expect(changed.stderr).toContain('message: Invalid value: "changed": field is immutable');
    // Nothing refused was written, and the patched event keeps its note.
    expect((await c.kubectl(['get', 'events', 'bad'], { allowFail: true })).stderr).toContain('Error from server (NotFound): events "bad" not found');
    expect((await json(['get', 'events.v1.events.k8s.io', 'probe-1'])).note).toBe('checked web');
  });

  it('lets an events.k8s.io/v1 update move the series on', async () => {
    const series = { count: 2, lastObservedTime: microNow() };
    await c.kubectl(['patch', 'events.v1.events.k8s.io', 'probe-1', '--type=merge', '-p', JSON.stringify({ series })]);
    expect((await json(['get', 'events.v1.events.k8s.io', 'probe-1'])).series).toEqual(series);
    expect((await json(['get', 'events', 'probe-1'])).series).toEqual(series);
  });

  it('watches events.k8s.io/v1 with kubectl get -w and sees a new controller event', async () => {
    const watch = spawn(KUBECTL, ['get', 'events.v1.events.k8s.io', '-w', '--output-watch-events'], { env: { ...process.env, KUBECONFIG: c.runner.kubeconfig } });
    let out = '';
    watch.stdout.on('data', (d: Buffer) => (out += d.toString()));
    try {
      await eventually(async () => out.includes('Probed'));
      await c.kubectl(['run', 'web2', '--image=nginx:1.27']);
      await eventually(async () => /ADDED\s+\d+s\s+Normal\s+Scheduled\s+pod\/web2\s+Successfully assigned default\/web2 to skiff-worker-1/.test(out));
      expect(out.split('\n')[0].trim().split(/\s{2,}/)).toEqual(['EVENT', 'LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE']);
    } finally {
      watch.kill();
    }
  });
});
