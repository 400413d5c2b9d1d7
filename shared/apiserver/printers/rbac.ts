/** RBAC kinds as upstream prints them: roles by name and creation time, bindings by role and subjects. */
import type { RoleBinding } from '../../api/types';
import { age } from './age';
import { ageColumn, col, nameColumn, Printer, view } from './columns';

const createdAt = col('Created At', 'date', 'CreationTimestamp is a timestamp representing the server time when this object was created.');

export const rolePrinter: Printer = {
  columns: [nameColumn, createdAt],
  cells(obj) {
    const created = obj.metadata.creationTimestamp;
    return [String(obj.metadata.name ?? ''), typeof created === 'string' ? new Date(created).toISOString().replace(/\.\d{3}Z$/, 'Z') : ''];
  },
};

/** A binding's users, groups and service accounts (`namespace:name`), comma-separated, as upstream's SubjectsStrings. */
export function subjectsStrings(binding: RoleBinding): [string, string, string] {
  const users: string[] = [];
  const groups: string[] = [];
  const accounts: string[] = [];
  for (const s of binding.subjects ?? []) {
    if (s.kind === 'User') users.push(s.name);
    else if (s.kind === 'Group') groups.push(s.name);
    else if (s.kind === 'ServiceAccount') accounts.push(`${s.namespace ?? ''}:${s.name}`);
  }
  return [users.join(', '), groups.join(', '), accounts.join(', ')];
}

export const roleBindingPrinter: Printer = {
  columns: [
    nameColumn,
    col('Role', 'string', 'Role of the role binding.'),
    ageColumn,
    col('Users', 'string', 'Users in the role binding.', 1),
    col('Groups', 'string', 'Groups in the role binding.', 1),
    col('ServiceAccounts', 'string', 'ServiceAccounts in the role binding.', 1),
  ],
  cells(obj, now) {
    const binding = view<RoleBinding>(obj);
    const ref = binding.roleRef;
    return [binding.metadata?.name ?? '', `${ref?.kind ?? ''}/${ref?.name ?? ''}`, age(binding.metadata?.creationTimestamp, now), ...subjectsStrings(binding)];
  },
};
