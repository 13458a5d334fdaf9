/**
 * Past cases from JSON Lines, one message with its reply a line:
 *   {"id", "title", "text", "reply", "time"?, "reply_time"?, "department"?}
 * (the shape of ../shared/data/hotline-replies.jsonl, the first source). Times may be "2019/4/25
 * 9:32:09" or ISO; only the date is kept. The department is the file's own when it has one, else the
 * one the reply names (./reply-department.ts), else none. A line without a reply is rejected: a
 * message nobody answered is no settled case.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { PastCase } from '../cases';
import { EntryId } from '../schema';
import { parseJsonLines } from './jsonl';
import { departmentFromReply } from './reply-department';
import { compact, describeIssues, type ImportOptions, type ImportWarning, type RejectedRow } from './result';
import { cleanBlock, cleanLine, decodeUtf8 } from './text';

const Line = z.looseObject({
  id: z.union([z.string().trim().min(1).max(200), z.number().int()]).transform(String),
  title: z.string(),
  text: z.string(),
  reply: z.string(),
  time: z.string().nullish(),
  reply_time: z.string().nullish(),
  department: z.string().nullish(),
});

const KNOWN = new Set(['id', 'title', 'text', 'reply', 'time', 'reply_time', 'department']);

export interface CasesImportResult {
  cases: PastCase[];
  rejected: RejectedRow[];
  warnings: ImportWarning[];
  /** Cases whose department the reply named (the rest have none). */
  departmentsFound: number;
}

/** 2019/4/25 9:32:09, 2019-04-25, 2019-04-25T09:32:09Z → 2019-04-25; anything else → undefined. */
export function dateOf(value: string | null | undefined): string | undefined {
  const m = value ? /^\s*(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})(?:$|[\sT])/.exec(value) : null;
  if (!m) return undefined;
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  return z.iso.date().safeParse(iso).success ? iso : undefined;
}

export function importCasesJsonl(input: string | Uint8Array, opts: ImportOptions = {}): CasesImportResult {
  const records = parseJsonLines(decodeUtf8(input));
  const cases: PastCase[] = [];
  const rejected: RejectedRow[] = [];
  const warnings: ImportWarning[] = [];
  const firstLineOf = new Map<string, number>();
  let departmentsFound = 0;
  for (const { line, value } of records) {
    const rawId = (value as { id?: unknown } | null)?.id;
    const idShown = typeof rawId === 'string' || typeof rawId === 'number' ? { id: String(rawId) } : {};
    const parsed = Line.safeParse(value);
    if (!parsed.success) {
      rejected.push({ row: line, ...idShown, reason: describeIssues(parsed.error) });
      continue;
    }
    const p = parsed.data;
    const ignored = Object.keys(p).filter((k) => !KNOWN.has(k));
    if (ignored.length) warnings.push({ row: line, message: `ignored fields: ${ignored.join(', ')}` });
    // A hash, not a cleaned-up spelling: two ids that differ only in odd characters stay two.
    const plain = EntryId.safeParse(p.id).success;
    const id = plain ? p.id : `case-${createHash('sha256').update(p.id).digest('hex').slice(0, 12)}`;
    if (!plain) warnings.push({ row: line, message: `id "${p.id}" is not a plain id; the case's id is ${id}` });
    const first = firstLineOf.get(id);
    if (first !== undefined) {
      rejected.push({ row: line, id: p.id, reason: `duplicate id ${p.id}, first on line ${first}` });
      continue;
    }
    const reply = cleanBlock(p.reply);
    if (!reply) {
      rejected.push({ row: line, id: p.id, reason: 'reply is empty: a message without a reply is no settled case' });
      continue;
    }
    const department = cleanLine(p.department) ?? departmentFromReply(reply);
    const askedOn = dateOf(p.time);
    const repliedOn = dateOf(p.reply_time);
    if (p.time && !askedOn) warnings.push({ row: line, message: `time "${p.time}" is not a date; left out` });
    if (p.reply_time && !repliedOn) warnings.push({ row: line, message: `reply_time "${p.reply_time}" is not a date; left out` });
    const entry = PastCase.safeParse(
      compact({
        id,
        title: cleanLine(p.title),
        text: cleanBlock(p.text),
        reply,
        department,
        askedOn,
        repliedOn,
        source: opts.source,
      }),
    );
    if (!entry.success) {
      rejected.push({ row: line, id: p.id, reason: describeIssues(entry.error) });
      continue;
    }
    if (entry.data.department) departmentsFound++;
    firstLineOf.set(id, line);
    cases.push(entry.data);
  }
  return { cases, rejected, warnings, departmentsFound };
}
