import https from 'node:https';
import net from 'node:net';
import forge from 'node-forge';
import { APIService, Endpoints, Service } from '../../../shared/api/types';
import { availabilityPlan, discoveryOutcome, LOCAL, PASSED, withAvailable } from '../../../shared/controllers/apiservice/availability';
import { checkDiscovery } from '../../../shared/controllers/apiservice/discovery-check';

const metrics = (service?: object): APIService =>
  APIService.parse({ metadata: { name: 'v1beta1.metrics.k8s.io' }, spec: { group: 'metrics.k8s.io', version: 'v1beta1', groupPriorityMinimum: 100, versionPriority: 100, insecureSkipTLSVerify: true, ...(service ? { service } : {}) } });
const svc = (spec: object): Service => Service.parse({ metadata: { name: 'metrics-server', namespace: 'kube-system' }, spec });
const eps = (subsets: object[]): Endpoints => Endpoints.parse({ metadata: { name: 'metrics-server', namespace: 'kube-system' }, subsets });
const REF = { name: 'metrics-server', namespace: 'kube-system', port: 443 };
const HTTPS_PORT = { name: 'https', port: 443, protocol: 'TCP', targetPort: 'https' };

describe('availabilityPlan', () => {
  it.each([
    { name: 'a Local APIService', api: metrics(), service: undefined, endpoints: undefined, want: { condition: LOCAL } },
    {
      name: 'a missing Service',
      api: metrics(REF),
      service: undefined,
      endpoints: undefined,
      want: { condition: { status: 'False', reason: 'ServiceNotFound', message: 'service/metrics-server in "kube-system" is not present' } },
    },
    {
      name: 'a Service without the port',
      api: metrics({ ...REF, port: 8443 }),
      service: svc({ ports: [HTTPS_PORT] }),
      endpoints: undefined,
      want: { condition: { status: 'False', reason: 'ServicePortError', message: 'service/metrics-server in "kube-system" is not listening on port 8443' } },
    },
    {
      name: 'no Endpoints yet',
      api: metrics(REF),
      service: svc({ ports: [HTTPS_PORT] }),
      endpoints: undefined,
      want: { condition: { status: 'False', reason: 'EndpointsNotFound', message: 'cannot find endpoints for service/metrics-server in "kube-system"' } },
    },
    {
      name: 'Endpoints with only not-ready addresses',
      api: metrics(REF),
      service: svc({ ports: [HTTPS_PORT] }),
      endpoints: eps([{ notReadyAddresses: [{ ip: '10.244.1.2' }], ports: [{ name: 'https', port: 10250 }] }]),
      want: { condition: { status: 'False', reason: 'MissingEndpoints', message: 'endpoints for service/metrics-server in "kube-system" have no addresses with port name "https"' } },
    },
    {
      name: 'a ready address: its discovery document decides',
      api: metrics(REF),
      service: svc({ ports: [HTTPS_PORT] }),
      endpoints: eps([{ addresses: [{ ip: '10.244.1.2' }], ports: [{ name: 'https', port: 10250 }] }]),
      want: { discoveryUrl: 'https://10.244.1.2:10250/apis/metrics.k8s.io/v1beta1' },
    },
    {
      name: 'an ExternalName Service, dialled by its name',
      api: metrics(REF),
      service: svc({ type: 'ExternalName', externalName: 'metrics.example.com' }),
      endpoints: undefined,
      want: { discoveryUrl: 'https://metrics.example.com:443/apis/metrics.k8s.io/v1beta1' },
    },
  ])('decides $name', ({ api, service, endpoints, want }) => {
    expect(availabilityPlan(api, service, endpoints)).toEqual(want);
  });
});

