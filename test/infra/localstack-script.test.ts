import { execFile } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';

const SCRIPT = path.resolve(__dirname, '..', '..', 'scripts', 'localstack.sh');

/** A LocalStack health answer in its documented shape (`GET /_localstack/health`). */
function serveHealth(services: Record<string, string>, edition: string): Promise<{ url: string; close: () => void }> {
  const server = http.createServer((req, res) => {
    if (req.url !== '/_localstack/health') return void res.writeHead(404).end();
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ services, edition, version: '4.0.0' }));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as { port: number };
    resolve({ url: `http://localhost:${port}`, close: () => server.close() });
  }));
}

const FREE = {
  dynamodb: 'available', dynamodbstreams: 'available', sqs: 'running', lambda: 'available', iam: 'available', logs: 'available',
  events: 'available', scheduler: 'available', secretsmanager: 'available', cloudformation: 'available', ec2: 'available',
  ecs: 'disabled', elbv2: 'disabled', servicediscovery: 'disabled',
};

describe('scripts/localstack.sh --check', () => {
  it('names what a free-edition LocalStack does not serve and what will not work', async () => {
    const health = await serveHealth(FREE, 'community');
    try {
      const { stdout } = await promisify(execFile)(SCRIPT, ['--check'], { env: { ...process.env, LOCALSTACK_ENDPOINT: health.url } });

      expect(stdout).toContain('edition: community');
      const missing = stdout.split('\n').filter((l) => /^\s+\S+\t/.test(l)).map((l) => l.trim().split('\t').slice(0, 2));
      expect(missing).toEqual([['ecs', 'disabled'], ['elbv2', 'disabled'], ['servicediscovery', 'disabled'], ['apigatewayv2', 'absent']]);
    } finally {
      health.close();
    }
  });

  it('fails with the way to start one when no LocalStack answers', async () => {
    const run = promisify(execFile)(SCRIPT, ['--check'], { env: { ...process.env, LOCALSTACK_ENDPOINT: 'http://localhost:1' } });

    await expect(run).rejects.toMatchObject({ stdout: expect.stringContaining('No LocalStack answers') });
  });
});
