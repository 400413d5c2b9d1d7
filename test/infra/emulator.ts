import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { deflateRawSync } from 'node:zlib';

/** The parts of a synthesized CloudFormation template the smoke test reads. */
export interface Template {
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
  Outputs?: Record<string, { Value: unknown; Description?: string }>;
  [key: string]: unknown;
}

/**
 * Types the emulator's CloudFormation does not model: it marks them CREATE_COMPLETE without
 * creating anything, and fails on an Output that reads one of their attributes.
 */
export const EMULATOR_UNSUPPORTED_TYPES = new Set([
  'AWS::ApiGatewayV2::Api', 'AWS::ApiGatewayV2::Integration', 'AWS::ApiGatewayV2::Route', 'AWS::ApiGatewayV2::Stage',
  'AWS::Lambda::Url', 'AWS::Scheduler::Schedule', 'AWS::SQS::QueuePolicy',
]);

/** The logical ids an expression refers to (Ref, Fn::GetAtt), however deeply nested. */
function referencedIds(value: unknown): string[] {
  if (!value || typeof value !== 'object') return [];
  if (Array.isArray(value)) return value.flatMap(referencedIds);
  const o = value as Record<string, unknown>;
  if (typeof o.Ref === 'string') return [o.Ref];
  if (Array.isArray(o['Fn::GetAtt'])) return [String(o['Fn::GetAtt'][0])];
  return Object.values(o).flatMap(referencedIds);
}

/** The template without exactly the Outputs that read an unsupported resource, and which those were. */
export function outputsForEmulator(template: Template): { template: Template; dropped: { output: string; type: string }[] } {
  const dropped: { output: string; type: string }[] = [];
  const outputs: NonNullable<Template['Outputs']> = {};
  for (const [name, output] of Object.entries(template.Outputs ?? {})) {
    const unsupported = referencedIds(output.Value).map((id) => template.Resources[id]?.Type).find((t) => t && EMULATOR_UNSUPPORTED_TYPES.has(t));
    if (unsupported) dropped.push({ output: name, type: unsupported });
    else outputs[name] = output;
  }
  return { template: { ...template, Outputs: outputs }, dropped };
}

const BOOTSTRAP_QUALIFIER = 'hnb659fds';
export const assetsBucket = (account: string, region: string) => `cdk-${BOOTSTRAP_QUALIFIER}-assets-${account}-${region}`;

/** Requests the emulator routes to S3 (it tells services apart by the credential scope; it checks no signature). */
async function s3(endpoint: string, method: string, key: string, body?: Buffer): Promise<void> {
  const res = await fetch(`${endpoint}/${key}`, {
    method,
    body,
    headers: { authorization: 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0' },
  });
  if (!res.ok) throw new Error(`S3 ${method} /${key}: HTTP ${res.status} ${await res.text()}`);
}

/** What `cdk bootstrap` leaves that a deploy needs: the assets bucket and the bootstrap version parameter. */
export async function bootstrapEmulator(endpoint: string, account: string, region: string): Promise<void> {
  await s3(endpoint, 'PUT', assetsBucket(account, region));
  const ssm = new SSMClient({ endpoint, region, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  await ssm.send(new PutParameterCommand({ Name: `/cdk-bootstrap/${BOOTSTRAP_QUALIFIER}/version`, Value: '21', Type: 'String', Overwrite: true }));
  ssm.destroy();
}

/** A zip holding one small file: the emulator runs no code, but Lambda wants a readable archive. */
function tinyZip(): Buffer {
  const name = Buffer.from('index.js');
  const data = Buffer.from('exports.handler = async () => { throw new Error("the emulator runs no function code"); };\n');
  const packed = deflateRawSync(data);
  const crc = crc32(data);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(8, 8);
  local.writeUInt32LE(crc, 14); local.writeUInt32LE(packed.length, 18); local.writeUInt32LE(data.length, 22); local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6); central.writeUInt16LE(8, 10);
  central.writeUInt32LE(crc, 16); central.writeUInt32LE(packed.length, 20); central.writeUInt32LE(data.length, 24); central.writeUInt16LE(name.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(1, 8); end.writeUInt16LE(1, 10);
  end.writeUInt32LE(46 + name.length, 12); end.writeUInt32LE(30 + name.length + packed.length, 16);
  return Buffer.concat([local, name, packed, central, name, end]);
}

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

/** Puts an object at every function's S3Key, as asset publishing does (here a tiny archive per key). */
export async function publishAssets(endpoint: string, template: Template, account: string, region: string): Promise<void> {
  const zip = tinyZip();
  const keys = new Set<string>();
  for (const r of Object.values(template.Resources)) {
    const code = r.Type === 'AWS::Lambda::Function' ? (r.Properties?.Code as { S3Bucket?: unknown; S3Key?: string }) : undefined;
    if (code?.S3Key) keys.add(code.S3Key);
  }
  const bucket = assetsBucket(account, region);
  for (const key of keys) await s3(endpoint, 'PUT', `${bucket}/${key}`, zip);
}
