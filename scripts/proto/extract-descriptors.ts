import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { packDescriptors } from '../../shared/apiserver/protobuf/descriptor-pack';
import type { DescriptorSet, FieldDescriptor } from '../../shared/apiserver/protobuf/descriptor-types';
import { wellKnownDecoder } from '../../shared/apiserver/protobuf/well-known';
import { KUBECTL, ensureTools } from '../tools';
import { readFileDescriptor, trimField, type RawField, type RawMessage } from './file-descriptor';
import { readGoStructs, type GoField, type GoStruct } from './go-struct-tags';

/**
 * Regenerates shared/apiserver/protobuf/descriptors.json (packed, see descriptor-pack.ts) from the FileDescriptorProtos that
 * gogo-protobuf registers in kubectl (each a gzip stream inside the binary), trimmed to the messages
 * reachable from the kinds Skiff serves, plus what the Go struct tags add (inline fields, fields without
 * omitempty). Run: npx tsx scripts/proto/extract-descriptors.ts
 */

const OUTPUT = path.resolve(__dirname, '..', '..', 'shared', 'apiserver', 'protobuf', 'descriptors.json');

const CORE = 'k8s.io.api.core.v1';
const META = 'k8s.io.apimachinery.pkg.apis.meta.v1';

/** apiVersion -> proto package and the kinds Skiff accepts as request bodies there. */
const SERVED: Record<string, { pkg: string; kinds: string[] }> = {
  v1: {
    pkg: CORE,
    kinds: ['Pod', 'Service', 'ConfigMap', 'Secret', 'Namespace', 'Node', 'Event', 'Endpoints', 'ServiceAccount', 'Binding', 'PersistentVolumeClaim', 'PersistentVolume', 'ReplicationController', 'PodTemplate', 'ResourceQuota', 'LimitRange', 'ComponentStatus'],
  },
  'apps/v1': { pkg: 'k8s.io.api.apps.v1', kinds: ['Deployment', 'ReplicaSet', 'DaemonSet', 'ControllerRevision', 'StatefulSet'] },
  'autoscaling/v1': { pkg: 'k8s.io.api.autoscaling.v1', kinds: ['Scale', 'HorizontalPodAutoscaler'] },
  'autoscaling/v2': { pkg: 'k8s.io.api.autoscaling.v2', kinds: ['HorizontalPodAutoscaler'] },
  'batch/v1': { pkg: 'k8s.io.api.batch.v1', kinds: ['Job', 'CronJob'] },
  'coordination.k8s.io/v1': { pkg: 'k8s.io.api.coordination.v1', kinds: ['Lease'] },
  'events.k8s.io/v1': { pkg: 'k8s.io.api.events.v1', kinds: ['Event'] },
  'discovery.k8s.io/v1': { pkg: 'k8s.io.api.discovery.v1', kinds: ['EndpointSlice'] },
  'storage.k8s.io/v1': { pkg: 'k8s.io.api.storage.v1', kinds: ['StorageClass'] },
  'policy/v1': { pkg: 'k8s.io.api.policy.v1', kinds: ['Eviction', 'PodDisruptionBudget'] },
  'networking.k8s.io/v1': { pkg: 'k8s.io.api.networking.v1', kinds: ['Ingress', 'IngressClass', 'NetworkPolicy'] },
  'authentication.k8s.io/v1': { pkg: 'k8s.io.api.authentication.v1', kinds: ['TokenRequest', 'TokenReview', 'SelfSubjectReview'] },
  'rbac.authorization.k8s.io/v1': { pkg: 'k8s.io.api.rbac.v1', kinds: ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'] },
  'authorization.k8s.io/v1': {
    pkg: 'k8s.io.api.authorization.v1',
    kinds: ['SelfSubjectAccessReview', 'SelfSubjectRulesReview', 'SubjectAccessReview', 'LocalSubjectAccessReview'],
  },
  'admissionregistration.k8s.io/v1': { pkg: 'k8s.io.api.admissionregistration.v1', kinds: ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding'] },
  'scheduling.k8s.io/v1': { pkg: 'k8s.io.api.scheduling.v1', kinds: ['PriorityClass'] },
  'node.k8s.io/v1': { pkg: 'k8s.io.api.node.v1', kinds: ['RuntimeClass'] },
  'certificates.k8s.io/v1': { pkg: 'k8s.io.api.certificates.v1', kinds: ['CertificateSigningRequest'] },
  'meta.k8s.io/v1': { pkg: META, kinds: [] },
};

/** Go's gzip.Writer header as gogo writes it: deflate, no flags, zero mtime. */
const GZIP_MAGIC = Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0]);

/** Every gzipped FileDescriptorProto of a k8s.io package found in the binary. */
function readEmbeddedDescriptors(binary: Buffer): Map<string, RawMessage> {
  const messages = new Map<string, RawMessage>();
  const files: string[] = [];
  for (let at = binary.indexOf(GZIP_MAGIC); at >= 0; at = binary.indexOf(GZIP_MAGIC, at + 1)) {
    let bytes: Buffer;
    try {
      // Trailing bytes after the stream's end are ignored, so a generous window is enough.
      bytes = zlib.gunzipSync(binary.subarray(at, at + 4 * 1024 * 1024));
    } catch {
      continue;
    }
    if (!bytes.subarray(0, 200).includes('k8s.io/')) continue;
    try {
      files.push(readFileDescriptor(bytes, messages));
    } catch {
      // Another gzip payload that merely mentions k8s.io; not a descriptor.
    }
  }
  if (!files.some((f) => f === 'k8s.io/api/core/v1/generated.proto')) {
    throw new Error(`no k8s.io/api descriptors found in ${KUBECTL}; found ${files.length} files`);
  }
  return messages;
}

