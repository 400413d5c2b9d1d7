/**
 * The run's AWS emulator (started once by global-setup.ts). Suites call `awsEndpoint()` and give
 * their resources names of their own; `resetAws()` clears everything (suites run one at a time).
 */
export function awsEndpoint(): string {
  const endpoint = process.env.SKIFF_TEST_AWS_ENDPOINT;
  if (!endpoint) throw new Error('SKIFF_TEST_AWS_ENDPOINT is unset: run through jest (test/support/global-setup.ts)');
  return endpoint;
}

export async function resetAws(): Promise<void> {
  const res = await fetch(`${awsEndpoint()}/moto-api/reset`, { method: 'POST' });
  if (!res.ok) throw new Error(`aws-emulator reset: HTTP ${res.status}`);
  const post = (p: string, body: unknown) =>
    fetch(`${awsEndpoint()}/moto-api/${p}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  await post('state-manager/set-transition', { model_name: 'ecs::task', transition: { progression: 'manual', times: 1000000 } });
  await post('config', { lambda: { use_docker: false } });
}

/** Settings every SDK client pointed at the emulator needs: its endpoint, a region, dummy credentials. */
export function awsClientConfig(): { endpoint: string; region: string; credentials: { accessKeyId: string; secretAccessKey: string } } {
  return { endpoint: awsEndpoint(), region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
}
