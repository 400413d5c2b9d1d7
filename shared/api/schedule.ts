import { CronExpressionParser } from 'cron-parser';
import { parseDuration } from './validation/duration';

/**
 * CronJob schedules as upstream reads them (robfig/cron's standard parser): five fields or a
 * macro (@yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly, @every <duration>),
 * evaluated in the CronJob's timeZone (UTC, the controller-manager's zone here, when unset).
 */
export interface Schedule {
  /** The first activation strictly after `after`. */
  next(after: Date): Date;
}

const MACROS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);

export function parseSchedule(schedule: string, timeZone?: string): Schedule {
  const s = schedule.trim();
  if (s.startsWith('@every ')) {
    const seconds = Math.max(1, Math.round(parseDuration(s.slice('@every '.length).trim())));
    return { next: (after) => new Date((Math.floor(after.getTime() / 1000) + seconds) * 1000) };
  }
  if (s.startsWith('@')) {
    if (!MACROS.has(s)) throw new Error(`unrecognized descriptor: ${s}`);
  } else {
    const fields = s.split(/\s+/);
    if (fields.length !== 5) throw new Error(`expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`);
  }
  const expr = s === '@midnight' ? '@daily' : s === '@annually' ? '@yearly' : s;
  // Validates now; each `next` parses again from its own start (the parser's iterator is stateful).
  CronExpressionParser.parse(expr, { tz: timeZone ?? 'UTC' });
  return {
    next: (after) => CronExpressionParser.parse(expr, { currentDate: after, tz: timeZone ?? 'UTC' }).next().toDate(),
  };
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
