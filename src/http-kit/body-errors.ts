/**
 * Request bodies: clean JSON answers for body-parser failures, and access to the raw bytes that
 * signed requests (status callbacks) are verified over.
 *
 * jsonBodyErrorHandler: 413 oversized, 400 malformed JSON (or a gzip, deflate or brotli body that
 * does not decompress), 415 unsupported encoding or charset, in
 * the catalogue's format (errors.ts). The ticket routers use it themselves; mount it after the
 * routers too if you like. Anything else goes to the next error handler.
 *
 * captureRawBody: pass as `verify` to a global express.json() mounted before the ticket router
 * (express.json({ limit, verify: captureRawBody })); without it a global parser would consume the
 * body and the signature could not be checked. Without a global parser the router reads the raw
 * body itself.
 */
import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { isUtf8 } from 'node:buffer';
import type { IncomingMessage } from 'node:http';
import { sendError, type ApiErrorCode } from './errors';

const BODY_ERRORS: Record<string, ApiErrorCode> = {
  'entity.too.large': 'QH_ERR_PAYLOAD_TOO_LARGE',
  'entity.parse.failed': 'QH_ERR_MALFORMED_JSON',
  'encoding.unsupported': 'QH_ERR_UNSUPPORTED_MEDIA_TYPE',
  'charset.unsupported': 'QH_ERR_UNSUPPORTED_MEDIA_TYPE',
  'charset.invalid': 'QH_ERR_MALFORMED_JSON',
  'request.aborted': 'QH_ERR_VALIDATION',
  'request.size.invalid': 'QH_ERR_VALIDATION',
  'stream.encoding.set': 'QH_ERR_INTERNAL',
};

/**
 * A body that does not decompress: zlib's errors for gzip and deflate (Z_DATA_ERROR, Z_BUF_ERROR…)
 * and brotli's (ERR__ERROR_FORMAT_PADDING_2…, Node's names for BROTLI_DECODER_ERROR_*).
 */
const DECOMPRESSION_ERROR = /^(?:Z_|ERR__ERROR_)/;

export const jsonBodyErrorHandler: ErrorRequestHandler = (err: unknown, _req, res, next) => {
  const { type, code: errno } = (err ?? {}) as { type?: unknown; code?: unknown };
  const code =
    typeof type === 'string' ? BODY_ERRORS[type] : typeof errno === 'string' && DECOMPRESSION_ERROR.test(errno) ? 'QH_ERR_MALFORMED_JSON' : undefined;
  if (res.headersSent || !code) return next(err);
  sendError(res, code);
};

const RAW = Symbol.for('qihu.rawBody');

/** body-parser `verify` hook: keeps the exact bytes of the body on the request. */
export function captureRawBody(req: IncomingMessage, _res: unknown, buf: Buffer): void {
  (req as unknown as Record<symbol, Buffer>)[RAW] = buf;
}

/** The raw body: parsed by express.raw(), or captured by captureRawBody; undefined if neither. */
export function rawBodyOf(req: Request): Buffer | undefined {
  if (Buffer.isBuffer(req.body)) return req.body;
  const captured = (req as unknown as Record<symbol, unknown>)[RAW];
  if (Buffer.isBuffer(captured)) return captured;
  // No body at all (no content): nothing to verify but the empty string.
  if (req.body === undefined) return Buffer.alloc(0);
  return undefined;
}

/** A body that is not JSON (text/plain, a form) is refused with 415 before anything reads it. */
export const requireJsonBody: RequestHandler = (req, res, next) => {
  // req.is: null without a body, false when its type is something else.
  if (req.is(['application/json', 'application/*+json']) === false) sendError(res, 'QH_ERR_UNSUPPORTED_MEDIA_TYPE');
  else next();
};

/**
 * body-parser `verify` hook: a body that is not valid UTF-8 is refused (400) rather than decoded
 * with U+FFFD in place of what could not be read, which would store text the sender never wrote.
 */
export function requireUtf8(_req: IncomingMessage, _res: unknown, buf: Buffer): void {
  if (!isUtf8(buf)) throw Object.assign(new Error('the body is not valid UTF-8'), { status: 400, type: 'charset.invalid' });
}
