import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { decodeProtobufBody } from '../../shared/apiserver/protobuf/decode';
import { KUBECTL, ensureTools } from '../tools';

/**
 * Records the protobuf request bodies real kubectl sends, as fixtures for
 * test/apiserver/protobuf. A throwaway plain-HTTP server on 127.0.0.1 serves just enough legacy
 * discovery (and, for drain, a node and a pod) for each command to reach its write.
 * Run: npx tsx scripts/proto/capture-fixtures.ts (DEBUG=1 logs each request and kubectl's stderr)
 */

const FIXTURES = path.resolve(__dirname, '..', '..', 'test', 'apiserver', 'protobuf', 'fixtures');

/**
 * fixture name -> kubectl arguments; the first protobuf body each command sends is kept. Commands
 * that support --dry-run=client are cross-checked: the decoded body must match kubectl's own JSON.
 */
const CASES: Record<string, { args: string[]; dryRun?: boolean }> = {
  configmap: { args: ['create', 'configmap', 'foo', '--from-literal=a=b'], dryRun: true },
  secret: { args: ['create', 'secret', 'generic', 's', '--from-literal=password=hunter2'], dryRun: true },
  namespace: { args: ['create', 'namespace', 'team-a'], dryRun: true },
  service: { args: ['create', 'service', 'clusterip', 'x', '--tcp=80:8080'], dryRun: true },
  deployment: { args: ['create', 'deployment', 'd', '--image=nginx', '--replicas=2'], dryRun: true },
  serviceaccount: { args: ['create', 'serviceaccount', 'builder'], dryRun: true },
  pdb: { args: ['create', 'poddisruptionbudget', 'web', '--selector=app=web', '--min-available=50%'], dryRun: true },
  // kubectl run sends JSON; node debugging builds its pod with the typed client.
  pod: { args: ['debug', 'node/node-1', '--image=busybox', '--profile=general'] },
  token: { args: ['create', 'token', 'builder', '--duration=10m'] },
  'delete-options': { args: ['drain', 'node-1', '--disable-eviction', '--grace-period=30', '--timeout=5s'] },
};

const resource = (name: string, kind: string, namespaced: boolean, verbs = ['create', 'get', 'list', 'patch', 'delete']) =>
  ({ name, singularName: '', namespaced, kind, verbs });

const DISCOVERY: Record<string, unknown> = {
  '/api': { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] },
  '/api/v1': {
    kind: 'APIResourceList', groupVersion: 'v1', resources: [
      resource('configmaps', 'ConfigMap', true), resource('secrets', 'Secret', true),
      resource('namespaces', 'Namespace', false), resource('services', 'Service', true),
      resource('serviceaccounts', 'ServiceAccount', true), resource('serviceaccounts/token', 'TokenRequest', true, ['create']),
      resource('pods', 'Pod', true), { ...resource('pods/eviction', 'Eviction', true, ['create']), group: 'policy', version: 'v1' }, resource('nodes', 'Node', false),
    ],
  },
  '/apis': {
    kind: 'APIGroupList', groups: ['apps', 'policy'].map((name) => ({
      name, versions: [{ groupVersion: `${name}/v1`, version: 'v1' }], preferredVersion: { groupVersion: `${name}/v1`, version: 'v1' },
    })),
  },
  '/apis/apps/v1': { kind: 'APIResourceList', groupVersion: 'apps/v1', resources: [resource('deployments', 'Deployment', true)] },
  '/apis/policy/v1': { kind: 'APIResourceList', groupVersion: 'policy/v1', resources: [resource('poddisruptionbudgets', 'PodDisruptionBudget', true)] },
};

const NODE = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1', uid: 'n1', resourceVersion: '1' }, spec: {} };
const POD = {
  apiVersion: 'v1', kind: 'Pod',
  metadata: {
    name: 'web-1', namespace: 'default', uid: 'p1', resourceVersion: '1',
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: 'rs1', controller: true }],
  },
  spec: { nodeName: 'node-1', containers: [{ name: 'web', image: 'nginx' }] },
};

interface Captured {
  method: string;
  url: string;
  contentType: string;
  body: Buffer;
}

