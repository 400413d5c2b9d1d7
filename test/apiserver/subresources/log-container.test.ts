import { ApiError } from '../../../shared/api/errors';
import { Pod } from '../../../shared/api/types';
import { logContainerID, logContainerName, runIsLive } from '../../../shared/apiserver/subresources/log-container';

const pod = (names: string[], statuses: Pod['status'] = {}, init: string[] = []): Pod => ({
  metadata: { name: 'web', namespace: 'default' },
  spec: { containers: names.map((name) => ({ name, image: 'nginx' })), initContainers: init.map((name) => ({ name, image: 'busybox' })) },
  status: statuses,
});

function message(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiError && err.code === 400) return err.message;
    throw err;
  }
  throw new Error('no error');
}

describe('logContainerName', () => {
  it('picks the only container', () => {
    expect(logContainerName(pod(['app']), undefined)).toBe('app');
  });

  it('asks for a name when there are several, listing init containers too', () => {
    expect(message(() => logContainerName(pod(['a', 'b'], {}, ['setup']), undefined))).toBe(
      'a container name must be specified for pod web, choose one of: [setup a b]',
    );
  });

  it('refuses a name the pod does not have', () => {
    expect(message(() => logContainerName(pod(['a']), 'zzz'))).toBe('container zzz is not valid for pod web');
  });
});

describe('logContainerID', () => {
  const status = (s: NonNullable<Pod['status']>['containerStatuses']) => pod(['app'], { containerStatuses: s });
  const base = { name: 'app', ready: false, restartCount: 1, image: 'nginx', imageID: '' };

  it.each<[string, Pod, boolean, string]>([
    ['the running run', status([{ ...base, containerID: 'x://2', state: { running: {} }, lastState: { terminated: { exitCode: 1, containerID: 'x://1' } } }]), false, 'x://2'],
    ['the run before with previous', status([{ ...base, containerID: 'x://2', state: { running: {} }, lastState: { terminated: { exitCode: 1, containerID: 'x://1' } } }]), true, 'x://1'],
    ['the terminated run', status([{ ...base, containerID: 'x://3', state: { terminated: { exitCode: 0, containerID: 'x://3' } } }]), false, 'x://3'],
    ['the last run while in back-off', status([{ ...base, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1, containerID: 'x://1' } } }]), false, 'x://1'],
  ])('reads %s', (_name, p, previous, id) => {
    expect(logContainerID(p, 'app', previous)).toBe(id);
  });

  it.each<[string, Pod, boolean, string]>([
    ['waiting', status([{ ...base, state: { waiting: { reason: 'ContainerCreating' } } }]), false, 'container "app" in pod "web" is waiting to start: ContainerCreating'],
    ['no previous run', status([{ ...base, containerID: 'x://1', state: { running: {} } }]), true, 'previous terminated container "app" in pod "web" not found'],
    ['no status yet', pod(['app']), false, 'container "app" in pod "web" is not available'],
  ])('explains as the kubelet does when %s', (_name, p, previous, text) => {
    expect(message(() => logContainerID(p, 'app', previous))).toBe(text);
  });
});

describe('runIsLive', () => {
  it('is true only while that very run is running', () => {
    const p = pod(['app'], { containerStatuses: [{ name: 'app', ready: true, restartCount: 0, image: 'i', imageID: '', containerID: 'x://1', state: { running: {} } }] });
    expect(runIsLive(p, 'app', 'x://1')).toBe(true);
    expect(runIsLive(p, 'app', 'x://0')).toBe(false);
    expect(runIsLive(undefined, 'app', 'x://1')).toBe(false);
  });
});
