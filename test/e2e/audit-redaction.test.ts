import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { apiClient } from '../support/http';
import { startCluster, TestCluster } from '../support/cluster';

/**
 * Audit logs never hold Secret data, token values or Authorization headers, even under a policy
 * that asks for every request and response body: real kubectl writes and reads them, and the audit
 * log file is searched for every sensitive value in each form it travels in (text, base64).
 */
describe('audit redaction', () => {
  let c: TestCluster;
  let api: ReturnType<typeof apiClient>;
  let logFile: string;
  const secretValue = `s3cr3t-${randomBytes(12).toString('hex')}`;
  const configValue = `visible-${randomBytes(12).toString('hex')}`;
  const log = () => fs.readFileSync(logFile, 'utf8');
  const events = () => log().trim().split('\n').map((l) => JSON.parse(l) as { requestURI: string; objectRef?: { resource?: string; subresource?: string }; level: string; stage: string });

  beforeAll(async () => {
    const dir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'skiff-audit-'));
    const policy = path.join(dir, 'policy.yaml');
    logFile = path.join(dir, 'audit.log');
    fs.writeFileSync(policy, 'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n- level: RequestResponse\n');
    c = await startCluster({ auditPolicyFile: policy, auditLogPath: logFile });
    api = apiClient(c.runner.kubeconfig);
  }, 180_000);
  afterAll(async () => {
    api?.agent.destroy();
    await c?.stop();
  });

  it('records bodies the policy asks for, but no Secret value, token or Authorization header', async () => {
    await c.kubectl(['create', 'configmap', 'plain', `--from-literal=value=${configValue}`]);
    await c.kubectl(['create', 'secret', 'generic', 'creds', `--from-literal=password=${secretValue}`]);
    await c.kubectl(['apply', '-f', '-'], { input: `apiVersion: v1\nkind: Secret\nmetadata: { name: applied }\nstringData: { password: "${secretValue}-applied" }\n` });
    await c.kubectl(['get', 'secret', 'creds', 'applied', '-o', 'yaml']);
    await c.kubectl(['get', 'secrets', '-A', '-o', 'json']);
    await c.kubectl(['patch', 'secret', 'creds', '-p', JSON.stringify({ stringData: { password: `${secretValue}-patched` } })]);
    await c.kubectl(['create', 'serviceaccount', 'robot']);
    const saToken = (await c.kubectl(['create', 'token', 'robot'])).stdout.trim();
    await c.kubectl(['create', '-f', '-', '-o', 'json'], { input: JSON.stringify({ apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token: saToken } }) });
    await c.kubectl(['auth', 'whoami', '--token', saToken]);
    await c.kubectl(['get', 'pods', '--token', 'not-a-real-token-but-still-a-secret'], { allowFail: true });
    // A token in the query string authenticates nobody, and is masked in requestURI.
    await api.request('GET', `/api/v1/namespaces?access_token=${encodeURIComponent(saToken)}`, undefined, {}, false);

    // Events are written before each response is sent, so all are in the file now.
    expect(events().some((e) => e.objectRef?.subresource === 'token')).toBe(true);
    const text = log();
    // The policy was applied: a ConfigMap's body is there, so the search below could find things.
    expect(text).toContain(configValue);
    expect(events().filter((e) => e.objectRef?.resource === 'configmaps').map((e) => e.level)).toContain('RequestResponse');
    const forbidden = [
      ['Secret value', secretValue],
      ['Secret value, base64', Buffer.from(secretValue).toString('base64')],
      ['applied Secret value, base64', Buffer.from(`${secretValue}-applied`).toString('base64')],
      ['patched Secret value, base64', Buffer.from(`${secretValue}-patched`).toString('base64')],
      ['service account token', saToken],
      ['service account token signature', saToken.split('.')[2]],
      ['admin token', api.token],
      ['bad token', 'not-a-real-token-but-still-a-secret'],
    ].map(([what, value]): [string, RegExp] => [what, new RegExp(value.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'), 'i')]);
    // Any credential after "Bearer" (OpenAPI's prose "bearer token" is not one), any header named authorization.
    forbidden.push(['Authorization header value', /bearer\s+[\w.~+/-]{8,}/i], ['authorization header key', /"authorization"\s*:/i]);
    for (const [what, pattern] of forbidden) {
      const at = text.search(pattern);
      expect({ what, found: at < 0 ? false : text.slice(Math.max(0, at - 300), at + 80) }).toEqual({ what, found: false });
    }
    // Secrets, TokenRequests and TokenReviews are at Metadata whatever the policy says.
    const sensitive = events().filter((e) => e.objectRef?.resource === 'secrets' || e.objectRef?.subresource === 'token' || e.objectRef?.resource === 'tokenreviews');
    expect(sensitive.length).toBeGreaterThanOrEqual(6);
    expect(new Set(sensitive.map((e) => e.level))).toEqual(new Set(['Metadata']));
    expect(events().find((e) => e.requestURI.includes('access_token'))?.requestURI).toBe('/api/v1/namespaces?access_token=%3Cmasked%3E');
  }, 240_000);
});
