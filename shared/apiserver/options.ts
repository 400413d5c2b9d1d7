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
