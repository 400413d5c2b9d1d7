import fs from 'node:fs';
import path from 'node:path';
import { AuditPolicy, DEFAULT_POLICY, parsePolicy } from '../shared/auth/audit/policy';

/**
 * The runner's audit backend, as kube-apiserver's --audit-log-path and --audit-policy-file: one
 * JSON event a line appended to a file, or (`-`) through the process's structured log.
 */
export function auditPolicyOf(policyFile: string | undefined, logPath: string): AuditPolicy {
  const policy = policyFile ? parsePolicy(fs.readFileSync(policyFile, 'utf8')) : DEFAULT_POLICY;
  if (logPath === '-') return policy;
  fs.mkdirSync(path.dirname(path.resolve(logPath)), { recursive: true });
  const fd = fs.openSync(logPath, 'a', 0o600);
  return { ...policy, write: (event) => fs.writeSync(fd, `${JSON.stringify(event)}\n`) };
}