function respond(req: http.IncomingMessage, res: http.ServerResponse, captured: Captured[], body: Buffer): void {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (process.env.DEBUG) console.error(req.method, req.url, req.headers['content-type']);
  const send = (code: number, value: unknown) => {
    res.writeHead(code, { 'content-type': 'application/json' });
    res.end(JSON.stringify(value));
  };
  if (req.method === 'POST' || req.method === 'PUT' || (req.method === 'DELETE' && body.length > 0)) {
    captured.push({ method: req.method, url: url.pathname, contentType: String(req.headers['content-type']), body });
    return send(201, { apiVersion: 'v1', kind: 'Status', status: 'Success', metadata: { name: 'captured' } });
  }
  if (req.method === 'PATCH' && url.pathname === '/api/v1/nodes/node-1') return send(200, { ...NODE, spec: { unschedulable: true } });
  if (url.pathname === '/api/v1/nodes/node-1') return send(200, NODE);
  if (url.pathname === '/api/v1/pods') return send(200, { apiVersion: 'v1', kind: 'PodList', metadata: {}, items: [POD] });
  const discovery = DISCOVERY[url.pathname];
  if (req.method === 'GET' && discovery) return send(200, discovery);
  send(404, { apiVersion: 'v1', kind: 'Status', status: 'Failure', reason: 'NotFound', code: 404, message: `${url.pathname} not found` });
}

async function capture(args: string[], dir: string, dryRun: boolean): Promise<{ bodies: Captured[]; dryRunJson?: unknown }> {
  const captured: Captured[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => respond(req, res, captured, Buffer.concat(chunks)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const kubeconfig = path.join(dir, 'kubeconfig');
  fs.writeFileSync(kubeconfig, JSON.stringify({
    apiVersion: 'v1', kind: 'Config', 'current-context': 'capture',
    clusters: [{ name: 'capture', cluster: { server: `http://127.0.0.1:${port}` } }],
    users: [{ name: 'anonymous', user: {} }],
    contexts: [{ name: 'capture', context: { cluster: 'capture', user: 'anonymous', namespace: 'default' } }],
  }));
  const kubectl = (extra: string[]) =>
    promisify(execFile)(KUBECTL, [...args, ...extra, `--kubeconfig=${kubeconfig}`, `--cache-dir=${path.join(dir, 'cache')}`]);
  try {
    const dryRunJson = dryRun ? JSON.parse((await kubectl(['--dry-run=client', '-o', 'json'])).stdout) : undefined;
    await kubectl([]).catch((err: { stderr?: string }) => {
      // The server's answers are minimal, so some commands complain after their write; the body is what matters.
      if (process.env.DEBUG) console.error(err.stderr);
    });
    return { bodies: captured, dryRunJson };
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

/** Drops what the decoder leaves out by design: nulls and structs that are empty. */
function withoutEmpties(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutEmpties);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value).map(([k, v]) => [k, withoutEmpties(v)] as const);
  return Object.fromEntries(entries.filter(([, v]) => v !== null && !(typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0)));
}

function crossCheck(name: string, body: Buffer, dryRunJson: unknown): void {
  try {
    assert.deepStrictEqual(withoutEmpties(decodeProtobufBody(body)), withoutEmpties(dryRunJson));
  } catch (err) {
    throw new Error(`${name}: the decoded body differs from kubectl's own JSON\n${(err as Error).message}`, { cause: err });
  }
}

async function main(): Promise<void> {
  ensureTools();
  fs.mkdirSync(FIXTURES, { recursive: true });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skiff-proto-capture-'));
  try {
    for (const [name, { args, dryRun }] of Object.entries(CASES)) {
      const { bodies, dryRunJson } = await capture(args, dir, dryRun ?? false);
      const write = bodies.find((c) => c.contentType.startsWith('application/vnd.kubernetes.protobuf'));
      if (!write) throw new Error(`kubectl ${args.join(' ')} sent no protobuf body`);
      if (dryRunJson) crossCheck(name, write.body, dryRunJson);
      fs.writeFileSync(path.join(FIXTURES, `${name}.pb.b64`), `${write.body.toString('base64')}\n`);
      console.log(`${name}: ${write.method} ${write.url} (${write.body.length} bytes${dryRunJson ? ', matches --dry-run=client -o json' : ''})`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
