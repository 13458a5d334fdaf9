/**
 * Policies from JSON Lines, one a line, with eligibility split into checkable items:
 *   {"id", "title", "summary"?, "department"?, "benefit"?, "exemptApplication"?, "eligibility": <tree>}
 * (the tree: src/policies/eligibility.ts). Also read when present: howToApply, deadline (YYYY-MM-DD,
 * the last valid day), validFrom, level, phone, source, tags. A policy whose eligibility names an
 * unknown fact or operator, or whose values do not fit, is rejected with the field named.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { EntryId, Policy, PolicyLevel, type Entry } from '../schema';
import { Eligibility, itemsOf } from '../../policies/eligibility';
import { parseJsonLines } from './jsonl';
import { compact, describeIssues, type ImportOptions, type ImportResult } from './result';
import { cleanBlock, cleanLine, decodeUtf8 } from './text';

const Line = z.looseObject({
  id: z.union([z.string().trim().min(1).max(200), z.number().int()]).transform(String),
  title: z.string().trim().min(1).max(500),
  summary: z.string().optional(),
  department: z.string().optional(),
  benefit: z.string().optional(),
  exemptApplication: z.boolean().optional(),
  eligibility: Eligibility,
  howToApply: z.string().optional(),
  deadline: z.iso.date().optional(),
  validFrom: z.iso.date().optional(),
  level: PolicyLevel.optional(),
  phone: z.string().optional(),
  source: z.string().optional(),
  tags: z.array(z.string().trim().min(1)).optional(),
});

const KNOWN = new Set(['id', 'title', 'summary', 'department', 'benefit', 'exemptApplication', 'eligibility', 'howToApply', 'deadline', 'validFrom', 'level', 'phone', 'source', 'tags']);

export function importPoliciesJsonl(input: string | Uint8Array, _opts: ImportOptions = {}): ImportResult {
  const records = parseJsonLines(decodeUtf8(input));
  const entries: Entry[] = [];
  const rejected: ImportResult['rejected'] = [];
  const warnings: ImportResult['warnings'] = [];
  const firstLineOf = new Map<string, number>();
  for (const { line, value } of records) {
    const rawId = typeof (value as { id?: unknown } | null)?.id === 'string' ? (value as { id: string }).id : undefined;
    const parsed = Line.safeParse(value);
    if (!parsed.success) {
      rejected.push({ row: line, ...(rawId ? { id: rawId } : {}), reason: describeIssues(parsed.error) });
      continue;
    }
    const p = parsed.data;
    const ignored = Object.keys(p).filter((k) => !KNOWN.has(k));
    if (ignored.length) warnings.push({ row: line, message: `ignored fields: ${ignored.join(', ')}` });
    const plain = EntryId.safeParse(p.id).success;
    // A hash, not a cleaned-up spelling: "政策/2" and "规定/2" must not become the same id.
    const id = plain ? p.id : `policy-${createHash('sha256').update(p.id).digest('hex').slice(0, 12)}`;
    if (!plain) warnings.push({ row: line, message: `id "${p.id}" is kept as sourceId; the entry's id is ${id}` });
    const first = firstLineOf.get(id);
    if (first !== undefined) {
      rejected.push({ row: line, id: p.id, reason: `duplicate id ${p.id}, first on line ${first}` });
      continue;
    }
    // The eligibility text is the policy's own words: its items' texts, in order.
    const eligibilityText = itemsOf(p.eligibility)
      .map((item) => item.text)
      .join('；');
    const entry = Policy.safeParse(
      compact({
        kind: 'policy',
        id,
        sourceId: plain ? undefined : p.id,
        title: cleanLine(p.title),
        level: p.level,
        department: p.department === undefined ? undefined : cleanLine(p.department),
        summary: p.summary === undefined ? undefined : cleanBlock(p.summary),
        eligibility: eligibilityText,
        rules: p.eligibility,
        benefits: p.benefit === undefined ? undefined : cleanBlock(p.benefit),
        howToApply: p.howToApply === undefined ? undefined : cleanBlock(p.howToApply),
        noApplication: p.exemptApplication ?? false,
        validFrom: p.validFrom,
        validTo: p.deadline,
        phone: p.phone === undefined ? undefined : cleanLine(p.phone),
        source: p.source === undefined ? undefined : cleanLine(p.source),
        tags: p.tags ?? [],
      }),
    );
    if (!entry.success) {
      rejected.push({ row: line, id: p.id, reason: describeIssues(entry.error) });
      continue;
    }
    firstLineOf.set(id, line);
    entries.push(entry.data);
  }
  return { entries, rejected, warnings };
}
