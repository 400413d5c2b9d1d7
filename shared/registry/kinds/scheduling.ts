/** scheduling.k8s.io/v1 PriorityClass: upstream's defaults and validation (system- names reserved). */
import type { StatusCause } from '../../api/errors';
import { forbidden, notSupported } from '../../api/validation/field';
import type { PriorityClass } from '../../api/types';
import { SYSTEM_PRIORITY_CLASSES } from '../../admission/plugins/priority';
import type { Strategy } from '../resource';

export const HIGHEST_USER_DEFINABLE_PRIORITY = 1000000000;

function systemClassError(pc: PriorityClass): string | undefined {
  const name = String(pc.metadata?.name);
  const known = SYSTEM_PRIORITY_CLASSES.find((c) => c.metadata?.name === name);
  if (!known) return `${name} is not a known system priority class`;
  if (known.value !== pc.value) return `value of ${name} PriorityClass must be ${known.value}`;
  if (pc.globalDefault) return `globalDefault of ${name} PriorityClass must be false`;
  return undefined;
}

export const priorityClassStrategy: Strategy = {
  defaults(obj) {
    obj.preemptionPolicy ??= 'PreemptLowerPriority';
  },
  validate(obj, old) {
    const pc = obj as PriorityClass;
    const causes: StatusCause[] = [];
    if (String(pc.metadata?.name).startsWith('system-')) {
      const error = systemClassError(pc);
      if (error) causes.push(forbidden('metadata.name', `priority class names with 'system-' prefix are reserved for system use only. error: ${error}`));
    } else if (pc.value > HIGHEST_USER_DEFINABLE_PRIORITY) {
      causes.push(forbidden('value', `maximum allowed value of a user defined priority is ${HIGHEST_USER_DEFINABLE_PRIORITY}`));
    }
    if (pc.preemptionPolicy && !['PreemptLowerPriority', 'Never'].includes(pc.preemptionPolicy)) {
      causes.push(notSupported('preemptionPolicy', pc.preemptionPolicy, ['Never', 'PreemptLowerPriority']));
    }
    const prev = old as PriorityClass | undefined;
    if (prev && prev.value !== pc.value) causes.push(forbidden('Value', 'may not be changed in an update.'));
    if (prev && prev.preemptionPolicy !== pc.preemptionPolicy) {
      causes.push({ reason: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(pc.preemptionPolicy)}: field is immutable`, field: 'preemptionPolicy' });
    }
    return causes;
  },
};
