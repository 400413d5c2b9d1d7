import { execFileSync } from 'node:child_process';

const hasAwsCli = (): boolean => {
  try {
    execFileSync('aws', ['--version'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
};

/**
 * The AWS CLI (v1 or v2), which the `skiff-token` sidecar's script runs. Missing on a fresh Debian
 * machine, it is installed from Debian's own `awscli` package when the tests run as root, as the
 * emulator's dependencies are; otherwise the suite fails and says how to get it.
 */
export function ensureAwsCli(): void {
  if (hasAwsCli()) return;
  if (process.getuid?.() === 0) {
    try {
      execFileSync('sh', ['-c', 'apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends awscli >/dev/null'], { stdio: 'inherit' });
    } catch {
      /* reported below */
    }
    if (hasAwsCli()) return;
  }
  throw new Error('the `aws` CLI is not on PATH: install it (Debian: apt-get install awscli; or pip install awscli, or AWS CLI v2 from https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html) to run the skiff-token sidecar script');
}
