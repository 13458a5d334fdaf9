/**
 * A small structured logger: one JSON object a line, personal data masked in every field,
 * secrets never passed in. Levels follow LOG_LEVEL.
 */
import { maskDeep } from './privacy';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

type Sink = (line: string) => void;

export function createLogger(level: LogLevel = 'info', sink: Sink = (l) => process.stderr.write(l + '\n'), base: Record<string, unknown> = {}): Logger {
  const threshold = LOG_LEVELS.indexOf(level);
  const emit = (lvl: Exclude<LogLevel, 'silent'>, msg: string, fields?: Record<string, unknown>) => {
    if (LOG_LEVELS.indexOf(lvl) < threshold) return;
    const errorFields = fields?.err instanceof Error ? { err: { name: fields.err.name, message: fields.err.message } } : {};
    sink(JSON.stringify(maskDeep({ time: new Date().toISOString(), level: lvl, msg, ...base, ...fields, ...errorFields })));
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (fields) => createLogger(level, sink, { ...base, ...fields }),
  };
}

/** For tests and tools that must stay quiet. */
export const silentLogger: Logger = createLogger('silent');
