import { BadRequestError, InvalidError, StatusCause } from '../api/errors';
import { DeleteOptions as DeleteOptionsSchema } from '../api/types';
import { notSupported } from '../api/validation/field';
import { decodeStrict } from '../registry/decode';
import type { DeleteOptions } from '../registry/delete';
import { parseBody } from './body';
import type { ApiRequest } from './http';
import { parseInt64 } from './options';

const POLICIES = ['Foreground', 'Background', 'Orphan'];
const KIND = { kind: 'DeleteOptions', group: 'meta.k8s.io', version: 'v1' };

/**
 * A delete's options from its body (a DeleteOptions, decoded strictly) and its query, validated
 * as upstream's ValidateDeleteOptions. Any mistake is a 400 or 422 before anything is deleted.
 */
export function deleteOptions(req: ApiRequest): DeleteOptions {
  let body: DeleteOptionsSchema = {};
  if (req.body && req.body.trim().length > 0) body = decodeStrict(KIND, DeleteOptionsSchema, parseBody(req.body, req.headers['content-type'], req.rawBody));
  const q = req.query;
  const queryGrace = q.get('gracePeriodSeconds');
  const queryOrphan = q.get('orphanDependents');
  if (queryOrphan !== null && queryOrphan !== 'true' && queryOrphan !== 'false') {
    throw new BadRequestError(`strconv.ParseBool: parsing ${JSON.stringify(queryOrphan)}: invalid syntax`);
  }
  const policy = body.propagationPolicy ?? q.get('propagationPolicy') ?? undefined;
  const orphan = body.orphanDependents ?? (queryOrphan === null ? undefined : queryOrphan === 'true');
  const dryRun = [...(body.dryRun ?? []), ...q.getAll('dryRun')];
  const grace = body.gracePeriodSeconds ?? (queryGrace === null ? undefined : parseInt64(queryGrace));
  const causes: StatusCause[] = [];
  if (orphan !== undefined && policy !== undefined) {
    causes.push({ reason: 'FieldValueInvalid', message: 'Invalid value: "null": orphanDependents and deletionPropagation cannot be both set', field: 'propagationPolicy' });
  }
  if (policy !== undefined && !POLICIES.includes(policy)) causes.push(notSupported('propagationPolicy', policy, POLICIES));
  for (const v of dryRun) if (v !== 'All') causes.push(notSupported('dryRun', v, ['All']));
  if (causes.length > 0) throw new InvalidError(KIND.kind, KIND.group, '', causes);
  return {
    dryRun: dryRun.includes('All'),
    propagationPolicy: (policy ?? (orphan === true ? 'Orphan' : undefined)) as DeleteOptions['propagationPolicy'],
    gracePeriodSeconds: grace,
    preconditions: body.preconditions,
  };
}
