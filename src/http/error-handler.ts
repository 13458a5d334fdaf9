/**
 * The last error handler: body-parser failures become 400/413/415 (body-errors.ts), ApiErrors their
 * status, other client errors raised by Express itself their 4xx, and anything else a 500 that is
 * logged (masked) without echoing internals to the client.
 */
import type { ErrorRequestHandler } from 'express';
import type { Logger } from '../log';
import { ApiError, isStorageFull, jsonBodyErrorHandler, sendError, type ApiErrorCode } from '../http-kit';
import { requestLog } from './request-id';

const CLIENT_ERRORS: Record<number, ApiErrorCode> = {
  401: 'QH_ERR_UNAUTHORIZED',
  403: 'QH_ERR_FORBIDDEN',
  404: 'QH_ERR_NOT_FOUND',
  409: 'QH_ERR_CONFLICT',
  413: 'QH_ERR_PAYLOAD_TOO_LARGE',
  415: 'QH_ERR_UNSUPPORTED_MEDIA_TYPE',
  429: 'QH_ERR_RATE_LIMITED',
};

/**
 * The 4xx status of an error Express's own machinery marks as the client's: http-errors (`expose`
 * with a 4xx `status`), and the router's URIError "Failed to decode param" (status 400) for a path
 * parameter whose percent-encoding does not decode (`/api/v1/tickets/%zz`). Undefined for anything
 * else, a 4xx of some upstream client library included: that is ours to log.
 */
function clientErrorStatus(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const { status, statusCode, expose } = err as { status?: unknown; statusCode?: unknown; expose?: unknown };
  if (expose !== true && !(err instanceof URIError)) return undefined;
  const s = typeof status === 'number' ? status : statusCode;
  return typeof s === 'number' && Number.isInteger(s) && s >= 400 && s < 500 ? s : undefined;
}

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
    // Never its message: the router's names the undecodable value.
    const client = clientErrorStatus(err);
    if (client !== undefined) return sendError(res, CLIENT_ERRORS[client] ?? 'QH_ERR_VALIDATION');
    log.error('request failed', { method: req.method, path: req.path, err });
    sendError(res, 'QH_ERR_INTERNAL');
  };
  return (err, req, res, next) => jsonBodyErrorHandler(err, req, res, (rest?: unknown) => unexpected(rest, req, res, next));
}
