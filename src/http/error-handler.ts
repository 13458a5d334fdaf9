/**
 * The last error handler: body-parser failures become 400/413/415, ApiErrors their status, and
 * anything else a 500 that is logged (masked) without echoing internals to the client.
 */
import type { ErrorRequestHandler } from 'express';
import type { Logger } from '../log';
import { ApiError, sendError, type ApiErrorCode } from './errors';

const BODY_ERRORS: Record<string, ApiErrorCode> = {
  'entity.too.large': 'QH_ERR_PAYLOAD_TOO_LARGE',
  'entity.parse.failed': 'QH_ERR_MALFORMED_JSON',
  'encoding.unsupported': 'QH_ERR_UNSUPPORTED_MEDIA_TYPE',
  'charset.unsupported': 'QH_ERR_UNSUPPORTED_MEDIA_TYPE',
  'request.aborted': 'QH_ERR_VALIDATION',
};

export function createErrorHandler(log: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) return next(err);
    if (err instanceof ApiError) return sendError(res, err.code, err.extra);
    const type = (err as { type?: unknown } | null)?.type;
    if (typeof type === 'string' && BODY_ERRORS[type]) return sendError(res, BODY_ERRORS[type]);
    log.error('request failed', { method: req.method, path: req.path, err });
    sendError(res, 'QH_ERR_INTERNAL');
  };
}