describe('discoveryOutcome', () => {
  const url = 'https://10.244.1.2:10250/apis/metrics.k8s.io/v1beta1';
  it.each([
    { result: { statusCode: 200 }, want: PASSED },
    { result: { statusCode: 403 }, want: { status: 'False', reason: 'FailedDiscoveryCheck', message: `failing or missing response from ${url}: bad status from ${url}: 403` } },
    {
      result: { error: 'dial tcp 10.244.1.2:10250: connect: connection refused' },
      want: { status: 'False', reason: 'FailedDiscoveryCheck', message: `failing or missing response from ${url}: Get "${url}": dial tcp 10.244.1.2:10250: connect: connection refused` },
    },
  ])('answers $result', ({ result, want }) => {
    expect(discoveryOutcome(url, result)).toEqual(want);
  });
});

describe('withAvailable', () => {
  const was = [{ type: 'Available', status: 'False', reason: 'MissingEndpoints', message: 'm', lastTransitionTime: '2026-01-01T00:00:00Z' }];
  it('leaves an unchanged condition alone', () => {
    expect(withAvailable(was, { status: 'False', reason: 'MissingEndpoints', message: 'm' }, '2026-01-02T00:00:00Z')).toBeUndefined();
  });
  it('keeps the transition time while the status stays', () => {
    expect(withAvailable(was, { status: 'False', reason: 'FailedDiscoveryCheck', message: 'x' }, '2026-01-02T00:00:00Z')?.[0].lastTransitionTime).toBe('2026-01-01T00:00:00Z');
  });
  it('moves it when the status changes, and adds the condition when there is none', () => {
    expect(withAvailable(was, PASSED, '2026-01-02T00:00:00Z')).toEqual([{ type: 'Available', ...PASSED, lastTransitionTime: '2026-01-02T00:00:00Z' }]);
    expect(withAvailable(undefined, LOCAL, '2026-01-02T00:00:00Z')).toEqual([{ type: 'Available', ...LOCAL, lastTransitionTime: '2026-01-02T00:00:00Z' }]);
  });
});

describe('checkDiscovery', () => {
  let server: https.Server;
  let port: number;
  let status = 200;

  beforeAll(async () => {
    const keys = forge.pki.rsa.generateKeyPair({ bits: 1024 });
    const cert = forge.pki.createCertificate();
    cert.publicKey = keys.publicKey;
    cert.serialNumber = '01';
    cert.validity.notBefore = new Date(Date.now() - 60_000);
    cert.validity.notAfter = new Date(Date.now() + 3_600_000);
    cert.setSubject([{ name: 'commonName', value: 'metrics-server' }]);
    cert.setIssuer([{ name: 'commonName', value: 'metrics-server' }]);
    cert.sign(keys.privateKey);
    server = https.createServer({ key: forge.pki.privateKeyToPem(keys.privateKey), cert: forge.pki.certificateToPem(cert) }, (req, res) => {
      res.statusCode = req.url === '/apis/metrics.k8s.io/v1beta1' ? status : 404;
      res.end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as net.AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('reads the status of the discovery document over TLS, unverified with insecureSkipTLSVerify', async () => {
    status = 200;
    expect(await checkDiscovery(`https://127.0.0.1:${port}/apis/metrics.k8s.io/v1beta1`, { insecureSkipTLSVerify: true })).toEqual({ statusCode: 200 });
    status = 503;
    expect(await checkDiscovery(`https://127.0.0.1:${port}/apis/metrics.k8s.io/v1beta1`, { insecureSkipTLSVerify: true })).toEqual({ statusCode: 503 });
  });

  it('refuses a certificate no CA vouches for', async () => {
    expect(await checkDiscovery(`https://127.0.0.1:${port}/apis/metrics.k8s.io/v1beta1`, {})).toEqual({ error: 'tls: failed to verify certificate: x509: certificate signed by unknown authority' });
  });

  it('words a refused connection as Go does', async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const free = (closed.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    expect(await checkDiscovery(`https://127.0.0.1:${free}/apis/metrics.k8s.io/v1beta1`, { insecureSkipTLSVerify: true })).toEqual({ error: `dial tcp 127.0.0.1:${free}: connect: connection refused` });
  });
});