function kindTable(messages: Map<string, RawMessage>): Record<string, string> {
  const kinds: Record<string, string> = {};
  for (const [apiVersion, { pkg, kinds: names }] of Object.entries(SERVED)) {
    for (const kind of [...names, 'DeleteOptions']) {
      const message = kind === 'DeleteOptions' ? `${META}.DeleteOptions` : `${pkg}.${kind}`;
      if (!messages.has(message)) throw new Error(`kubectl has no descriptor for ${message}`);
      kinds[`${apiVersion}/${kind}`] = message;
    }
  }
  return kinds;
}

/** The Go struct tags of each message's fields, from the Go struct of the same package and name. */
class GoTags {
  private readonly structs = new Map<string, GoStruct>();

  constructor(structs: GoStruct[]) {
    for (const struct of structs) this.structs.set(`${struct.pkgPath.replace(/\//g, '.')}.${struct.name}`, struct);
  }

  forMessage(name: string, fields: RawField[]): Map<RawField, GoField> | undefined {
    const struct = this.structs.get(name);
    if (!struct) return undefined;
    const tags = new Map<RawField, GoField>();
    for (const field of fields) {
      const tag = struct.fields.find((g) => g.protoNumber === field.number && (g.protoName === field.name || g.protoName === ''));
      if (!tag) throw new Error(`Go struct ${name} has no field tagged protobuf ${field.number} ${field.name}`);
      tags.set(field, tag);
    }
    return tags;
  }
}

function reachable(roots: string[], messages: Map<string, RawMessage>, goTags: GoTags): Record<string, FieldDescriptor[]> {
  const out: Record<string, FieldDescriptor[]> = {};
  const untagged: string[] = [];
  const queue = [...roots];
  for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
    if (out[name]) continue;
    const message = messages.get(name);
    if (!message) throw new Error(`unknown message ${name}`);
    const tags = goTags.forMessage(name, message.fields);
    // Well-known types have hand-written JSON, so their Go tags do not matter.
    if (!tags && !wellKnownDecoder(name)) untagged.push(name);
    out[name] = message.fields.map((f) => trimField(f, name, messages, tags?.get(f)));
    for (const f of out[name]) queue.push(...[f.typeName, f.valueTypeName].filter((t): t is string => !!t));
  }
  if (untagged.length > 0) console.warn(`no Go struct tags found for: ${untagged.join(', ')}`);
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

/** Guards against a kubectl whose layout the struct-tag reader no longer understands. */
function checkKnownTags(set: Record<string, FieldDescriptor[]>): void {
  const find = (message: string, field: string) => set[message]?.find((f) => f.name === field);
  if (!find('k8s.io.api.core.v1.Volume', 'volumeSource')?.inline || find('k8s.io.api.core.v1.ContainerStatus', 'ready')?.omitempty !== false) {
    throw new Error('Go struct tags were not recovered (Volume.volumeSource should be inline, ContainerStatus.ready not omitempty)');
  }
}

function kubectlVersion(): string {
  const out = JSON.parse(execFileSync(KUBECTL, ['version', '--client', '-o', 'json'], { encoding: 'utf8' }));
  return String(out.clientVersion?.gitVersion ?? 'unknown');
}

/** Packed (descriptor-pack.ts), one message per line so regenerating gives readable diffs. */
function render(set: DescriptorSet): string {
  const packed = packDescriptors(set);
  const lines = Object.entries(packed.messages).map(([name, fields]) => `${JSON.stringify(name)}:${JSON.stringify(fields)}`);
  const head = `"generated":${JSON.stringify(packed.generated)},\n"packages":${JSON.stringify(packed.packages)},\n"kinds":${JSON.stringify(packed.kinds)}`;
  return `{${head},\n"messages":{\n${lines.join(',\n')}\n}}\n`;
}

export function extractDescriptors(): DescriptorSet {
  ensureTools();
  const binary = fs.readFileSync(KUBECTL);
  const messages = readEmbeddedDescriptors(binary);
  const kinds = kindTable(messages);
  const trimmed = reachable([...new Set(Object.values(kinds))], messages, new GoTags(readGoStructs(binary)));
  checkKnownTags(trimmed);
  return {
    generated: `Generated by scripts/proto/extract-descriptors.ts from the gogo-protobuf FileDescriptorProtos and Go struct tags embedded in kubectl ${kubectlVersion()}. Do not edit.`,
    kinds,
    messages: trimmed,
  };
}

if (require.main === module) {
  const set = extractDescriptors();
  fs.writeFileSync(OUTPUT, render(set));
  const size = fs.statSync(OUTPUT).size;
  console.log(`${OUTPUT}: ${Object.keys(set.messages).length} messages, ${Object.keys(set.kinds).length} kinds, ${size} bytes`);
}
