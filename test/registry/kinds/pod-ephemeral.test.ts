import { validateEphemeralContainersUpdate, withEphemeralContainers } from '../../../shared/registry/kinds/pod-ephemeral';
import type { KubeObject } from '../../../shared/registry/resource';

const pod = (ephemeralContainers?: object[], annotations?: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'default', ...(annotations ? { annotations } : {}) },
  spec: { containers: [{ name: 'app', image: 'nginx' }], ...(ephemeralContainers ? { ephemeralContainers } : {}) },
});
const debug = { name: 'debugger', image: 'busybox', targetContainerName: 'app' };

describe('withEphemeralContainers', () => {
  it('takes only spec.ephemeralContainers from the request', () => {
    const desired = { ...pod([debug]), spec: { containers: [{ name: 'app', image: 'evil' }], ephemeralContainers: [debug] } };
    expect(withEphemeralContainers(pod(), desired).spec).toEqual({ containers: [{ name: 'app', image: 'nginx' }], ephemeralContainers: [debug] });
  });
});

describe('validateEphemeralContainersUpdate', () => {
  it.each<[string, KubeObject, KubeObject, { field: string; reason: string; message?: string }[]]>([
    ['adds a debugging container', pod([debug]), pod(), []],
    ['keeps an existing one and adds another', pod([debug, { name: 'second', image: 'busybox' }]), pod([debug]), []],
    ['refuses removing one', pod([]), pod([debug]), [{ field: 'spec.ephemeralContainers', reason: 'FieldValueForbidden' }]],
    ['refuses changing one', pod([{ ...debug, image: 'alpine' }]), pod([debug]), [{ field: 'spec.ephemeralContainers[debugger]', reason: 'FieldValueForbidden' }]],
    ['refuses a name a container has', pod([{ name: 'app', image: 'busybox' }]), pod(), [{ field: 'spec.ephemeralContainers[0].name', reason: 'FieldValueDuplicate' }]],
    ['needs an image', pod([{ name: 'x' }]), pod(), [{ field: 'spec.ephemeralContainers[0].image', reason: 'FieldValueRequired' }]],
    ['refuses probes and ports', pod([{ ...debug, ports: [{ containerPort: 80 }] }]), pod(), [{ field: 'spec.ephemeralContainers[0].ports', reason: 'FieldValueForbidden', message: 'Forbidden: cannot be set for an Ephemeral Container' }]],
    ['needs a target that exists', pod([{ ...debug, targetContainerName: 'nope' }]), pod(), [{ field: 'spec.ephemeralContainers[0].targetContainerName', reason: 'FieldValueNotFound', message: 'Not found: "nope"' }]],
    ['refuses static pods', pod([debug], { 'kubernetes.io/config.mirror': 'x' }), pod([], { 'kubernetes.io/config.mirror': 'x' }), [{ field: '', reason: 'FieldValueForbidden' }]],
  ])('%s', (_what, next, old, causes) => {
    expect(validateEphemeralContainersUpdate(next, old)).toEqual(causes.map((c) => expect.objectContaining(c)));
  });
});
