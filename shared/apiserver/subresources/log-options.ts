import { ApiError, BadRequestError, StatusCause } from '../../api/errors';
import { queryBool } from '../query-bool';

/** PodLogOptions (core/v1) as the query string of `GET .../pods/<name>/log` carries them. */
export interface PodLogOptions {
  container?: string;
  follow: boolean;
  previous: boolean;
  sinceSeconds?: number;
  /** Unix ms. */
  sinceTime?: number;
  timestamps: boolean;
  tailLines?: number;
  limitBytes?: number;
}

/** An int64 query parameter as the parameter codec reads it (strconv.ParseInt; a bad one is a 400). */
function int64(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  if (!/^[+-]?\d+$/.test(raw)) throw new BadRequestError(`strconv.ParseInt: parsing ${JSON.stringify(raw)}: invalid syntax`);
  return Number(raw);
}

/** metav1.Time in a query: RFC 3339 (seconds; a fraction is accepted and kept). */
function rfc3339(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  const ok = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(raw);
  const ms = Date.parse(raw);
  if (!ok || Number.isNaN(ms)) throw new BadRequestError(`parsing time ${JSON.stringify(raw)} as "2006-01-02T15:04:05Z07:00": cannot parse ${JSON.stringify(raw)} as "2006"`);
  return ms;
}

/** Decodes and validates (upstream's ValidatePodLogOptions): a bad value is 422 PodLogOptions invalid. */
export function parsePodLogOptions(query: URLSearchParams, podName: string): PodLogOptions {
  const opts: PodLogOptions = {
    container: query.get('container') || undefined,
    follow: queryBool(query, 'follow'),
    previous: queryBool(query, 'previous'),
    sinceSeconds: int64(query, 'sinceSeconds'),
    sinceTime: rfc3339(query, 'sinceTime'),
    timestamps: queryBool(query, 'timestamps'),
    tailLines: int64(query, 'tailLines'),
    limitBytes: int64(query, 'limitBytes'),
  };
  const causes: StatusCause[] = [];
  const invalid = (field: string, value: number, msg: string) =>
    causes.push({ reason: 'FieldValueInvalid', field, message: `Invalid value: ${value}: ${msg}` });
  if (opts.tailLines !== undefined && opts.tailLines < 0) invalid('tailLines', opts.tailLines, 'must be greater than or equal to 0');
  if (opts.limitBytes !== undefined && opts.limitBytes < 1) invalid('limitBytes', opts.limitBytes, 'must be greater than 0');
  if (opts.sinceSeconds !== undefined && opts.sinceTime !== undefined) {
    causes.push({ reason: 'FieldValueForbidden', field: '', message: 'Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified' });
  } else if (opts.sinceSeconds !== undefined && opts.sinceSeconds < 1) {
    invalid('sinceSeconds', opts.sinceSeconds, 'must be greater than 0');
  }
  if (causes.length > 0) {
    // Upstream prints each as "<field>: <message>", an empty field included.
    const list = causes.map((c) => `${c.field}: ${c.message}`);
    const summary = list.length === 1 ? list[0] : `[${list.join(', ')}]`;
    throw new ApiError(422, 'Invalid', `PodLogOptions "${podName}" is invalid: ${summary}`, { name: podName, kind: 'PodLogOptions', causes });
  }
  return opts;
}

/** The earliest line time the options ask for (Unix ms), given the time of the request. */
export function sinceOf(opts: PodLogOptions, now: number): number | undefined {
  if (opts.sinceTime !== undefined) return opts.sinceTime;
  if (opts.sinceSeconds !== undefined) return now - opts.sinceSeconds * 1000;
  return undefined;
}
