import { BadRequestError } from '../api/errors';
import { parseInt64 } from './options';
import { matchesFields, parseFieldSelector, FieldRequirement } from '../api/selectors/fields';
import { matchesLabels, parseLabelSelector } from '../api/selectors/labels';
import { SelectorError } from '../api/selectors/errors';
import { KubeObject, ResourceDef } from '../registry/resource';

/** The selection a list or watch applies: labels, fields (upstream's per-kind field labels). */
export type Matcher = (obj: KubeObject) => boolean;

export function fieldsOf(def: ResourceDef, obj: KubeObject): Record<string, string> {
  const fields: Record<string, string> = { 'metadata.name': String(obj.metadata.name ?? '') };
  if (def.namespaced) fields['metadata.namespace'] = String(obj.metadata.namespace ?? '');
  return { ...fields, ...(def.strategy.fieldLabels?.(obj) ?? {}) };
}

export function buildMatcher(def: ResourceDef, query: URLSearchParams): Matcher {
  try {
    const labels = parseLabelSelector(query.get('labelSelector') ?? '');
    const fields = parseFieldSelector(query.get('fieldSelector') ?? '');
    checkFieldLabels(def, fields);
    if (labels.length === 0 && fields.length === 0) return () => true;
    return (obj) =>
      matchesLabels(labels, (obj.metadata.labels ?? {}) as Record<string, string>) && matchesFields(fields, fieldsOf(def, obj));
  } catch (err) {
    if (err instanceof SelectorError) throw new BadRequestError(err.message);
    throw err;
  }
}

function checkFieldLabels(def: ResourceDef, fields: FieldRequirement[]): void {
  if (fields.length === 0) return;
  const probe: KubeObject = { metadata: { name: '', namespace: '' } };
  const known = new Set(Object.keys(fieldsOf(def, probe)));
  for (const f of fields) if (!known.has(f.field)) throw new BadRequestError(`field label not supported: ${f.field}`);
}

interface ContinueToken {
  v: string;
  /** The storage resource the list was of; a token is only good for lists of it. */
  r?: string;
  rv: number;
  start: string;
}

/** The longest sort key the table accepts (DynamoDB's 1,024 bytes). */
const MAX_START_BYTES = 1024;

export function encodeContinue(resource: string, rv: number, start: string): string {
  const token: ContinueToken = { v: 'meta.k8s.io/v1', r: resource, rv, start };
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

/**
 * A continue token, checked as upstream's decodeContinue checks its key against the list's prefix:
 * a malformed token, or one from a list of another resource or namespace, is a 400.
 */
export function decodeContinue(value: string, resource: string, namespace: string | undefined): ContinueToken {
  let token: ContinueToken;
  try {
    token = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as ContinueToken;
  } catch {
    throw invalidContinue('illegal base64 data or JSON');
  }
  if (!token || typeof token !== 'object' || token.v !== 'meta.k8s.io/v1' || typeof token.start !== 'string') {
    throw invalidContinue('incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  }
  const inside = namespace === undefined || token.start.startsWith(`${namespace}/`);
  if ((token.r !== undefined && token.r !== resource) || !inside || Buffer.byteLength(token.start) > MAX_START_BYTES) {
    throw invalidContinue('the continue token was issued for a different list');
  }
  return token;
}

function invalidContinue(detail: string): BadRequestError {
  return new BadRequestError(`invalid continue token: continue key is not valid: ${detail}`);
}

export function parseLimit(query: URLSearchParams): number | undefined {
  const raw = query.get('limit');
  if (!raw) return undefined;
  const n = parseInt64(raw);
  if (n < 0) throw new BadRequestError(`limit must be a non-negative integer, got "${raw}"`);
  return n === 0 ? undefined : n;
}
