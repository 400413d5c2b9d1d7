/** certificates.k8s.io/v1 CertificateSigningRequest. */
import * as z from 'zod';
import { Int32, ObjectMeta, Time, gvk, listMap, typeMeta } from '../meta';

export const CertificateSigningRequestCondition = z
  .strictObject({
    type: z.string().describe('Approved, Denied or Failed.'),
    status: z.string().describe('True, False or Unknown.'),
    reason: z.string().optional().describe('Machine-readable reason.'),
    message: z.string().optional().describe('Human-readable details.'),
    lastUpdateTime: Time.optional().describe('When the condition last changed.'),
    lastTransitionTime: Time.optional().describe('When the status last changed.'),
  })
  .describe('A condition of a signing request.');

export const CertificateSigningRequest = z
  .strictObject({
    ...typeMeta,
    metadata: ObjectMeta.optional().describe('Standard object metadata.'),
    spec: z
      .strictObject({
        request: z.string().meta({ format: 'byte' }).describe('The PEM CERTIFICATE REQUEST, base64.'),
        signerName: z.string().describe('Signer asked to sign, e.g. kubernetes.io/kube-apiserver-client.'),
        expirationSeconds: Int32.optional().describe('Requested validity, at least 600.'),
        usages: z.array(z.string()).optional().describe('Key usages, e.g. client auth, digital signature.'),
        username: z.string().optional().describe('Requesting user. Set by the server.'),
        uid: z.string().optional().describe('Requesting user\'s uid. Set by the server.'),
        groups: z.array(z.string()).optional().describe('Requesting user\'s groups. Set by the server.'),
        extra: z.record(z.string(), z.array(z.string())).optional().describe('Requesting user\'s extra attributes. Set by the server.'),
      })
      .describe('The certificate requested.'),
    status: z
      .strictObject({
        conditions: listMap(CertificateSigningRequestCondition, ['type'], null).optional().describe('Approved, Denied, Failed.'),
        certificate: z.string().meta({ format: 'byte' }).optional().describe('The issued PEM certificate, base64.'),
      })
      .optional()
      .describe('Approval and the issued certificate.'),
  })
  .meta({ description: 'A request for a certificate from a signer.', ...gvk('certificates.k8s.io', 'v1', 'CertificateSigningRequest') });
export type CertificateSigningRequest = z.infer<typeof CertificateSigningRequest>;
