import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as yaml from 'js-yaml';
import { readKubeconfigToken, writeKubeconfig } from '../../local/kubeconfig';

const CA = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

/** A kubeconfig as kind writes one: another cluster, user and context, current. */
const KIND_CONFIG = {
  apiVersion: 'v1',
  kind: 'Config',
  clusters: [{ name: 'kind-dev', cluster: { server: 'https://127.0.0.1:40123', 'certificate-authority-data': 'S0lORA==' } }],
  users: [{ name: 'kind-dev', user: { 'client-certificate-data': 'Q0VSVA==', 'client-key-data': 'S0VZ' } }],
  contexts: [{ name: 'kind-dev', context: { cluster: 'kind-dev', user: 'kind-dev' } }],
  'current-context': 'kind-dev',
  preferences: { colors: true },
};

describe('writeKubeconfig', () => {
  let dir: string;
  let file: string;
  const load = () => yaml.load(fs.readFileSync(file, 'utf8')) as typeof KIND_CONFIG;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skiff-kubeconfig-'));
    file = path.join(dir, 'nested', 'config');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes a new kubeconfig with only Skiff in it, readable by its owner only', () => {
    writeKubeconfig(file, 'https://127.0.0.1:6443', CA, 'tok-1');
    const config = load();
    expect(config.clusters).toEqual([{ name: 'skiff', cluster: { server: 'https://127.0.0.1:6443', 'certificate-authority-data': Buffer.from(CA).toString('base64') } }]);
    expect(config.users).toEqual([{ name: 'skiff-admin', user: { token: 'tok-1' } }]);
    expect(config.contexts).toEqual([{ name: 'skiff', context: { cluster: 'skiff', user: 'skiff-admin', namespace: 'default' } }]);
    expect(config['current-context']).toBe('skiff');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it("merges into an existing kubeconfig, keeping the other contexts and switching to Skiff's", () => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, yaml.dump(KIND_CONFIG));
    writeKubeconfig(file, 'https://127.0.0.1:6443', CA, 'tok-1');
    const config = load();
    expect(config.clusters.map((c) => c.name)).toEqual(['kind-dev', 'skiff']);
    expect(config.users.map((u) => u.name)).toEqual(['kind-dev', 'skiff-admin']);
    expect(config.contexts.map((c) => c.name)).toEqual(['kind-dev', 'skiff']);
    expect(config.clusters[0]).toEqual(KIND_CONFIG.clusters[0]);
    expect(config.users[0]).toEqual(KIND_CONFIG.users[0]);
    expect(config['current-context']).toBe('skiff');
    expect(config.preferences).toEqual({ colors: true });
  });

  it("replaces Skiff's own entries in place on the next start instead of adding more", () => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, yaml.dump(KIND_CONFIG));
    writeKubeconfig(file, 'https://127.0.0.1:6443', CA, 'tok-1');
    writeKubeconfig(file, 'https://127.0.0.1:7443', CA, 'tok-2');
    const config = load();
    expect(config.clusters.map((c) => c.name)).toEqual(['kind-dev', 'skiff']);
    expect(config.users.map((u) => u.name)).toEqual(['kind-dev', 'skiff-admin']);
    expect((config.clusters[1].cluster as { server: string }).server).toBe('https://127.0.0.1:7443');
    expect(readKubeconfigToken(file)).toBe('tok-2');
  });

  it('refuses to overwrite a file that is not a kubeconfig', () => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, 'clusters: not-a-list\n');
    expect(() => writeKubeconfig(file, 'https://127.0.0.1:6443', CA, 'tok-1')).toThrow(/is not a kubeconfig/);
    expect(fs.readFileSync(file, 'utf8')).toBe('clusters: not-a-list\n');
  });
});

describe('readKubeconfigToken', () => {
  it("reads the token from Skiff's own user entry, not the first user", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skiff-kubeconfig-'));
    const file = path.join(dir, 'config');
    const config = { ...KIND_CONFIG, users: [{ name: 'other', user: { token: 'not-skiff' } }, { name: 'skiff-admin', user: { token: 'tok-skiff' } }] };
    fs.writeFileSync(file, yaml.dump(config));
    expect(readKubeconfigToken(file)).toBe('tok-skiff');
    fs.writeFileSync(file, yaml.dump(KIND_CONFIG));
    expect(readKubeconfigToken(file)).toBeUndefined();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
