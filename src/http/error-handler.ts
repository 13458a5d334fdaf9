/**
 * The last error handler: body-parser failures become 400/413/415 (body-errors.ts), ApiErrors their
 * status, and anything else a 500 that is logged (masked) without echoing internals to the client.
 */
import type { ErrorRequestHandler } from 'express';
import type { Logger } from '../log';
import { jsonBodyErrorHandler } from './body-errors';
import { ApiError, isStorageFull, sendError } from './errors';
import { requestLog } from './request-id';

export function createErrorHandler(rootLog: Logger): ErrorRequestHandler {
  const unexpected: ErrorRequestHandler = (err: unknown, req, res, next) => {
    // The request's own logger, its request id bound (src/http/app.ts).
    const log = requestLog(res, rootLog);
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
