import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';

/**
 * Third-party Kubernetes clients the end-to-end suites drive against Skiff: the Python client
 * (Debian's python3-kubernetes, for Debian's own python3) and ruby-kubeclient. `npm run tools`
 * installs them with apt-get when run as root; elsewhere it says what to install.
 */
export const CLIENT_PYTHON = fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
export const CLIENT_RUBY = 'ruby';

const PACKAGES = ['python3-kubernetes', 'ruby-kubeclient'];

export function clientLibrariesReady(): { python: boolean; ruby: boolean } {
  const ok = (bin: string, args: string[]) => spawnSync(bin, args, { stdio: 'ignore' }).status === 0;
  return { python: ok(CLIENT_PYTHON, ['-c', 'import kubernetes']), ruby: ok(CLIENT_RUBY, ['-e', 'require "kubeclient"']) };
}

export function ensureClientLibraries(): void {
  const ready = clientLibrariesReady();
  if (ready.python && ready.ruby) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`The Kubernetes client libraries the e2e suites use are missing. As root on Debian: apt-get install -y ${PACKAGES.join(' ')}`);
  }
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', ...PACKAGES], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

/** For a suite: the libraries must be there (never a silent skip). */
export function requireClientLibraries(): void {
  const ready = clientLibrariesReady();
  const missing = [!ready.python && 'python3-kubernetes', !ready.ruby && 'ruby-kubeclient'].filter(Boolean);
  if (missing.length > 0) throw new Error(`missing ${missing.join(', ')}: run \`npm run tools\` as root (apt-get install -y ${PACKAGES.join(' ')})`);
}
