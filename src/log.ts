/**
 * The structured logger, on pino: one JSON object a line ({"level":"info","time":"…ISO…","pid",
 * "hostname", bound fields, the call's fields, "msg"}), levels from LOG_LEVEL.
 *
 * Personal data never reaches a line: the message and every string in the fields (nested objects
 * and arrays included) go through maskPersonalData (src/privacy/mask.ts) before pino sees them, and
 * so do errors: an Error anywhere in the fields is written as {type, message, stack, code?, cause?}
 * with its message and stack masked (pino's own serialiser would copy an error's enumerable
 * properties unmasked). Secrets are never passed in.
 *
 * Child loggers bind fields (a request id, a component, a session hash) to every line they write.
 * A child is cheap to make: its pino child, and the masking of its fields, are made on its first
 * line, so a request that logs nothing costs an object and no more.
 */
import { hostname } from 'node:os';
import { types } from 'node:util';
import pino, { type DestinationStream, type Logger as PinoLogger } from 'pino';
import { maskPersonalData } from './privacy';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

/** Receives each line, without its newline. */
type Sink = (line: string) => void;

/** pino's numeric levels. */
const LEVEL_VALUES: Record<LogLevel, number> = { debug: 20, info: 30, warn: 40, error: 50, silent: Infinity };

/** Causes followed (and objects nested) at most this deep: a cycle must not hang a log call. */
const MAX_DEPTH = 8;

/** Whether a value is an Error, from this realm or another (errors from Node's core under a test runner's vm). */
const isError = (value: unknown): value is Error => value instanceof Error || types.isNativeError(value);

/** An Error as a log line carries it: its type, masked message and stack, code and cause. */
function serializeError(err: Error, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {
    type: err.constructor?.name && err.constructor.name !== 'Object' ? err.constructor.name : err.name,
    message: maskPersonalData(String(err.message)),
  };
  if (typeof err.stack === 'string') out.stack = maskPersonalData(err.stack);
  const { code, status, statusCode } = err as { code?: unknown; status?: unknown; statusCode?: unknown };
  if (typeof code === 'string' || typeof code === 'number') out.code = typeof code === 'string' ? maskPersonalData(code) : code;
  if (typeof status === 'number') out.status = status;
  if (typeof statusCode === 'number') out.statusCode = statusCode;
  if (err.cause !== undefined && depth < MAX_DEPTH) out.cause = loggable(err.cause, depth + 1);
  if (err instanceof AggregateError && Array.isArray(err.errors) && depth < MAX_DEPTH) {
    out.errors = err.errors.slice(0, 10).map((e: unknown) => loggable(e, depth + 1));
  }
  return out;
}

/**
 * A value as it may be logged: strings masked, errors serialised (masked), plain objects and arrays
 * walked. Other objects (a Date, a Buffer) are left to JSON, as before.
 */
function loggable(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskPersonalData(value);
  if (value === null || typeof value !== 'object') return value;
  if (isError(value)) return serializeError(value, depth);
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (Array.isArray(value)) return value.map((v) => loggable(v, depth + 1));
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = loggable(v, depth + 1);
  return out;
}

/** The fields of a call, ready for pino (never undefined: pino treats a string first argument as the message). */
const prepare = (fields: Record<string, unknown> | undefined): Record<string, unknown> =>
  fields ? (loggable(fields) as Record<string, unknown>) : {};

type Level = 'debug' | 'info' | 'warn' | 'error';

/**
 * A Logger over a pino logger made on first use: the root's, or a child of its parent's with the
 * bound fields (masked then). One object per child, no closures: a request that logs nothing pays
 * for an allocation.
 */
class LazyLogger implements Logger {
  private instance: PinoLogger | undefined;

  constructor(
    private readonly threshold: number,
    private readonly parent: LazyLogger | PinoLogger,
    private readonly fields?: Record<string, unknown>,
  ) {}

  private pino(): PinoLogger {
    if (!this.instance) {
      this.instance = this.parent instanceof LazyLogger ? this.parent.pino().child(prepare(this.fields)) : this.parent;
    }
    return this.instance;
  }

  private emit(level: Level, msg: string, fields: Record<string, unknown> | undefined): void {
    if (LEVEL_VALUES[level] < this.threshold) return;
    this.pino()[level](prepare(fields), maskPersonalData(msg));
  }

  debug(msg: string, fields?: Record<string, unknown>): void {
    this.emit('debug', msg, fields);
  }
  info(msg: string, fields?: Record<string, unknown>): void {
    this.emit('info', msg, fields);
  }
  warn(msg: string, fields?: Record<string, unknown>): void {
    this.emit('warn', msg, fields);
  }
  error(msg: string, fields?: Record<string, unknown>): void {
    this.emit('error', msg, fields);
  }
  child(fields: Record<string, unknown>): Logger {
    // A silent logger's children are silent too: nothing to bind.
    return this.threshold === Infinity ? this : new LazyLogger(this.threshold, this, fields);
  }
}

/**
 * A logger at `level`, writing to standard error (synchronously: a line written before a crash is
 * not lost), or to `sink` one line at a time (tests capture lines and parse them). `base` fields
 * are bound to every line.
 */
export function createLogger(level: LogLevel = 'info', sink?: Sink, base: Record<string, unknown> = {}): Logger {
  const stream: DestinationStream = sink
    ? { write: (chunk: string) => sink(chunk.endsWith('\n') ? chunk.slice(0, -1) : chunk) }
    : pino.destination({ dest: 2, sync: true });
  const root = pino(
    {
      level,
      base: { pid: process.pid, hostname: hostname() },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // Errors are serialised (and masked) by this module before pino sees them: pino's own
      // serialiser would take them for errors again and rename their type.
      serializers: { err: (value: unknown) => value },
    },
    stream,
  );
  const logger = new LazyLogger(LEVEL_VALUES[level], root);
  return Object.keys(base).length > 0 ? logger.child(base) : logger;
}

/** For tests and tools that must stay quiet. */
export const silentLogger: Logger = createLogger('silent', () => {});
