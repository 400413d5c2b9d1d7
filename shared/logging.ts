/**
 * One structured JSON logger per process (CloudWatch parses it); the component name is set once.
 * Never pass Secret data or tokens to it.
 */
type Level = 'debug' | 'info' | 'warn' | 'error';

let component = process.env.SKIFF_COMPONENT ?? 'skiff';
const quiet = process.env.SKIFF_LOG_LEVEL === 'silent';
const levels: Level[] = ['debug', 'info', 'warn', 'error'];
const threshold = levels.indexOf((process.env.SKIFF_LOG_LEVEL as Level) ?? 'info');

function write(level: Level, msg: string, fields: Record<string, unknown> = {}): void {
  if (quiet || levels.indexOf(level) < (threshold < 0 ? 1 : threshold)) return;
  const line = JSON.stringify({ level, component, msg, time: new Date().toISOString(), ...fields });
  (level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(`${line}\n`);
}

export const logger = {
  setComponent(name: string): void {
    component = name;
  },
  debug: (msg: string, fields?: Record<string, unknown>) => write('debug', msg, fields),
  info: (msg: string, fields?: Record<string, unknown>) => write('info', msg, fields),
  warn: (msg: string, fields?: Record<string, unknown>) => write('warn', msg, fields),
  error: (msg: string, fields?: Record<string, unknown>) => write('error', msg, fields),
};
