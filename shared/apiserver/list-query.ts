import { BadRequestError, GoneError } from '../api/errors';
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
  rv: number;
  start: string;
}

export function encodeContinue(rv: number, start: string): string {
  const token: ContinueToken = { v: 'meta.k8s.io/v1', rv, start };
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

export function decodeContinue(value: string): ContinueToken {
  try {
    const token = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as ContinueToken;
    if (token.v !== 'meta.k8s.io/v1' || typeof token.start !== 'string') throw new Error('bad version');
    return token;
  } catch {
    throw new GoneError('The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.');
  }
}

export function parseLimit(query: URLSearchParams): number | undefined {
  const raw = query.get('limit');
  if (!raw) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new BadRequestError(`limit must be a non-negative integer, got "${raw}"`);
  return n === 0 ? undefined : n;
}
