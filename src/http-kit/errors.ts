/**
 * The one catalogue of API errors (cf. fastify's lib/errors.js): a stable code, an HTTP status and
 * the Chinese message users see. docs/api.md lists the same codes; a test keeps them in step.
 */
import type { Response } from 'express';
import { z } from 'zod';
import { zodIssues, Issue } from '../util';
import './zod-locale';

export const API_ERRORS = {
  QH_ERR_VALIDATION: { status: 400, message: '请求内容不符合要求' },
  QH_ERR_MALFORMED_JSON: { status: 400, message: '请求内容不是有效的 JSON' },
  QH_ERR_UNAUTHORIZED: { status: 401, message: '需要登录或有效的凭据' },
  QH_ERR_FORBIDDEN: { status: 403, message: '没有权限执行此操作' },
  QH_ERR_NOT_FOUND: { status: 404, message: '找不到请求的资源' },
  QH_ERR_CONFLICT: { status: 409, message: '与当前状态冲突' },
  QH_ERR_PAYLOAD_TOO_LARGE: { status: 413, message: '请求内容过大' },
  QH_ERR_UNSUPPORTED_MEDIA_TYPE: { status: 415, message: '请使用 application/json' },
  QH_ERR_RATE_LIMITED: { status: 429, message: '请求太频繁，请稍后再试' },
  QH_ERR_INTERNAL: { status: 500, message: '服务器内部错误' },
  QH_ERR_UNAVAILABLE: { status: 503, message: '服务暂时不可用，请稍后再试' },
  QH_ERR_STORAGE_FULL: { status: 503, message: '存储空间不足，这次没有保存，请稍后再试' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ApiErrorCode = keyof typeof API_ERRORS;

/** An issue as the API reports it (util/issues.ts: the one shape). */
export type ApiIssue = Issue;

/** zod issues as the API reports them: a dotted path naming the field, a code and a message. */
export const issuesOf = (error: z.ZodError): ApiIssue[] => zodIssues(error);

export const ApiErrorBody = z.strictObject({
  error: z.enum(Object.keys(API_ERRORS) as [ApiErrorCode, ...ApiErrorCode[]]),
  /** Chinese, for people. */
  message: z.string(),
  issues: z.array(Issue).optional(),
  detail: z.string().optional(),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;

/** The status and body of an error, for Express (sendError) and for node:http (chat-endpoint.ts). */
export function errorReply(code: ApiErrorCode, extra: { issues?: ApiIssue[]; detail?: string } = {}): { status: number; body: ApiErrorBody } {
  const { status, message } = API_ERRORS[code];
  return { status, body: { error: code, message, ...extra } };
}

export function sendError(res: Response, code: ApiErrorCode, extra: { issues?: ApiIssue[]; detail?: string } = {}): void {
  const { status, body } = errorReply(code, extra);
  res.status(status).json(body);
}

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    readonly extra: { issues?: ApiIssue[]; detail?: string } = {},
  ) {
    super(API_ERRORS[code].message);
    this.name = 'ApiError';
  }
}

/**
 * A store that could not write because its disk is full (storage/file/journal.ts StorageFullError,
 * told apart by its code so that HTTP code need not import storage): nothing of the write stayed.
 */
export function isStorageFull(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'storage_full';
}
