import type { DynamoDBRecord } from 'aws-lambda';

/**
 * Lambda event filtering patterns (the subset Skiff uses: exact values, prefix, exists,
 * anything-but), declared once per consumer. The CDK stack passes them to the event source
 * mapping; the local poller evaluates them here with the same meaning.
 */
export type Matcher =
  | string
  | number
  | boolean
  | { prefix: string }
  | { exists: boolean }
  | { 'anything-but': (string | number)[] };

export interface FilterPattern {
  [key: string]: FilterPattern | Matcher[];
}

function matchValue(value: unknown, matchers: Matcher[]): boolean {
  return matchers.some((m) => {
    if (typeof m !== 'object') return value === m;
    if ('prefix' in m) return typeof value === 'string' && value.startsWith(m.prefix);
    if ('exists' in m) return m.exists ? value !== undefined : value === undefined;
    if ('anything-but' in m) return value !== undefined && !m['anything-but'].includes(value as string | number);
    return false;
  });
}

function matchNode(value: unknown, pattern: FilterPattern): boolean {
  for (const [key, expected] of Object.entries(pattern)) {
    const child = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
    if (Array.isArray(expected)) {
      if (!matchValue(child, expected)) return false;
    } else if (!matchNode(child, expected)) {
      // An `exists: false` deep inside a missing object still holds.
      if (child !== undefined || !onlyAbsence(expected)) return false;
    }
  }
  return true;
}

function onlyAbsence(pattern: FilterPattern): boolean {
  return Object.values(pattern).every((v) =>
    Array.isArray(v) ? v.every((m) => typeof m === 'object' && 'exists' in m && m.exists === false) : onlyAbsence(v),
  );
}

/** True when any of the patterns matches (Lambda ORs a mapping's filters). */
export function matchesAny(record: DynamoDBRecord, patterns: FilterPattern[]): boolean {
  return patterns.length === 0 || patterns.some((p) => matchNode(record, p));
}

/** The filter JSON strings the event source mapping takes. */
export function filterCriteria(patterns: FilterPattern[]): { pattern: string }[] {
  return patterns.map((p) => ({ pattern: JSON.stringify(p) }));
}
