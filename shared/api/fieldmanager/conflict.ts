import { ApiError } from '../errors';
import { Path, pathString } from './path';
import { Manager, managerKey } from './managers';

export interface Conflict {
  manager: Manager;
  path: Path;
}

/**
 * 409 Conflict for an apply that would change fields other managers own, worded as upstream's
 * NewConflictError (kubectl prints the message and its advice on --force-conflicts after it).
 */
export class ApplyConflictError extends ApiError {
  constructor(readonly conflicts: readonly Conflict[]) {
    super(409, 'Conflict', conflictMessage(conflicts), {
      causes: conflicts.map((c) => ({
        reason: 'FieldManagerConflict',
        message: `conflict with ${printManager(c.manager)}`,
        field: pathString(c.path),
      })),
    });
  }
}

/** `"name"`, `"name" with subresource "status"`, and for Update entries ` using <apiVersion>`. */
export function printManager(m: Manager): string {
  let out = JSON.stringify(m.manager);
  if (m.subresource) out += ` with subresource ${JSON.stringify(m.subresource)}`;
  if (m.operation === 'Update') out += ` using ${m.apiVersion}`;
  return out;
}

function conflictMessage(conflicts: readonly Conflict[]): string {
  if (conflicts.length === 1) {
    return `Apply failed with 1 conflict: conflict with ${printManager(conflicts[0].manager)}: ${pathString(conflicts[0].path)}`;
  }
  const byManager = new Map<string, Conflict[]>();
  for (const c of conflicts) {
    const key = managerKey(c.manager);
    byManager.set(key, [...(byManager.get(key) ?? []), c]);
  }
  const lines: string[] = [];
  for (const key of [...byManager.keys()].sort()) {
    const group = byManager.get(key) as Conflict[];
    lines.push(`conflicts with ${printManager(group[0].manager)}:`);
    for (const c of group) lines.push(`- ${pathString(c.path)}`);
  }
  return `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
}
