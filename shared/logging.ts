/**
 * One structured logger per process (CloudWatch parses its JSON lines); the component name is set
 * once. The local runner switches to readable text lines on a terminal. Never pass Secret data or
 * tokens to it.
 */
export type Level = 'debug' | 'info' | 'warn' | 'error';
export type LogFormat = 'json' | 'text';
/** Where lines go instead of stdout/stderr: a Lambda entry point hands them to Powertools Logger. */
export type LogSink = (level: Level, msg: string, fields: Record<string, unknown>) => void;

let component = process.env.SKIFF_COMPONENT ?? 'skiff';
let sink: LogSink | undefined;
let format: LogFormat = process.env.SKIFF_LOG_FORMAT === 'text' ? 'text' : 'json';
const quiet = process.env.SKIFF_LOG_LEVEL === 'silent';
const levels: Level[] = ['debug', 'info', 'warn', 'error'];
const threshold = levels.indexOf((process.env.SKIFF_LOG_LEVEL as Level) ?? 'info');

/** `12:00:01 WARN  kube-scheduler  pod unschedulable pod=default/web reason="0/3 nodes"`: a line for people. */
export function textLine(level: string, name: string, msg: string, time: Date, fields: Record<string, unknown>): string {
  const pairs = Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => {
      const s = typeof v === 'string' ? v : JSON.stringify(v);
      return `${k}=${/[\s"=]/.test(s) || s === '' ? JSON.stringify(s) : s}`;
    });
  return [time.toISOString().slice(11, 23), level.toUpperCase().padEnd(5), name, msg, ...pairs].join(' ');
}

function write(level: Level, msg: string, fields: Record<string, unknown> = {}): void {
  if (quiet || levels.indexOf(level) < (threshold < 0 ? 1 : threshold)) return;
  if (sink) return sink(level, msg, fields);
  const time = new Date();
  const line = format === 'text' ? textLine(level, component, msg, time, fields) : JSON.stringify({ level, component, msg, time: time.toISOString(), ...fields });
  (level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(`${line}\n`);
}

export const logger = {
  setComponent(name: string): void {
    component = name;
  },
  /** Hands every line to `next` (component and time are then the sink's to add). */
  setSink(next: LogSink): void {
    sink = next;
  },
  /** JSON lines (the default, and what CloudWatch parses) or text lines for a terminal. */
  setFormat(next: LogFormat): void {
    format = next;
  },
  debug: (msg: string, fields?: Record<string, unknown>) => write('debug', msg, fields),
  info: (msg: string, fields?: Record<string, unknown>) => write('info', msg, fields),
  warn: (msg: string, fields?: Record<string, unknown>) => write('warn', msg, fields),
  error: (msg: string, fields?: Record<string, unknown>) => write('error', msg, fields),
};
