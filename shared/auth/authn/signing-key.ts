import { createECDH, createHash, createPrivateKey, createPublicKey, KeyObject } from 'node:crypto';

/**
 * The cluster's service-account signing key: an ES256 (P-256) key derived from a random seed that
 * only the server side holds (the table locally, Secrets Manager on AWS). Deriving it means every
 * API server instance arrives at the same key from the same seed without a key ever being written
 * by one of them; node:crypto's ECDH computes the public point of the derived scalar.
 */
export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** Upstream's key id: the unpadded base64url sha256 of the public key's PKIX DER. */
  kid: string;
}

/** The order of the P-256 group: a private scalar is in [1, N-1]. */
const P256_N = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551');

export function signingKeyFromSeed(seed: string): SigningKey {
  if (seed.length < 32) throw new Error('service account signing seed is too short (32 characters at least)');
  for (let counter = 0; ; counter++) {
    const d = createHash('sha256').update(`skiff-sa-signing-key/${counter}/`).update(seed).digest();
    const n = BigInt(`0x${d.toString('hex')}`);
    if (n === 0n || n >= P256_N) continue;
    const ecdh = createECDH('prime256v1');
    ecdh.setPrivateKey(d);
    const point = ecdh.getPublicKey(); // 0x04 || x || y
    const x = point.subarray(1, 33).toString('base64url');
    const y = point.subarray(33, 65).toString('base64url');
    const privateKey = createPrivateKey({ key: { kty: 'EC', crv: 'P-256', x, y, d: d.toString('base64url') }, format: 'jwk' });
    const publicKey = createPublicKey(privateKey);
    return { privateKey, publicKey, kid: keyIdOf(publicKey) };
  }
}

export function keyIdOf(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('base64url');
}
