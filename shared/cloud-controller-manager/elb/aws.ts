import { EC2Client } from '@aws-sdk/client-ec2';
import { DescribeTagsCommand, ElasticLoadBalancingV2Client, Tag } from '@aws-sdk/client-elastic-load-balancing-v2';
import { AwsSettings, awsClientConfig } from '../../cloud/aws';

/** The clients and settings the load balancer controllers work with. */
export interface LbAws {
  settings: AwsSettings;
  elb: ElasticLoadBalancingV2Client;
  ec2: EC2Client;
}

/** Clients made on first use, so importing the controllers opens no connection. */
export function lazyLbAws(settings: () => AwsSettings): () => LbAws {
  let made: LbAws | undefined;
  return () => {
    if (made) return made;
    const s = settings();
    const config = { ...awsClientConfig(s), maxAttempts: 5 };
    made = { settings: s, elb: new ElasticLoadBalancingV2Client(config), ec2: new EC2Client(config) };
    return made;
  };
}

export const toTags = (tags: Record<string, string>): Tag[] => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

/** Tags of many ELBv2 resources, 20 ARNs a call (the API's limit). */
export async function tagsOf(elb: ElasticLoadBalancingV2Client, arns: string[]): Promise<Map<string, Record<string, string>>> {
  const out = new Map<string, Record<string, string>>();
  for (let i = 0; i < arns.length; i += 20) {
    const res = await elb.send(new DescribeTagsCommand({ ResourceArns: arns.slice(i, i + 20) }));
    for (const d of res.TagDescriptions ?? []) {
      out.set(String(d.ResourceArn), Object.fromEntries((d.Tags ?? []).map((t) => [String(t.Key), String(t.Value ?? '')])));
    }
  }
  return out;
}

/** An AWS error's name and message, as events and logs show it. */
export function awsErrorText(err: unknown): string {
  if (err && typeof err === 'object' && 'name' in err) {
    const e = err as { name: string; message?: string };
    return `${e.name}: ${e.message ?? ''}`.trim();
  }
  return String(err);
}
