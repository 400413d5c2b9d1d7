/** Printers for ValidatingAdmissionPolicy and its bindings (upstream's v1.33 columns). */
import type { ValidatingAdmissionPolicy, ValidatingAdmissionPolicyBinding } from '../../api/types';
import { age } from './age';
import { ageColumn, col, nameColumn, Printer, view } from './columns';
import { formatLabelSelector } from './format';

export const validatingAdmissionPolicyPrinter: Printer = {
  columns: [
    nameColumn,
    col('Validations', 'integer', 'Validations indicates the number of validation rules defined in this configuration'),
    col('ParamKind', 'string', 'ParamKind specifies the kind of resources used to parameterize this policy'),
    ageColumn,
  ],
  cells(obj, now) {
    const p = view<ValidatingAdmissionPolicy>(obj);
    const kind = p.spec?.paramKind;
    return [p.metadata?.name ?? '', (p.spec?.validations ?? []).length, kind ? `${kind.apiVersion ?? ''}/${kind.kind ?? ''}` : '<unset>', age(p.metadata?.creationTimestamp, now)];
  },
};

/** A paramRef as upstream prints it: namespace/name (`*` for no namespace), else the selector. */
function paramRefCell(b: ValidatingAdmissionPolicyBinding): string {
  const ref = b.spec?.paramRef;
  if (!ref) return '<unset>';
  if (ref.name) return `${ref.namespace || '*'}/${ref.name}`;
  if (ref.selector) return formatLabelSelector(ref.selector);
  return '<unset>';
}

export const validatingAdmissionPolicyBindingPrinter: Printer = {
  columns: [
    nameColumn,
    col('PolicyName', 'string', 'PolicyName indicates the policy definition which the policy binding binded to'),
    col('ParamRef', 'string', 'ParamRef indicates the param resource which sets the configration param'),
    ageColumn,
  ],
  cells(obj, now) {
    const b = view<ValidatingAdmissionPolicyBinding>(obj);
    return [b.metadata?.name ?? '', b.spec?.policyName ?? '', paramRefCell(b), age(b.metadata?.creationTimestamp, now)];
  },
};
