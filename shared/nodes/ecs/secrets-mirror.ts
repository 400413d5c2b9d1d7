import {
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  ListSecretsCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
  TagResourceCommand,
} from '@aws-sdk/client-secrets-manager';
import type { Secret } from '../../api/types';
import { SecretRef } from './inputs';
import { digestOf, secretEntryName, secretEntryPrefix } from './names';

const HASH_TAG = 'skiff.dev/data-hash';

/** A Secret's keys and values as text (data is base64, stringData is folded in at write time). */
function decoded(secret: Pick<Secret, 'data' | 'stringData'>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(secret.data ?? {})) out[k] = Buffer.from(v, 'base64').toString('utf8');
  for (const [k, v] of Object.entries(secret.stringData ?? {})) out[k] = v;
  return out;
}

/**
 * Secrets Manager entries mirroring the Kubernetes Secrets that ECS tasks consume: one JSON entry
 * per Secret (`skiff/<cluster>/<namespace>/<name>`), referenced by ECS `secrets` as
 * `<arn>:<key>::`. An entry is written only when the Secret's data changed (a hash tag says which
 * data it holds), and entries no pod uses any more are deleted by `prune`.
 */
export class SecretsMirror {
  private readonly known = new Map<string, { arn: string; hash: string }>();

  constructor(private readonly client: SecretsManagerClient, private readonly cluster: string) {}

  /** Makes the entry hold the Secret's current data; returns its ARN and keys (never the values). */
  async ensure(namespace: string, name: string, secret: Pick<Secret, 'data' | 'stringData'>): Promise<SecretRef> {
    const values = decoded(secret);
    return { arn: await this.ensureEntry(secretEntryName(this.cluster, namespace, name), values, `Kubernetes Secret ${namespace}/${name}`), keys: Object.keys(values) };
  }

  /** Makes one entry hold `values` as JSON; returns its ARN. */
  async ensureEntry(entry: string, values: Record<string, string>, what: string): Promise<string> {
    const hash = digestOf(values);
    const cached = this.known.get(entry);
    if (cached?.hash === hash) return cached.arn;
    const body = JSON.stringify(values);
    let arn: string | undefined;
    try {
      const d = await this.client.send(new DescribeSecretCommand({ SecretId: entry }));
      arn = d.ARN;
      if (d.Tags?.find((t) => t.Key === HASH_TAG)?.Value !== hash) {
        await this.client.send(new PutSecretValueCommand({ SecretId: entry, SecretString: body }));
        await this.client.send(new TagResourceCommand({ SecretId: entry, Tags: [{ Key: HASH_TAG, Value: hash }] }));
      }
    } catch (err) {
      if (!(err instanceof ResourceNotFoundException)) throw err;
      const created = await this.client.send(
        new CreateSecretCommand({
          Name: entry,
          SecretString: body,
          Description: `${what} of Skiff cluster ${this.cluster}`,
          Tags: [{ Key: HASH_TAG, Value: hash }, { Key: 'skiff.dev/cluster', Value: this.cluster }],
        }),
      );
      arn = created.ARN;
    }
    this.known.set(entry, { arn: String(arn), hash });
    return String(arn);
  }

  /** Deletes every entry of the cluster that `inUse` says no pod on ECS needs any more. */
  async prune(inUse: (entry: string) => boolean): Promise<string[]> {
    const deleted: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListSecretsCommand({ Filters: [{ Key: 'name', Values: [secretEntryPrefix(this.cluster)] }], NextToken: token }));
      for (const s of page.SecretList ?? []) {
        if (!s.Name?.startsWith(secretEntryPrefix(this.cluster)) || inUse(s.Name)) continue;
        await this.client.send(new DeleteSecretCommand({ SecretId: s.Name, ForceDeleteWithoutRecovery: true }));
        this.known.delete(s.Name);
        deleted.push(s.Name);
      }
      token = page.NextToken;
    } while (token);
    return deleted;
  }
}
