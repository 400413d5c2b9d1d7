import { sameJson } from '../../api/patch/json';
import { StatusCause } from '../../api/errors';
import { immutable } from '../meta';
import { KubeObject, Strategy } from '../resource';
import { defaultPodTemplate } from './pod-defaults';
import { validatePodSpec } from './pod-validate';
import { validateSchedule, validateTimeZone } from '../../api/schedule';

type Obj = Record<string, unknown>;

/** Labels upstream's Job strategy puts on a Job's pods (and its generated selector matches). */
export const JOB_LABELS = {
  controllerUid: 'batch.kubernetes.io/controller-uid',
  jobName: 'batch.kubernetes.io/job-name',
  legacyControllerUid: 'controller-uid',
  legacyJobName: 'job-name',
} as const;

const invalid = (field: string, value: unknown, message: string): StatusCause => ({ reason: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(value)}: ${message}`, field });
const required = (field: string, detail?: string): StatusCause => ({ reason: 'FieldValueRequired', message: detail ? `Required value: ${detail}` : 'Required value', field });
const supported = (field: string, value: unknown, allowed: string[]): StatusCause => ({
  reason: 'FieldValueNotSupported',
  message: `Unsupported value: ${JSON.stringify(value)}: supported values: ${allowed.map((a) => `"${a}"`).join(', ')}`,
  field,
});

/** Upstream's SetDefaults_Job (pkg/apis/batch/v1/defaults.go). */
export function defaultJobSpec(spec: Obj): void {
  if (spec.completions === undefined && spec.parallelism === undefined) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  spec.parallelism ??= 1;
  spec.backoffLimit ??= spec.backoffLimitPerIndex === undefined ? 6 : 2147483647;
  spec.completionMode ??= 'NonIndexed';
  spec.suspend ??= false;
  spec.podReplacementPolicy ??= spec.podFailurePolicy ? 'Failed' : 'TerminatingOrFailed';
  spec.manualSelector ??= undefined;
  if (spec.manualSelector === undefined) delete spec.manualSelector;
  defaultPodTemplate(spec.template as Obj | undefined);
}

/** The selector and pod labels the Job strategy generates at create (unless manualSelector). */
function generateSelector(obj: KubeObject): void {
  const spec = (obj.spec ?? {}) as Obj;
  if (spec.manualSelector === true) return;
  const uid = String(obj.metadata.uid);
  const name = String(obj.metadata.name ?? '');
  const template = (spec.template ??= {}) as Obj;
  const meta = (template.metadata ??= {}) as Obj;
  const labels = (meta.labels ??= {}) as Record<string, string>;
  labels[JOB_LABELS.controllerUid] = uid;
  labels[JOB_LABELS.jobName] = name;
  labels[JOB_LABELS.legacyControllerUid] ??= uid;
  labels[JOB_LABELS.legacyJobName] ??= name;
  spec.selector ??= { matchLabels: { [JOB_LABELS.controllerUid]: uid } };
}

/** Upstream's ValidateJobSpec: counts, modes, the template's restart policy. */
export function validateJobSpec(spec: Obj | undefined, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  if (!spec) return [required(path)];
  for (const field of ['parallelism', 'completions', 'backoffLimit', 'ttlSecondsAfterFinished', 'backoffLimitPerIndex', 'maxFailedIndexes']) {
    const v = spec[field];
    if (typeof v === 'number' && v < 0) causes.push(invalid(`${path}.${field}`, v, 'must be greater than or equal to 0'));
  }
  const deadline = spec.activeDeadlineSeconds;
  if (typeof deadline === 'number' && deadline <= 0) causes.push(invalid(`${path}.activeDeadlineSeconds`, deadline, 'must be greater than 0'));
  const mode = spec.completionMode;
  if (mode !== undefined && mode !== 'NonIndexed' && mode !== 'Indexed') causes.push(supported(`${path}.completionMode`, mode, ['NonIndexed', 'Indexed']));
  if (mode === 'Indexed') {
    if (spec.completions === undefined) causes.push(required(`${path}.completions`, 'when completion mode is Indexed'));
    if (typeof spec.completions === 'number' && spec.completions > 100000) causes.push(invalid(`${path}.completions`, spec.completions, 'must be less than or equal to 100000 when completion mode is Indexed'));
    if (typeof spec.parallelism === 'number' && spec.parallelism > 100000) causes.push(invalid(`${path}.parallelism`, spec.parallelism, 'must be less than or equal to 100000 when completion mode is Indexed'));
  } else {
    if (spec.backoffLimitPerIndex !== undefined) causes.push(required(`${path}.completionMode`, 'when backoffLimitPerIndex is specified, must be Indexed'));
    if (spec.successPolicy !== undefined) causes.push(invalid(`${path}.successPolicy`, spec.successPolicy, 'requires indexed completion mode'));
  }
  if (spec.maxFailedIndexes !== undefined && spec.backoffLimitPerIndex === undefined) causes.push(required(`${path}.backoffLimitPerIndex`, 'when maxFailedIndexes is specified'));
  const replacement = spec.podReplacementPolicy;
  if (replacement !== undefined && replacement !== 'TerminatingOrFailed' && replacement !== 'Failed') causes.push(supported(`${path}.podReplacementPolicy`, replacement, ['Failed', 'TerminatingOrFailed']));
  if (spec.podFailurePolicy && replacement === 'TerminatingOrFailed') {
    causes.push(invalid(`${path}.podReplacementPolicy`, replacement, 'must be Failed when podFailurePolicy is specified'));
  }
  causes.push(...validatePodFailurePolicy(spec.podFailurePolicy as Obj | undefined, `${path}.podFailurePolicy`));
  const template = spec.template as { metadata?: { labels?: Record<string, string> }; spec?: Obj } | undefined;
  if (!template) causes.push(required(`${path}.template`));
  else {
    causes.push(...validatePodSpec(template.spec, `${path}.template.spec`));
    const restart = template.spec?.restartPolicy;
    if (restart === undefined) causes.push(required(`${path}.template.spec.restartPolicy`, 'valid values: "OnFailure", "Never"'));
    else if (restart !== 'OnFailure' && restart !== 'Never') causes.push(supported(`${path}.template.spec.restartPolicy`, restart, ['OnFailure', 'Never']));
  }
  return causes;
}

const ACTIONS = ['Count', 'FailIndex', 'FailJob', 'Ignore'];

function validatePodFailurePolicy(policy: Obj | undefined, path: string): StatusCause[] {
  if (!policy) return [];
  const causes: StatusCause[] = [];
  const rules = (policy.rules as Obj[] | undefined) ?? [];
  if (rules.length > 20) causes.push({ reason: 'FieldValueTooMany', message: `Too many: ${rules.length}: must have at most 20 items`, field: `${path}.rules` });
  rules.forEach((rule, i) => {
    const at = `${path}.rules[${i}]`;
    if (!ACTIONS.includes(String(rule.action))) causes.push(supported(`${at}.action`, rule.action, ACTIONS));
    const codes = rule.onExitCodes as Obj | undefined;
    const conditions = rule.onPodConditions as Obj[] | undefined;
    if (codes && conditions) causes.push(invalid(at, 'specifying both OnExitCodes and OnPodConditions is not supported', 'specifying both OnExitCodes and OnPodConditions is not supported'));
    if (!codes && !conditions) causes.push(invalid(at, 'specifying one of OnExitCodes and OnPodConditions is required', 'specifying one of OnExitCodes and OnPodConditions is required'));
    if (codes) {
      if (codes.operator !== 'In' && codes.operator !== 'NotIn') causes.push(supported(`${at}.onExitCodes.operator`, codes.operator, ['In', 'NotIn']));
      const values = (codes.values as number[] | undefined) ?? [];
      if (values.length === 0) causes.push(required(`${at}.onExitCodes.values`));
      if (codes.operator === 'In' && values.includes(0)) causes.push(invalid(`${at}.onExitCodes.values[${values.indexOf(0)}]`, 0, 'must not be 0 for the In operator'));
    }
  });
  return causes;
}

/** Fields of a Job's template that may change while it is suspended (upstream allows scheduling directives). */
const SUSPENDED_MUTABLE = ['nodeSelector', 'tolerations', 'affinity', 'schedulingGates'];

function validateJobUpdate(obj: KubeObject, old: KubeObject): StatusCause[] {
  const causes: StatusCause[] = [];
  const spec = (obj.spec ?? {}) as Obj;
  const before = (old.spec ?? {}) as Obj;
  if (!sameJson(spec.selector, before.selector)) causes.push(immutable('spec.selector', spec.selector));
  if (spec.completionMode !== before.completionMode) causes.push(immutable('spec.completionMode', spec.completionMode));
  if (spec.podFailurePolicy !== undefined && !sameJson(spec.podFailurePolicy, before.podFailurePolicy)) causes.push(immutable('spec.podFailurePolicy', spec.podFailurePolicy));
  if (before.completionMode !== 'Indexed' && spec.completions !== before.completions) causes.push(immutable('spec.completions', spec.completions));
  if (before.completionMode === 'Indexed' && spec.completions !== before.completions && spec.completions !== spec.parallelism) {
    causes.push(invalid('spec.completions', spec.completions, 'can only be modified in tandem with spec.parallelism'));
  }
  if (!sameJson(templateForCompare(spec, before), templateForCompare(before, before))) causes.push(immutable('spec.template', spec.template));
  return causes;
}

/** The template minus what a suspended, never-started Job may change. */
function templateForCompare(spec: Obj, old: Obj): unknown {
  const template = structuredClone((spec.template ?? {}) as Obj);
  const startedOrRunning = old.suspend !== true;
  if (!startedOrRunning) {
    const podSpec = (template.spec ?? {}) as Obj;
    for (const f of SUSPENDED_MUTABLE) delete podSpec[f];
    const meta = (template.metadata ?? {}) as Obj;
    delete meta.labels;
    delete meta.annotations;
  }
  return template;
}

export const jobStrategy: Strategy = {
  prepareForCreate: generateSelector,
  defaults(obj) {
    defaultJobSpec((obj.spec ??= {}) as Obj);
  },
  validate(obj, old) {
    const causes = validateJobSpec(obj.spec as Obj | undefined, 'spec');
    const spec = (obj.spec ?? {}) as Obj;
    if (spec.manualSelector === true && !spec.selector) causes.push(required('spec.selector'));
    if (old) causes.push(...validateJobUpdate(obj, old));
    return causes;
  },
  fieldLabels: (obj) => ({ 'status.successful': String(((obj.status ?? {}) as Obj).succeeded ?? 0) }),
};

const CONCURRENCY = ['Allow', 'Forbid', 'Replace'];

export const cronJobStrategy: Strategy = {
  defaults(obj) {
    const spec = (obj.spec ??= {}) as Obj;
    spec.concurrencyPolicy ??= 'Allow';
    spec.suspend ??= false;
    spec.successfulJobsHistoryLimit ??= 3;
    spec.failedJobsHistoryLimit ??= 1;
    const template = (spec.jobTemplate ??= {}) as Obj;
    defaultJobSpec((template.spec ??= {}) as Obj);
  },
  validate(obj) {
    const spec = (obj.spec ?? {}) as Obj;
    const causes: StatusCause[] = [];
    if (typeof spec.schedule !== 'string' || spec.schedule === '') causes.push(required('spec.schedule'));
    else {
      const problem = validateSchedule(spec.schedule);
      if (problem) causes.push(invalid('spec.schedule', spec.schedule, problem));
    }
    if (spec.timeZone !== undefined) {
      const problem = validateTimeZone(String(spec.timeZone));
      if (problem) causes.push(invalid('spec.timeZone', spec.timeZone, problem));
    }
    if (!CONCURRENCY.includes(String(spec.concurrencyPolicy))) causes.push(supported('spec.concurrencyPolicy', spec.concurrencyPolicy, CONCURRENCY));
    for (const field of ['startingDeadlineSeconds', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit']) {
      const v = spec[field];
      if (typeof v === 'number' && v < 0) causes.push(invalid(`spec.${field}`, v, 'must be greater than or equal to 0'));
    }
    const name = String(obj.metadata.name ?? '');
    // Job names are `<cronjob>-<minutes since epoch>` (11 characters), within a 63-character label.
    if (name.length > 52) causes.push(invalid('metadata.name', name, 'must be no more than 52 characters'));
    const template = (spec.jobTemplate ?? {}) as Obj;
    causes.push(...validateJobSpec(template.spec as Obj | undefined, 'spec.jobTemplate.spec'));
    return causes;
  },
};
