import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';

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
  'AWS::Lambda::Url', 'AWS::Scheduler::Schedule', 'AWS::SQS::QueuePolicy', 'AWS::SecretsManager::Secret',
]);

/**
 * Two more emulator gaps, patched in the copy deployed there and listed by the test: a Ref to an
 * unmodelled resource resolves to nothing (an IAM statement whose only resource it is gets
 * refused), so such Refs become a placeholder ARN; and an all-traffic ingress rule (IpProtocol -1)
 * without ports fails its security group parser, so it gets the ports -1 that AWS accepts too.
 */
export function patchForEmulator(template: Template): { template: Template; patches: string[] } {
  const patches = new Set<string>();
  const unsupported = new Set(Object.entries(template.Resources).filter(([, r]) => EMULATOR_UNSUPPORTED_TYPES.has(r.Type)).map(([id]) => id));
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (!v || typeof v !== 'object') return v;
    const o = v as Record<string, unknown>;
    if (typeof o.Ref === 'string' && unsupported.has(o.Ref)) {
      patches.add(`Ref ${o.Ref} -> placeholder ARN`);
      return `arn:aws:emulator:us-east-1:123456789012:unmodelled/${o.Ref}`;
    }
    const att = o['Fn::GetAtt'];
    if (Array.isArray(att) && unsupported.has(String(att[0]))) {
      patches.add(`GetAtt ${att.join('.')} -> placeholder`);
      return `unmodelled-${att.join('-')}`;
    }
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, walk(x)]));
  };
  const resources = Object.fromEntries(Object.entries(template.Resources).map(([id, r]) => {
    if (unsupported.has(id)) return [id, r];
    const patched = walk(r) as Template['Resources'][string];
    if (patched.Type === 'AWS::EC2::SecurityGroup') {
      for (const rule of (patched.Properties?.SecurityGroupIngress ?? []) as Record<string, unknown>[]) {
        if (rule.IpProtocol === '-1' && rule.FromPort === undefined) {
          Object.assign(rule, { FromPort: -1, ToPort: -1 });
          patches.add(`${id}: all-traffic ingress given ports -1`);
        }
      }
    }
    return [id, patched];
  }));
  return { template: { ...template, Resources: resources }, patches: [...patches] };
}

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

/** What `cdk bootstrap` leaves that this template checks: the bootstrap version parameter. */
export async function bootstrapEmulator(endpoint: string, region: string): Promise<void> {
  const ssm = new SSMClient({ endpoint, region, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  await ssm.send(new PutParameterCommand({ Name: `/cdk-bootstrap/${BOOTSTRAP_QUALIFIER}/version`, Value: '21', Type: 'String', Overwrite: true }));
  ssm.destroy();
}

/**
 * The emulator serves no S3 API, so `cdk deploy`'s asset publishing has nowhere to upload the
 * bundles: each function's code becomes an inline stub instead (the emulator runs no function
 * code either way). Returns the functions changed, for the test to list.
 */
export function inlineFunctionCode(template: Template): { template: Template; inlined: string[] } {
  const inlined: string[] = [];
  const resources = Object.fromEntries(Object.entries(template.Resources).map(([id, r]) => {
    const code = r.Type === 'AWS::Lambda::Function' ? (r.Properties?.Code as { S3Key?: unknown } | undefined) : undefined;
    if (!code?.S3Key) return [id, r];
    inlined.push(id);
    return [id, { ...r, Properties: { ...r.Properties, Code: { ZipFile: 'exports.handler = async () => { throw new Error("no code on the emulator"); };' } } }];
  }));
  return { template: { ...template, Resources: resources }, inlined };
}
