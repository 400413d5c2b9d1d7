import { checkPresignedUrl } from '../../../shared/auth/authn/aws-iam-url';
import { mapIdentity } from '../../../shared/auth/authn/aws-auth-map';

const NOW = Date.UTC(2026, 11, 2, 1, 0, 0);
const DATE = '20261202T010000Z';
const q = (extra = '') =>
  `Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20261202%2Fus-east-1%2Fsts%2Faws4_request&X-Amz-Date=${DATE}&X-Amz-Expires=60&X-Amz-SignedHeaders=host%3Bx-k8s-aws-id&X-Amz-Signature=ab${extra}`;
const tok = (url: string) => `k8s-aws-v1.${Buffer.from(url).toString('base64url')}`;

describe('IAM token URL checks', () => {
  it.each([
    ['global STS host', tok(`https://sts.amazonaws.com/?${q()}`), NOW, undefined],
    ['regional STS host', tok(`https://sts.eu-west-1.amazonaws.com/?${q()}`), NOW, undefined],
    ['other host', tok(`https://evil.example.com/?${q()}`), NOW, 'unexpected hostname "evil.example.com" in pre-signed URL'],
    ['lookalike host', tok(`https://sts.amazonaws.com.evil.io/?${q()}`), NOW, 'unexpected hostname "sts.amazonaws.com.evil.io" in pre-signed URL'],
    ['plain http', tok(`http://sts.amazonaws.com/?${q()}`), NOW, 'unexpected hostname "sts.amazonaws.com" in pre-signed URL'],
    ['another action', tok(`https://sts.amazonaws.com/?${q().replace('GetCallerIdentity', 'AssumeRole')}`), NOW, 'unexpected action parameter in pre-signed URL'],
    ['extra parameter', tok(`https://sts.amazonaws.com/?${q()}&RoleArn=x`), NOW, 'non-whitelisted query parameter "RoleArn"'],
    ['duplicate parameter', tok(`https://sts.amazonaws.com/?${q()}&action=GetCallerIdentity`), NOW, 'duplicate query parameter found: "action"'],
    ['cluster header unsigned', tok(`https://sts.amazonaws.com/?${q().replace('host%3Bx-k8s-aws-id', 'host')}`), NOW, 'client did not sign the x-k8s-aws-id header in the pre-signed URL'],
    ['older than 15 minutes', tok(`https://sts.amazonaws.com/?${q()}`), NOW + 15 * 60 * 1000 + 1, 'X-Amz-Date parameter is expired (15 minute expiration)'],
    ['no prefix', 'abc', NOW, 'token is missing expected "k8s-aws-v1." prefix'],
    ['bad base64', 'k8s-aws-v1.***', NOW, 'illegal base64 data in token'],
  ])('%s', (_n, token, now, reason) => {
    const r = checkPresignedUrl(token, { nowMs: now });
    if (reason) expect(r).toEqual({ ok: false, reason });
    else expect(r.ok).toBe(true);
  });

  it('accepts a configured endpoint (an emulator) and STS hosts, sent to that endpoint', () => {
    expect(checkPresignedUrl(tok(`http://127.0.0.1:4566/?${q()}`), { nowMs: NOW, endpoint: 'http://127.0.0.1:4566' }).ok).toBe(true);
    expect(checkPresignedUrl(tok(`http://127.0.0.1:9999/?${q()}`), { nowMs: NOW, endpoint: 'http://127.0.0.1:4566' }).ok).toBe(false);
    // A token presigned for AWS's STS (a CLI without AWS_ENDPOINT_URL_STS) is sent to the configured endpoint.
    const aws = checkPresignedUrl(tok(`https://sts.us-east-1.amazonaws.com/?${q()}`), { nowMs: NOW, endpoint: 'http://127.0.0.1:4566' });
    expect(aws.ok && aws.url.origin).toBe('http://127.0.0.1:4566');
    expect(checkPresignedUrl(tok(`https://evil.example.com/?${q()}`), { nowMs: NOW, endpoint: 'http://127.0.0.1:4566' }).ok).toBe(false);
  });
});

describe('aws-auth mapping', () => {
  const data = {
    mapRoles: '- rolearn: arn:aws:iam::111122223333:role/path/Dev\n  username: dev:{{SessionName}}\n  groups: [developers]\n',
    mapUsers: '- userarn: arn:aws:iam::111122223333:user/alice\n  username: alice\n  groups: [system:masters]\n',
  };
  it('maps an assumed role through its canonical ARN, with upstream templates', () => {
    const u = mapIdentity(data, { arn: 'arn:aws:sts::111122223333:assumed-role/Dev/bob@example.com', account: '111122223333', userId: 'AROA:bob' }, 'ASIA1');
    expect(u).toMatchObject({ username: 'dev:bob-example.com', groups: ['developers', 'system:authenticated'], extra: { canonicalArn: ['arn:aws:iam::111122223333:role/Dev'], sessionName: ['bob@example.com'] } });
  });
  it('maps a user and refuses what is not mapped', () => {
    expect(mapIdentity(data, { arn: 'arn:aws:iam::111122223333:user/alice', account: '111122223333', userId: 'AIDA' }, 'AKIA')?.username).toBe('alice');
    expect(mapIdentity(data, { arn: 'arn:aws:iam::111122223333:user/mallory', account: '111122223333', userId: 'AIDB' }, 'AKIA')).toBeUndefined();
  });
});
