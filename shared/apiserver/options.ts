import { BadRequestError } from '../api/errors';
import type { FieldValidation } from '../registry/decode';
import { queryBool } from './query-bool';

/** Query parameters shared by write verbs. */
export interface WriteQuery {
  dryRun: boolean;
  fieldValidation: FieldValidation;
  fieldManager?: string;
  force: boolean;
}

export function writeQuery(query: URLSearchParams): WriteQuery {
  const dryRun = query.getAll('dryRun');
  for (const v of dryRun) if (v !== 'All') throw new BadRequestError(`Invalid dryRun value: ${v}; supported values: "All"`);
  const fv = query.get('fieldValidation') ?? 'Warn';
  if (!['Strict', 'Warn', 'Ignore'].includes(fv)) {
    throw new BadRequestError(`fieldValidation must be one of "Ignore", "Warn", or "Strict", got "${fv}"`);
  }
  return {
    dryRun: dryRun.length > 0,
    fieldValidation: fv as FieldValidation,
    fieldManager: query.get('fieldManager') ?? undefined,
    force: queryBool(query, 'force'),
  };
}

/** Query integers as upstream's parameter codec reads them (strconv.ParseInt): `1e3` and `1.5` are 400. */
export function parseInt64(raw: string): number {
  if (!/^[+-]?[0-9]+$/.test(raw)) throw new BadRequestError(`strconv.ParseInt: parsing ${JSON.stringify(raw)}: invalid syntax`);
  const n = BigInt(raw);
  if (n > 9223372036854775807n || n < -9223372036854775808n) {
    throw new BadRequestError(`strconv.ParseInt: parsing ${JSON.stringify(raw)}: value out of range`);
  }
  return Number(n);
}
