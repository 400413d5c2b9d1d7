import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readKubeconfig, writeKubeconfigFile } from '../../shared/kubeconfig/file';
import { mergeKubeconfig, userToken } from '../../shared/kubeconfig/merge';

const entries = { clusters: [{ name: 'c', cluster: { server: 'https://s' } }], users: [{ name: 'u', user: { token: 't' } }], contexts: [{ name: 'c', context: { cluster: 'c', user: 'u' } }] };

describe('writeKubeconfigFile', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skiff-kcfile-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes through a symlinked kubeconfig to its target, keeping the link', () => {
    const target = path.join(dir, 'real-config');
    const link = path.join(dir, 'config');
    fs.writeFileSync(target, 'apiVersion: v1\nkind: Config\nclusters: []\nusers: []\ncontexts: []\n');
    fs.symlinkSync(target, link);

    writeKubeconfigFile(link, mergeKubeconfig(readKubeconfig(link), entries, 'c'));

    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(userToken(readKubeconfig(target), 'u')).toBe('t');
    expect(fs.statSync(target).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dir).sort()).toEqual(['config', 'real-config']);
  });

  it.each([
    ['YAML that does not parse', 'clusters: [\n'],
    ['a list', '- a\n'],
    ['clusters that are not named entries', 'clusters:\n- server: x\n'],
  ])('refuses to read %s as a kubeconfig', (_what, text) => {
    const file = path.join(dir, 'config');
    fs.writeFileSync(file, text);
    expect(() => readKubeconfig(file)).toThrow(/is not a kubeconfig/);
  });
});

describe('userToken', () => {
  it("reads the named user's token, not the first user's", () => {
    const config = mergeKubeconfig({ users: [{ name: 'other', user: { token: 'no' } }] }, entries);
    expect(userToken(config, 'u')).toBe('t');
    expect(userToken(config, 'missing')).toBeUndefined();
  });
});
