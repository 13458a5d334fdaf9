/**
 * Ticket validation issues: each zod issue as a stable ASCII code and its Chinese text
 * (messages.ts), and parsing with them. Apart from schema.ts so that the model stays free of
 * anything but zod and other models (the pages' scripts type-check it).
 */
import { z } from 'zod';
import { zodIssues } from '../util';
import { fieldLabel, message, type MessageCode } from './messages';
import { StatusUpdate, TicketInput, type TicketIssue } from './schema';

/** Our code for a zod issue: custom checks carry it in params, built-in checks are mapped. */
function issueCode(issue: z.core.$ZodIssue): MessageCode {
  switch (issue.code) {
    case 'custom': {
      const code = (issue.params as { code?: unknown } | undefined)?.code;
      return typeof code === 'string' ? (code as MessageCode) : 'invalid_value';
    }
    case 'invalid_type':
      return issue.input === undefined ? 'required' : 'invalid_type';
    case 'too_small':
      if (issue.origin === 'string' && issue.minimum === 1) return 'required';
      return issue.origin === 'array' ? 'too_few' : 'too_short';
    case 'too_big':
      return issue.origin === 'array' ? 'too_many' : 'too_long';
    case 'invalid_format':
      return 'invalid_format';
    case 'invalid_value':
      return 'invalid_value';
    case 'unrecognized_keys':
      return 'unknown_field';
    default:
      return 'invalid_value';
  }
}

/** Chinese message for a built-in issue, naming the field: "企业名称不能超过100个字". */
function builtinMessage(code: MessageCode, path: string, issue: z.core.$ZodIssue): string {
  const label = fieldLabel(path);
  const limit =
    issue.code === 'too_big' ? String(issue.maximum) : issue.code === 'too_small' ? String(issue.minimum) : '';
  const keys = issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : '';
  return message(code, { field: label, limit, keys });
}

export function toTicketIssues(error: z.ZodError): TicketIssue[] {
  return zodIssues(error, {
    code: issueCode,
    message: (issue) => (issue.code === 'custom' ? issue.message : builtinMessage(issueCode(issue), issue.path.map(String).join('.'), issue)),
  });
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; issues: TicketIssue[] };

/** Parse with any of these schemas and get issues with codes and Chinese messages. */
export function parseWithIssues<S extends z.ZodType>(schema: S, data: unknown): ParseResult<z.infer<S>> {
  const r = schema.safeParse(data);
  return r.success ? { ok: true, value: r.data } : { ok: false, issues: toTicketIssues(r.error) };
}

export const parseTicketInput = (data: unknown): ParseResult<TicketInput> => parseWithIssues(TicketInput, data);
export const parseStatusUpdate = (data: unknown): ParseResult<StatusUpdate> => parseWithIssues(StatusUpdate, data);
