/**
 * A CertificateSigningRequest records who asked for it: on create, spec.username, uid, groups and
 * extra come from the request's user, never from the body (upstream's CSR strategy does this).
 */
import type { CertificateSigningRequest } from '../../api/types';
import type { AdmissionPlugin } from '../attributes';

export const csrRequestor: AdmissionPlugin = {
  name: 'CertificateSigningRequestRequestor',
  handles: (attrs) => attrs.def.group === 'certificates.k8s.io' && attrs.operation === 'CREATE',
  admit(_ctx, attrs) {
    const csr = attrs.object as CertificateSigningRequest;
    const user = attrs.user ?? { username: 'system:apiserver', groups: ['system:masters', 'system:authenticated'] };
    const spec = csr.spec;
    delete spec.uid;
    delete spec.extra;
    spec.username = user.username;
    if (user.uid) spec.uid = user.uid;
    spec.groups = [...user.groups];
    if (user.extra) spec.extra = structuredClone(user.extra);
    return Promise.resolve();
  },
};
