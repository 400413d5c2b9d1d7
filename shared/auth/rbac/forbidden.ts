import { ApiError, qualified, type GroupResource } from '../../api/errors';
import type { Attributes } from './attributes';
import { forbiddenMessage } from './authorizer';

/**
 * apimachinery's NewForbidden: `<resource> "<name>" is forbidden: <why>`, `<resource> is forbidden:
 * <why>` without a name, `forbidden: <why>` without a resource (a URL path).
 */
export class ForbiddenStatusError extends ApiError {
  constructor(gr: GroupResource, name: string, why: string) {
    const prefix = !gr.resource ? 'forbidden' : name ? `${qualified(gr)} "${name}" is forbidden` : `${qualified(gr)} is forbidden`;
    super(403, 'Forbidden', `${prefix}: ${why}`, { name: name || undefined, group: gr.group || undefined, kind: gr.resource || undefined });
  }
}

/** The 403 a denied request answers, as upstream's responsewriters.Forbidden builds it. */
export function deniedError(a: Attributes, reason: string): ForbiddenStatusError {
  const message = forbiddenMessage(a);
  return new ForbiddenStatusError({ group: a.apiGroup, resource: a.resource }, a.name, reason ? `${message}: ${reason}` : message);
}
