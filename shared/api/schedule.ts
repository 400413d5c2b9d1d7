import { Cron } from 'croner';
import { parseDuration } from './validation/duration';

/**
 * CronJob schedules as upstream reads them (robfig/cron v3's standard parser): five fields or a
 * descriptor (@yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly, @every <duration>),
 * evaluated in the CronJob's timeZone (UTC, the controller-manager's zone here, when unset). The
 * fields are read here, with upstream's messages; the croner library finds the activations, in the
 * time zone, from the explicit values each field allows.
 */
export interface Schedule {
  /** The first activation strictly after `after`. */
  next(after: Date): Date;
}

const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

interface Bounds {
  min: number;
  max: number;
  names?: Record<string, number>;
}

const MONTHS = Object.fromEntries(['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'].map((m, i) => [m, i + 1]));
const DAYS = Object.fromEntries(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((d, i) => [d, i]));
/** Minute, hour, day of month, month, day of week. */
const FIELDS: Bounds[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: MONTHS },
  { min: 0, max: 6, names: DAYS },
];

export function parseSchedule(schedule: string, timeZone?: string): Schedule {
  const s = schedule.trim();
  if (s === '') throw new Error('empty spec string');
  if (s.startsWith('@every ')) {
    const seconds = Math.max(1, Math.round(parseDuration(s.slice('@every '.length).trim())));
    return { next: (after) => new Date((Math.floor(after.getTime() / 1000) + seconds) * 1000) };
  }
  let spec = s;
  if (s.startsWith('@')) {
    const expanded = DESCRIPTORS[s];
    if (!expanded) throw new Error(`unrecognized descriptor: ${s}`);
    spec = expanded;
  }
  const fields = spec.split(/\s+/);
  if (fields.length !== 5) throw new Error(`expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`);
  // Each field as croner reads it: `*` where robfig marks the field a star (which decides how the
  // day of month and the day of week combine), else the explicit values it allows.
  const pattern = fields.map((field, i) => fieldPattern(field, FIELDS[i] as Bounds)).join(' ');
  const cron = new Cron(pattern, { paused: true, timezone: timeZone ?? 'UTC' });
  return {
    next: (after) => {
      const at = cron.nextRun(after);
      if (!at) throw new Error(`no activation of ${schedule} after ${after.toISOString()}`);
      return at;
    },
  };
}

/** A field (comma-separated ranges) as croner's pattern part, after robfig's checks. */
function fieldPattern(field: string, bounds: Bounds): string {
  const values = new Set<number>();
  let star = false;
  for (const expr of field.split(',')) {
    const range = readRange(expr, bounds);
    star ||= range.star;
    for (let v = range.start; v <= range.end; v += range.step) values.add(v);
  }
  return star ? '*' : [...values].sort((a, b) => a - b).join(',');
}

/** One `a`, `a-b`, `*` or `?`, optionally `/step` (robfig's getRange, with its messages). */
function readRange(expr: string, bounds: Bounds): { start: number; end: number; step: number; star: boolean } {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = (rangeAndStep[0] as string).split('-');
  const single = lowAndHigh.length === 1;
  let start: number;
  let end: number;
  let star = false;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = bounds.min;
    end = bounds.max;
    star = true;
  } else {
    start = intOrName(lowAndHigh[0] as string, bounds.names);
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) end = intOrName(lowAndHigh[1] as string, bounds.names);
    else throw new Error(`too many hyphens: ${expr}`);
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    step = mustParseInt(rangeAndStep[1] as string);
    if (single) end = bounds.max;
    if (step > 1) star = false;
  } else if (rangeAndStep.length > 2) {
    throw new Error(`too many slashes: ${expr}`);
  }
  if (start < bounds.min) throw new Error(`beginning of range (${start}) below minimum (${bounds.min}): ${expr}`);
  if (end > bounds.max) throw new Error(`end of range (${end}) above maximum (${bounds.max}): ${expr}`);
  if (start > end) throw new Error(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  if (step === 0) throw new Error(`step of range should be a positive number: ${expr}`);
  return { start, end, step, star };
}

function intOrName(expr: string, names: Record<string, number> | undefined): number {
  const named = names?.[expr.toLowerCase()];
  return named ?? mustParseInt(expr);
}

/** Go's strconv.Atoi as robfig reports it. */
function mustParseInt(expr: string): number {
  if (!/^[+-]?\d+$/.test(expr)) throw new Error(`failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: invalid syntax`);
  const num = Number(expr);
  if (num < 0) throw new Error(`negative number (${num}) not allowed: ${expr}`);
  return num;
}

/** Why a schedule is invalid (upstream's validation message), or undefined. */
export function validateSchedule(schedule: string): string | undefined {
  if (/^\s*(CRON_)?TZ=/.test(schedule)) return 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead';
  try {
    parseSchedule(schedule);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

/** Why a time zone is unknown (upstream: `unknown time zone X`), or undefined. */
export function validateTimeZone(timeZone: string): string | undefined {
  if (timeZone === '' || timeZone.toLowerCase() === 'local') return `unknown time zone ${timeZone}`;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return undefined;
  } catch {
    return `unknown time zone ${timeZone}`;
  }
}
