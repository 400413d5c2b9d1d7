import { createHash, createHmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, Checksum, SourceData } from '@smithy/types';
import { CLUSTER_ID_HEADER, TOKEN_PREFIX } from './aws-iam-url';

/**
 * An EKS-style token, as `aws eks get-token` makes it: an STS GetCallerIdentity request presigned
 * (SigV4, 60 s) with the cluster's name in the signed `x-k8s-aws-id` header, base64url without
 * padding after `k8s-aws-v1.`. The client side of IAM sign-in (scripts/token.ts, tests).
 */
class Sha256 implements Checksum {
  private readonly h;
  constructor(secret?: SourceData) {
    this.h = secret ? createHmac('sha256', toBuffer(secret)) : createHash('sha256');
  }
  update(data: Uint8Array): void {
    this.h.update(data);
  }
  async digest(): Promise<Uint8Array> {
    return this.h.digest();
  }
  reset(): void {
    throw new Error('not resettable');
  }
}

const toBuffer = (d: SourceData): Buffer => (typeof d === 'string' ? Buffer.from(d) : Buffer.from(d instanceof ArrayBuffer ? new Uint8Array(d) : new Uint8Array(d.buffer, d.byteOffset, d.byteLength)));

export interface TokenOptions {
  clusterId: string;
  region: string;
  credentials: AwsCredentialIdentity;
  /** STS endpoint (an emulator); AWS's regional one by default. */
  endpoint?: string;
  now?: Date;
}

export async function eksToken(o: TokenOptions): Promise<{ token: string; expirationTimestamp: string }> {
  const base = new URL(o.endpoint ?? `https://sts.${o.region}.amazonaws.com/`);
  const signer = new SignatureV4({ service: 'sts', region: o.region, credentials: o.credentials, sha256: Sha256 });
  const signed = await signer.presign(
    {
      method: 'GET',
      protocol: base.protocol,
      hostname: base.hostname,
      port: base.port ? Number(base.port) : undefined,
      path: '/',
      query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
      headers: { host: base.host, [CLUSTER_ID_HEADER]: o.clusterId },
    },
    { expiresIn: 60, signingDate: o.now },
  );
  const query = new URLSearchParams(Object.entries(signed.query ?? {}).map(([k, v]): [string, string] => [k, String(v)])).toString();
  const url = `${base.protocol}//${base.host}/?${query}`;
  // aws-iam-authenticator's clients report expiry 14 minutes after signing (a minute short of the server's 15).
  const expires = new Date((o.now ?? new Date()).getTime() + 14 * 60 * 1000);
  return { token: `${TOKEN_PREFIX}${Buffer.from(url).toString('base64url')}`, expirationTimestamp: expires.toISOString().replace(/\.\d+Z$/, 'Z') };
}
