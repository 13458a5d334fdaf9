/**
 * The one shape of a validation issue (HTTP bodies, the knowledge store, the editor console):
 * a dotted path naming the field, a code and a message; and the one converter from zod's issues.
 */
import { z } from 'zod';

export const Issue = z.strictObject({
  /** Dotted path of the field, e.g. enterprise.creditCode. */
  path: z.string(),
  code: z.string(),
  message: z.string(),
});
export type Issue = z.infer<typeof Issue>;

export interface IssueOptions {
  /** Path segments put before each issue's own (the part of a larger body that was parsed). */
  prefix?: (string | number)[];
  /** An issue's code (default: zod's); a domain with its own codes (tickets) maps them here. */
  code?: (issue: z.core.$ZodIssue) => string;
  /** An issue's message (default: zod's, in the locale configured once, see http-kit/zod-locale.ts). */
  message?: (issue: z.core.$ZodIssue) => string;
  /** Give each unknown key an issue of its own, at its path, with this message. */
  unknownKey?: string;
}

export function zodIssues(error: z.ZodError, options: IssueOptions = {}): Issue[] {
  const out: Issue[] = [];
  for (const issue of error.issues) {
    const path = [...(options.prefix ?? []), ...issue.path].map(String);
    if (options.unknownKey !== undefined && issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ path: [...path, key].join('.'), code: issue.code, message: options.unknownKey });
      continue;
    }
    out.push({ path: path.join('.'), code: options.code ? options.code(issue) : issue.code, message: options.message ? options.message(issue) : issue.message });
  }
  return out;
}

/** Issues as one line for a log or a terminal: `path: message; …`, an issue without a path as `root: message` (or its message alone). */
export function formatIssues(issues: readonly Issue[], root?: string): string {
  return issues.map((i) => (i.path || root ? `${i.path || root}: ${i.message}` : i.message)).join('; ');
}
