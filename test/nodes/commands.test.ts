import { imageIdOf, exitCodeOf, normalizeImage } from '../../shared/nodes/simulated/commands';
import { goDuration, restartDelayMs } from '../../shared/nodes/simulated/backoff';

describe('exitCodeOf', () => {
  it.each<[string, { command?: string[]; args?: string[] }, number | undefined]>([
    ['true', { command: ['true'] }, 0],
    ['/bin/true', { command: ['/bin/true'] }, 0],
    ['false', { command: ['false'] }, 1],
    ['sh -c exit N as argv', { command: ['sh', '-c', 'exit 3'] }, 3],
    ['/bin/sh -c exit N split over args', { command: ['/bin/sh'], args: ['-c', 'exit', '7'] }, 7],
    ["one string with single quotes", { command: ["sh -c 'exit 2'"] }, 2],
    ['one string with double quotes', { command: ['sh -c "exit 4"'] }, 4],
    ['bash -c exit without code', { command: ['bash', '-c', 'exit'] }, 0],
    ['exit codes wrap at 256', { command: ['sh', '-c', 'exit 257'] }, 1],
    ['sh -c true', { command: ['sh', '-c', 'true'] }, 0],
    ['sleep keeps running', { command: ['sleep', '3600'] }, undefined],
    ['simple commands, then exit N', { command: ['sh', '-c', 'echo hi; exit 1'] }, 1],
    ['simple commands end with 0', { command: ['sh', '-c', 'echo start && date'] }, 0],
    ['a script that sleeps keeps running', { command: ['sh', '-c', 'echo hi; sleep 3600'] }, undefined],
    ['echo alone', { command: ['echo', 'hello'] }, 0],
    ["perl's one-liner (kubectl create job pi)", { command: ['perl', '-e', 'print 1'] }, 0],
    ['perl -Mbignum=bpi -wle', { command: ['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)'] }, 0],
    ['python3 -c with sys.exit(N)', { command: ['python3', '-c', 'import sys; sys.exit(2)'] }, 2],
    ['an interpreter looping keeps running', { command: ['python3', '-c', 'while True: pass'] }, undefined],
    ['no command (the image entrypoint) keeps running', {}, undefined],
  ])('%s', (_, container, expected) => {
    expect(exitCodeOf(container)).toBe(expected);
  });
});

describe('normalizeImage', () => {
  it.each([
    ['nginx', 'docker.io/library/nginx', 'docker.io/library/nginx:latest'],
    ['nginx:1.27', 'docker.io/library/nginx', 'docker.io/library/nginx:1.27'],
    ['bitnami/redis:7', 'docker.io/bitnami/redis', 'docker.io/bitnami/redis:7'],
    ['registry.k8s.io/pause:3.10', 'registry.k8s.io/pause', 'registry.k8s.io/pause:3.10'],
    ['localhost:5000/app', 'localhost:5000/app', 'localhost:5000/app:latest'],
    ['nginx@sha256:abc', 'docker.io/library/nginx', 'docker.io/library/nginx@sha256:abc'],
  ])('%s is %s', (image, repository, reference) => {
    expect(normalizeImage(image)).toMatchObject({ repository, reference });
  });

  it('derives a stable digest per image, and keeps a given one', () => {
    expect(imageIdOf('nginx')).toBe(imageIdOf('docker.io/library/nginx:latest'));
    expect(imageIdOf('nginx')).not.toBe(imageIdOf('nginx:1.27'));
    expect(imageIdOf('nginx')).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
    expect(imageIdOf('nginx@sha256:abc')).toBe('docker.io/library/nginx@sha256:abc');
  });
});

describe('restartDelayMs', () => {
  const backoff = { initialMs: 10_000, maxMs: 300_000 };
  it.each([
    [1, 0],
    [2, 10_000],
    [3, 20_000],
    [4, 40_000],
    [7, 300_000],
    [20, 300_000],
  ])('after %i failures waits %i ms', (failures, ms) => {
    expect(restartDelayMs(failures, backoff)).toBe(ms);
  });
});

describe('goDuration', () => {
  it.each([
    [200, '200ms'],
    [10_000, '10s'],
    [80_000, '1m20s'],
    [300_000, '5m0s'],
    [1_500, '1.5s'],
  ])('%i ms prints as %s', (ms, text) => {
    expect(goDuration(ms)).toBe(text);
  });
});
