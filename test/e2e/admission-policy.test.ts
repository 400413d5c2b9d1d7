import { eventually, startCluster, TestCluster } from '../support/cluster';

/** ValidatingAdmissionPolicy through the real kubectl: Deny with upstream's message, Warn, a ConfigMap param. */
describe('ValidatingAdmissionPolicy', () => {
  let c: TestCluster;

  beforeAll(async () => {
    c = await startCluster({ nodes: 1 });
  }, 180_000);
  afterAll(async () => {
    await c?.stop();
  });

  const apply = (obj: object) => c.kubectl(['apply', '-f', '-'], { input: JSON.stringify(obj) });
  const rules = [{ apiGroups: ['apps'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['deployments'] }];
  const policy = (name: string, spec: object) => ({ apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicy', metadata: { name }, spec });
  const binding = (name: string, spec: object) => ({ apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicyBinding', metadata: { name }, spec });
  const nsSelector = (ns: string) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ns } } });

  it('denies a deployment with too many replicas with upstream message', async () => {
    await c.kubectl(['create', 'namespace', 'vap-deny']);
    await apply(policy('demo-policy.example.com', { failurePolicy: 'Fail', matchConstraints: { resourceRules: rules }, validations: [{ expression: 'object.spec.replicas <= 5' }] }));
    await apply(binding('demo-binding-test.example.com', { policyName: 'demo-policy.example.com', validationActions: ['Deny'], matchResources: nsSelector('vap-deny') }));
    const denied = await eventually(async () => {
      const r = await c.kubectl(['create', 'deployment', `big${Date.now() % 100000}`, '--image=nginx', '--replicas=6', '-n', 'vap-deny'], { allowFail: true });
      return r.code !== 0 && r;
    });
    // kubectl create deployment prints the Status message; kubectl apply prints the Invalid reason's causes.
    expect(denied.stderr).toMatch(
      /error: failed to create deployment: deployments\.apps "big\d+" is forbidden: ValidatingAdmissionPolicy 'demo-policy.example.com' with binding 'demo-binding-test.example.com' denied request: failed expression: object\.spec\.replicas <= 5/,
    );
    const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'applied', namespace: 'vap-deny' }, spec: { replicas: 6, selector: { matchLabels: { app: 'a' } }, template: { metadata: { labels: { app: 'a' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } } };
    const applied = await c.kubectl(['apply', '-f', '-'], { input: JSON.stringify(deployment), allowFail: true });
    expect(applied.stderr).toContain(
      `The deployments "applied" is invalid: : ValidatingAdmissionPolicy 'demo-policy.example.com' with binding 'demo-binding-test.example.com' denied request: failed expression: object.spec.replicas <= 5`,
    );
    await c.kubectl(['create', 'deployment', 'small', '--image=nginx', '--replicas=2', '-n', 'vap-deny']);
    const table = await c.kubectl(['get', 'validatingadmissionpolicies']);
    expect(table.stdout).toMatch(/NAME\s+VALIDATIONS\s+PARAMKIND\s+AGE\ndemo-policy.example.com\s+1\s+<unset>/);
  }, 120_000);

  it('prints a Warning for a Warn binding', async () => {
    await c.kubectl(['create', 'namespace', 'vap-warn']);
    await apply(policy('warn.example.com', { matchConstraints: { resourceRules: rules }, validations: [{ expression: 'object.spec.replicas <= 2', message: 'more than 2 replicas is discouraged' }] }));
    await apply(binding('warn-binding', { policyName: 'warn.example.com', validationActions: ['Warn'], matchResources: nsSelector('vap-warn') }));
    const warned = await eventually(async () => {
      const r = await c.kubectl(['create', 'deployment', `w${Date.now() % 100000}`, '--image=nginx', '--replicas=3', '-n', 'vap-warn']);
      return r.stderr.includes('Warning:') && r;
    });
    expect(warned.stderr).toContain("Warning: Validation failed for ValidatingAdmissionPolicy 'warn.example.com' with binding 'warn-binding': more than 2 replicas is discouraged");
  }, 120_000);

  it('reads its limit from a ConfigMap param', async () => {
    await c.kubectl(['create', 'namespace', 'vap-param']);
    await c.kubectl(['create', 'configmap', 'replica-limit', '--from-literal=max=3', '-n', 'vap-param']);
    await apply(
      policy('param.example.com', {
        paramKind: { apiVersion: 'v1', kind: 'ConfigMap' },
        matchConstraints: { resourceRules: rules },
        validations: [{ expression: 'object.spec.replicas <= int(params.data.max)', messageExpression: "'replicas must be at most ' + params.data.max" }],
      }),
    );
    await apply(binding('param-binding', { policyName: 'param.example.com', validationActions: ['Deny'], paramRef: { name: 'replica-limit', parameterNotFoundAction: 'Deny' }, matchResources: nsSelector('vap-param') }));
    const denied = await eventually(async () => {
      const r = await c.kubectl(['create', 'deployment', `p${Date.now() % 100000}`, '--image=nginx', '--replicas=4', '-n', 'vap-param'], { allowFail: true });
      return r.code !== 0 && r;
    });
    expect(denied.stderr).toContain("ValidatingAdmissionPolicy 'param.example.com' with binding 'param-binding' denied request: replicas must be at most 3");
    await c.kubectl(['create', 'deployment', 'ok', '--image=nginx', '--replicas=3', '-n', 'vap-param']);
    const bindings = await c.kubectl(['get', 'validatingadmissionpolicybindings', 'param-binding']);
    expect(bindings.stdout).toMatch(/param-binding\s+param.example.com\s+\*\/replica-limit/);
  }, 120_000);

  it('refuses a policy whose expression does not compile', async () => {
    const r = await c.kubectl(['apply', '-f', '-'], { input: JSON.stringify(policy('bad.example.com', { matchConstraints: { resourceRules: rules }, validations: [{ expression: 'object.spec.replicas <=' }] })), allowFail: true });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/spec\.validations\[0\]\.expression: Invalid value: "object\.spec\.replicas <=": compilation failed: /);
  }, 60_000);
});
