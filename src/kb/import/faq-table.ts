/**
 * Turns a table (header row + data rows, from CSV or xlsx alike) into FAQ entries.
 * Columns are found by English or Chinese header; each bad row is rejected with its reason.
 */
import { createHash } from 'node:crypto';
import { Faq, EntryId, type Entry } from '../schema';
import { count, MAX_IMPORT_ROWS } from './limits';
import { ImportFileError, compact, describeIssues, type ImportOptions, type ImportResult } from './result';
import { cleanBlock, cleanLine, collapse, distinct } from './text';

export interface TableRow {
  /** The row number an editor sees (header = 1). */
  row: number;
  cells: string[];
}

type Column = 'id' | 'question' | 'answer' | 'department' | 'alternates' | 'tags';

/** Accepted header spellings, compared case-insensitively after trimming. */
const HEADERS: Record<Column, string[]> = {
  id: ['id', '编号', 'ID'],
  question: ['question', '问题', '标准问题'],
  answer: ['answer', '答案', '回答'],
  department: ['department', '部门', '责任部门'],
  alternates: ['alternates', '相似问法', '相似问题'],
  tags: ['tags', '标签'],
};
const REQUIRED: Column[] = ['question', 'answer'];

function columnOf(header: string): Column | undefined {
  const key = collapse(header.replace(/^\uFEFF/, '')).toLowerCase();
  for (const [column, names] of Object.entries(HEADERS) as [Column, string[]][]) {
    if (names.some((name) => name.toLowerCase() === key)) return column;
  }
  return undefined;
}

/** Maps each known column to its index; unknown headers are reported, duplicates and gaps are fatal. */
function readHeader(header: TableRow, warnings: ImportResult['warnings']): Map<Column, number> {
  const columns = new Map<Column, number>();
  header.cells.forEach((raw, index) => {
    if (!raw.trim()) return;
    const column = columnOf(raw);
    if (!column) {
      warnings.push({ row: header.row, message: `column "${raw.trim()}" is not a known FAQ column and was ignored` });
      return;
    }
    if (columns.has(column)) {
      throw new ImportFileError('columns', `column ${column} appears twice in the header (columns ${columns.get(column)! + 1} and ${index + 1})`);
    }
    columns.set(column, index);
  });
  const missing = REQUIRED.filter((column) => !columns.has(column));
  if (missing.length) {
    const named = missing.map((column) => `${column} (${HEADERS[column].slice(1).join('/')})`).join(', ');
    const found = header.cells.map((c) => c.trim()).filter(Boolean).join(', ') || 'nothing';
    throw new ImportFileError('columns', `missing required column(s): ${named}; the header has: ${found}`);
  }
  return columns;
}

function shortHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 8);
}

/** Replaces what the id schema rejects; an id with nothing usable left becomes a hash of itself. */
export function sanitizeId(raw: string, prefix = 'faq'): string {
  const cleaned = raw
    .trim()
    .replace(/[^A-Za-z0-9._:-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 80)
    .replace(/[-.:_]+$/, '');
  return cleaned || `${prefix}-${shortHash(raw)}`;
}

/** The id of a FAQ without one: stable across imports because it depends only on the question. */
export function faqIdFor(question: string): string {
  return `faq-${shortHash(collapse(question))}`;
}

function splitList(text: string | undefined, separators: RegExp): string[] {
  if (!text) return [];
  return distinct(
    text
      .split(separators)
      .map((part) => cleanLine(part))
      .filter((part): part is string => part !== undefined),
  );
}

export function faqFromTable(rows: TableRow[], opts: ImportOptions = {}): ImportResult {
  const [header, ...data] = rows;
  if (!header) throw new ImportFileError('empty', 'the file is empty: no header row and no data');
  const warnings: ImportResult['warnings'] = [];
  const columns = readHeader(header, warnings);
  if (!data.length) throw new ImportFileError('empty', 'the file has a header but no data rows');
  if (data.length > MAX_IMPORT_ROWS && data.filter((r) => r.cells.some((cell) => cell.trim())).length > MAX_IMPORT_ROWS) {
    throw new ImportFileError('too_many_rows', `the file has more than ${count(MAX_IMPORT_ROWS)} data rows (the import limit); split it into several files`);
  }

  const entries: Entry[] = [];
  const rejected: ImportResult['rejected'] = [];
  const firstRowOf = new Map<string, number>();
  const width = Math.max(...columns.values()) + 1;

  for (const { row, cells } of data) {
    if (cells.every((cell) => !cell.trim())) continue; // blank spreadsheet row
    const cell = (column: Column): string => {
      const index = columns.get(column);
      return index === undefined ? '' : (cells[index] ?? '');
    };
    const extra = cells.slice(Math.max(width, header.cells.length)).filter((c) => c.trim());
    if (extra.length) {
      rejected.push({
        row,
        id: cleanLine(cell('id')),
        reason: `row has ${cells.length} fields but the header has ${header.cells.length} (an unquoted comma in a field?)`,
      });
      continue;
    }

    const question = cleanLine(cell('question'));
    const answer = cleanBlock(cell('answer'));
    const rawId = cleanLine(cell('id'));
    if (!question || !answer) {
      const what = !question && !answer ? 'question and answer are' : !question ? 'question is' : 'answer is';
      rejected.push({ row, id: rawId, reason: `${what} empty` });
      continue;
    }

    let id: string;
    if (rawId) {
      id = EntryId.safeParse(rawId).success ? rawId : sanitizeId(rawId);
      if (id !== rawId) warnings.push({ row, message: `id "${rawId}" is not a valid id; imported as "${id}"` });
    } else {
      // Same question twice without ids: number the later ones rather than lose them.
      const base = faqIdFor(question);
      id = base;
      for (let n = 2; firstRowOf.has(id); n += 1) id = `${base}-${n}`;
      if (id !== base) warnings.push({ row, message: `same question as row ${firstRowOf.get(base)}; given id ${id}` });
    }
    const first = firstRowOf.get(id);
    if (first !== undefined) {
      rejected.push({ row, id, reason: `duplicate id ${id}, first used in row ${first}` });
      continue;
    }

    const candidate = {
      kind: 'faq' as const,
      id,
      question,
      alternates: splitList(cell('alternates'), /[|\n]/).filter((alt) => alt !== question),
      answer,
      department: cleanLine(cell('department')),
      tags: splitList(cell('tags'), /[|,，]/),
      source: opts.source,
    };
    const parsed = Faq.safeParse(compact(candidate));
    if (!parsed.success) {
      rejected.push({ row, id, reason: describeIssues(parsed.error) });
      continue;
    }
    firstRowOf.set(id, row);
    entries.push(parsed.data);
  }
  if (!entries.length && !rejected.length) throw new ImportFileError('empty', 'the file has a header but only blank rows');
  return { entries, rejected, warnings };
}
