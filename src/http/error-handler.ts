/**
 * The last error handler: body-parser failures become 400/413/415 (body-errors.ts), ApiErrors their
 * status, and anything else a 500 that is logged (masked) without echoing internals to the client.
 */
import type { ErrorRequestHandler } from 'express';
import type { Logger } from '../log';
import { ApiError, isStorageFull, jsonBodyErrorHandler, sendError } from '../http-kit';

export function createErrorHandler(log: Logger): ErrorRequestHandler {
  const unexpected: ErrorRequestHandler = (err: unknown, req, res, next) => {
    if (res.headersSent) return next(err);
    if (err instanceof ApiError) return sendError(res, err.code, err.extra);
    if (isStorageFull(err)) {
      log.error('storage full', { method: req.method, path: req.path, err });
      return sendError(res, 'QH_ERR_STORAGE_FULL');
    }
    log.error('request failed', { method: req.method, path: req.path, err });
    sendError(res, 'QH_ERR_INTERNAL');
  };
  return (err, req, res, next) => jsonBodyErrorHandler(err, req, res, (rest?: unknown) => unexpected(rest, req, res, next));
}
