/**
 * Upstream's event validation (pkg/apis/core/validation/events.go, v1.33): the legacy checks every
 * write passes, whichever group it came through, and the strict ones only events.k8s.io/v1 writes
 * get. Field paths name the core/v1 (internal) fields, as upstream's do: a too-long `note` is
 * reported as `message`.
 */
import type { StatusCause } from '../../api/errors';
import type { Event } from '../../api/types';
import { invalid, required } from '../../api/validation/field';
import { validateDns1123Subdomain } from '../../api/validation/names';
import { validateLabelKey } from '../../api/selectors/validation';

const REPORTING_INSTANCE_MAX = 128;
const ACTION_MAX = 128;
const REASON_MAX = 128;
const NOTE_MAX = 1024;

const tooMany = (field: string, max: number) => invalid(field, '', `can have at most ${max} characters`);

/** Checks every event passes; events with eventTime set ("new" events) must name their reporter and action. */
export function legacyEventCauses(event: Event): StatusCause[] {
  const causes: StatusCause[] = [];
  const ns = event.metadata?.namespace ?? '';
  const involvedNs = event.involvedObject?.namespace ?? '';
  const mismatch = () => causes.push(invalid('involvedObject.namespace', involvedNs, 'does not match event.namespace'));
  if (!event.eventTime) {
    if (involvedNs === '' ? ns !== '' && ns !== 'default' : ns !== involvedNs) mismatch();
  } else {
    if (involvedNs === '' && ns !== 'default' && ns !== 'kube-system') mismatch();
    const controller = event.reportingComponent ?? '';
    if (!controller) causes.push(required('reportingController'));
    for (const m of validateLabelKey(controller)) causes.push(invalid('reportingController', controller, m));
    const instance = event.reportingInstance ?? '';
    if (!instance) causes.push(required('reportingInstance'));
    if (instance.length > REPORTING_INSTANCE_MAX) causes.push(tooMany('reportingInstance', REPORTING_INSTANCE_MAX));
    if (!event.action) causes.push(required('action'));
    if ((event.action ?? '').length > ACTION_MAX) causes.push(tooMany('action', ACTION_MAX));
    if (!event.reason) causes.push(required('reason'));
    if ((event.reason ?? '').length > REASON_MAX) causes.push(tooMany('reason', REASON_MAX));
    if ((event.message ?? '').length > NOTE_MAX) causes.push(tooMany('message', NOTE_MAX));
  }
  for (const m of validateDns1123Subdomain(ns)) causes.push(invalid('namespace', ns, m));
  return causes;
}

function seriesCauses(event: Event): StatusCause[] {
  if (!event.series) return [];
  const causes: StatusCause[] = [];
  if ((event.series.count ?? 0) < 2) causes.push(invalid('series.count', '', 'should be at least 2'));
  if (!event.series.lastObservedTime) causes.push(required('series.lastObservedTime'));
  return causes;
}

const hasSource = (e: Event) => Boolean(e.source?.component || e.source?.host);

/** What an events.k8s.io/v1 create must also satisfy (the event as stored, i.e. in core/v1 form). */
export function strictEventCreateCauses(event: Event): StatusCause[] {
  const causes = seriesCauses(event);
  if (!event.eventTime) causes.push(required('eventTime'));
  if (event.type !== 'Normal' && event.type !== 'Warning') causes.push(invalid('type', '', `has invalid value: ${event.type ?? ''}`));
  if (event.firstTimestamp) causes.push(invalid('firstTimestamp', '', 'needs to be unset'));
  if (event.lastTimestamp) causes.push(invalid('lastTimestamp', '', 'needs to be unset'));
  if (event.count) causes.push(invalid('count', '', 'needs to be unset'));
  if (hasSource(event)) causes.push(invalid('source', '', 'needs to be unset'));
  return causes;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

const IMMUTABLE: [keyof Event, string][] = [
  ['involvedObject', 'involvedObject'],
  ['reason', 'reason'],
  ['message', 'message'],
  ['source', 'source'],
  ['firstTimestamp', 'firstTimestamp'],
  ['lastTimestamp', 'lastTimestamp'],
  ['count', 'count'],
  ['type', 'type'],
  ['eventTime', 'eventTime'],
  ['action', 'action'],
  ['related', 'related'],
  ['reportingComponent', 'reportingController'],
  ['reportingInstance', 'reportingInstance'],
];

/** What an events.k8s.io/v1 update must also satisfy: only the series (and metadata) may change. */
export function strictEventUpdateCauses(event: Event, old: Event): StatusCause[] {
  const causes = same(event.series, old.series) ? [] : seriesCauses(event);
  for (const [key, path] of IMMUTABLE) {
    const value = key === 'source' ? (hasSource(event) ? event.source : undefined) : event[key];
    const was = key === 'source' ? (hasSource(old) ? old.source : undefined) : old[key];
    if (!same(value, was)) causes.push(invalid(path, value ?? '', 'field is immutable'));
  }
  return causes;
}
