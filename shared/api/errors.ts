/**
 * Typed API errors. Each carries the Kubernetes `Status` it answers with, so one middleware can
 * turn any of them into a response (see apimachinery's pkg/api/errors for the wire shapes clients parse).
 */
export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code: number;
}

/** A group-qualified resource name as upstream prints it: `pods`, `deployments.apps`. */
export interface GroupResource {
  group: string;
  resource: string;
}

export function qualified(gr: GroupResource): string {
  return gr.group ? `${gr.resource}.${gr.group}` : gr.resource;
}

export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: StatusDetails,
  ) {
    super(message);
  }

  toStatus(): Status {
    const status: Status = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      code: this.code,
    };
    if (this.details) status.details = this.details;
    return status;
  }
}

export class NotFoundError extends ApiError {
  constructor(gr: GroupResource, name: string) {
    super(404, 'NotFound', `${qualified(gr)} "${name}" not found`, { name, group: gr.group || undefined, kind: gr.resource });
  }
}

export class AlreadyExistsError extends ApiError {
  constructor(gr: GroupResource, name: string) {
    super(409, 'AlreadyExists', `${qualified(gr)} "${name}" already exists`, { name, group: gr.group || undefined, kind: gr.resource });
  }
}

export class ConflictError extends ApiError {
  constructor(gr: GroupResource, name: string, why: string) {
    super(409, 'Conflict', `Operation cannot be fulfilled on ${qualified(gr)} "${name}": ${why}`, {
      name,
      group: gr.group || undefined,
      kind: gr.resource,
    });
  }
}

/** The message upstream uses for a stale resourceVersion; clients (and `kubectl`) match on it. */
export const STALE_OBJECT_MESSAGE = 'the object has been modified; please apply your changes to the latest version and try again';

export class InvalidError extends ApiError {
  constructor(kind: string, group: string, name: string, causes: StatusCause[]) {
    const list = causes.map((c) => (c.field ? `${c.field}: ${c.message}` : `${c.message}`));
    const summary = list.length === 1 ? list[0] : `[${list.join(', ')}]`;
    super(422, 'Invalid', `${kind}${group ? `.${group}` : ''} "${name}" is invalid: ${summary}`, {
      name,
      group: group || undefined,
      kind,
      causes,
    });
  }
}

export class BadRequestError extends ApiError {
  constructor(message: string, causes?: StatusCause[]) {
    super(400, 'BadRequest', message, causes ? { causes } : undefined);
  }
}

export class UnauthorizedError extends ApiError {
  constructor() {
    super(401, 'Unauthorized', 'Unauthorized');
  }
}

export class ForbiddenError extends ApiError {
  constructor(gr: GroupResource, name: string, why: string) {
    super(403, 'Forbidden', `${qualified(gr)} "${name}" is forbidden: ${why}`, { name, group: gr.group || undefined, kind: gr.resource });
  }
}

export class MethodNotAllowedError extends ApiError {
  constructor(message = 'the server does not allow this method on the requested resource') {
    super(405, 'MethodNotAllowed', message);
  }
}

export class NotAcceptableError extends ApiError {
  constructor(message: string) {
    super(406, 'NotAcceptable', message);
  }
}

export class UnsupportedMediaTypeError extends ApiError {
  constructor(contentType: string) {
    super(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml (got ${contentType})`);
  }
}

export class RequestEntityTooLargeError extends ApiError {
  constructor(message: string) {
    super(413, 'RequestEntityTooLarge', message);
  }
}

export class GoneError extends ApiError {
  constructor(message: string) {
    super(410, 'Expired', message);
  }
}

export class TooManyRequestsError extends ApiError {
  constructor(message: string, retryAfterSeconds = 1) {
    super(429, 'TooManyRequests', message, { retryAfterSeconds });
  }
}

export class InternalError extends ApiError {
  constructor(message: string) {
    super(500, 'InternalError', `Internal error occurred: ${message}`);
  }
}

/**
 * The 404 for a path that names no API at all: upstream's go-restful fallback answers it with
 * empty details (`"details": {}`), which clients such as kubectl debug read.
 */
export class PathNotFoundError extends ApiError {
  constructor() {
    super(404, 'NotFound', 'the server could not find the requested resource', {});
  }
}
