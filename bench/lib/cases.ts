/**
 * Evaluation case files: JSON Lines, one question a line. A bad line stops the run with its file and
 * line number: a silently skipped case would make every figure wrong without anyone noticing.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { EntryId } from '../../src/kb/schema';
import { Field } from '../../src/engine/types';

/**
 * `expect: null` means the question must be handed to a person. Unknown keys (notes, sources) are
 * allowed and ignored, so case authors can annotate their files.
 */
export const CaseLine = z.object({
  text: z.string().min(1, 'text must not be empty'),
  expect: EntryId.nullable(),
  field: Field.optional(),
});
export type CaseLine = z.infer<typeof CaseLine>;

export interface EvalCase extends CaseLine {
  /** The case file's base name without extension, e.g. `sample`: results are broken down by it. */
  set: string;
  line: number;
}

export class CaseFileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    message: string,
  ) {
    super(line === undefined ? `${file}: ${message}` : `${file}:${line}: ${message}`);
    this.name = 'CaseFileError';
  }
}

export function setName(file: string): string {
  return path.basename(file).replace(/\.jsonl?$/i, '');
}

export function parseCases(text: string, file: string): EvalCase[] {
  const set = setName(file);
  const cases: EvalCase[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (!raw.trim()) return;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (err) {
      throw new CaseFileError(file, line, `not valid JSON: ${(err as Error).message}`);
    }
    const parsed = CaseLine.safeParse(json);
    if (!parsed.success) {
      const why = parsed.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message));
      throw new CaseFileError(file, line, why.join('; '));
    }
    cases.push({ ...parsed.data, set, line });
  });
  if (cases.length === 0) throw new CaseFileError(file, undefined, 'no cases in file');
  return cases;
}

export function loadCases(file: string): EvalCase[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new CaseFileError(file, undefined, `cannot read: ${(err as Error).message}`);
  }
  return parseCases(text, file);
}
