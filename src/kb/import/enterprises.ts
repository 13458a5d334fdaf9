/**
 * The enterprise registry from a table (CSV or the first sheet of an .xlsx): one enterprise a row,
 * columns found by Chinese or English header. Each bad row is rejected with the field named (the
 * zod issues of src/policies' RegisteredEnterprise); a table missing the name column is refused as
 * a whole. Lists (资质) are separated by 、 ; ；, or |.
 */
import { createHash } from 'node:crypto';
import { RegisteredEnterprise } from '../../policies';
import { parseCsv } from './csv';
import type { TableRow } from './faq-table';
import { count, MAX_IMPORT_ROWS } from './limits';
import { ImportFileError, compact, describeIssues, type ImportWarning, type RejectedRow } from './result';
import { collapse, decodeUtf8 } from './text';
import { readXlsxTable } from './xlsx';

type Column =
  | 'id'
  | 'name'
  | 'creditCode'
  | 'district'
  | 'industry'
  | 'establishedOn'
  | 'employees'
  | 'revenue'
  | 'assets'
  | 'registeredCapital'
  | 'qualifications'
  | 'rdRatio'
  | 'taxCredit'
  | 'synthetic';

/** Accepted header spellings, compared case-insensitively after trimming (units in brackets are ignored). */
const HEADERS: Record<Column, string[]> = {
  id: ['id', '编号'],
  name: ['name', '企业名称', '名称'],
  creditCode: ['creditCode', '统一社会信用代码', '信用代码'],
  district: ['district', '所属区', '所在区', '注册地'],
  industry: ['industry', '行业代码', '国民经济行业代码'],
  establishedOn: ['establishedOn', '成立日期'],
  employees: ['employees', '从业人员', '从业人数', '职工人数'],
  revenue: ['revenue', '营业收入'],
  assets: ['assets', '资产总额'],
  registeredCapital: ['registeredCapital', '注册资本'],
  qualifications: ['qualifications', '资质'],
  rdRatio: ['rdRatio', '研发投入占比', '研发费用占比'],
  taxCredit: ['taxCredit', '纳税信用等级'],
  synthetic: ['synthetic', '合成数据'],
};
const NUMERIC: Column[] = ['employees', 'revenue', 'assets', 'registeredCapital', 'rdRatio'];

export interface EnterprisesImportResult {
  enterprises: RegisteredEnterprise[];
  rejected: RejectedRow[];
  warnings: ImportWarning[];
  /** Rows marked synthetic (合成数据 = 是): the shipped sample's. */
  synthetic: number;
}

/** 营业收入(万元), 研发投入占比（%） → 营业收入, 研发投入占比. */
const headerKey = (raw: string): string =>
  collapse(raw.replace(/^\uFEFF/, ''))
    .replace(/[(（][^)）]*[)）]\s*$/, '')
    .trim()
    .toLowerCase();

function columnOf(header: string): Column | undefined {
  const key = headerKey(header);
  for (const [column, names] of Object.entries(HEADERS) as [Column, string[]][]) {
    if (names.some((name) => name.toLowerCase() === key)) return column;
  }
  return undefined;
}

function readHeader(header: TableRow, warnings: ImportWarning[]): Map<Column, number> {
  const columns = new Map<Column, number>();
  header.cells.forEach((raw, index) => {
    if (!raw.trim()) return;
    const column = columnOf(raw);
    if (!column) {
      warnings.push({ row: header.row, message: `column "${raw.trim()}" is not a known enterprise column and was ignored` });
      return;
    }
    if (columns.has(column)) throw new ImportFileError('columns', `column ${column} appears twice in the header (columns ${columns.get(column)! + 1} and ${index + 1})`);
    columns.set(column, index);
  });
  if (!columns.has('name')) {
    const found = header.cells.map((c) => c.trim()).filter(Boolean).join(', ') || 'nothing';
    throw new ImportFileError('columns', `missing required column: name (企业名称); the header has: ${found}`);
  }
  return columns;
}

/** "1,234.5", "12.5%", "３００" → a number; text that is not one stays text so zod names the field. */
function numberOf(text: string): number | string {
  const plain = text.normalize('NFKC').replace(/[,\s%]/g, '');
  return /^-?\d+(\.\d+)?$/.test(plain) ? Number(plain) : text;
}

/** 2019-04-25, 2019/4/25, 2019.4.25, 2019年4月25日, an Excel date read as ISO → YYYY-MM-DD; else the text as is. */
function dateOf(text: string): string {
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:T00:00:00(?:\.000)?Z)?$/.exec(text.normalize('NFKC').trim());
  return m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : text;
}

const YES = new Set(['是', 'true', '1', 'yes', 'y']);

/** A row's cells as the fields of a RegisteredEnterprise candidate (zod decides what is valid). */
function candidateOf(cell: (c: Column) => string): Record<string, unknown> {
  const text = (c: Column): string | undefined => collapse(cell(c)) || undefined;
  const fields: Record<string, unknown> = {
    name: text('name'),
    creditCode: text('creditCode'),
    district: text('district'),
    industry: text('industry'),
    establishedOn: text('establishedOn') && dateOf(text('establishedOn')!),
    taxCredit: text('taxCredit')?.normalize('NFKC').replace(/级$/, '').toUpperCase(),
  };
  for (const c of NUMERIC) {
    const t = text(c);
    fields[c] = t === undefined ? undefined : numberOf(t);
  }
  const quals = text('qualifications');
  if (quals) fields.qualifications = [...new Set(quals.split(/[、;；,，|]/).map((q) => collapse(q).replace(/[“”＂]/g, '"')).filter(Boolean))];
  return compact(fields);
}

/** The id of a row without one: its credit code, else a hash of its name (stable across imports). */
function idOf(rawId: string | undefined, creditCode: string | undefined, name: string): string {
  return rawId ?? creditCode ?? `ent-${createHash('sha256').update(name).digest('hex').slice(0, 12)}`;
}

export function enterprisesFromTable(rows: TableRow[]): EnterprisesImportResult {
  const [header, ...data] = rows;
  if (!header) throw new ImportFileError('empty', 'the file is empty: no header row and no data');
  const warnings: ImportWarning[] = [];
  const columns = readHeader(header, warnings);
  if (!data.length) throw new ImportFileError('empty', 'the file has a header but no data rows');
  if (data.length > MAX_IMPORT_ROWS) throw new ImportFileError('too_many_rows', `the file has more than ${count(MAX_IMPORT_ROWS)} data rows (the import limit)`);
  const enterprises: RegisteredEnterprise[] = [];
  const rejected: RejectedRow[] = [];
  const firstRowOf = new Map<string, number>();
  let synthetic = 0;
  for (const { row, cells } of data) {
    if (cells.every((c) => !c.trim())) continue;
    const cell = (c: Column): string => {
      const index = columns.get(c);
      return index === undefined ? '' : (cells[index] ?? '');
    };
    const candidate = candidateOf(cell);
    const profile = RegisteredEnterprise.omit({ id: true }).safeParse(candidate);
    const shownName = typeof candidate.name === 'string' ? { id: candidate.name } : {};
    if (!profile.success) {
      rejected.push({ row, ...shownName, reason: describeIssues(profile.error) });
      continue;
    }
    const id = idOf(collapse(cell('id')) || undefined, profile.data.creditCode, profile.data.name);
    const parsed = RegisteredEnterprise.safeParse({ ...profile.data, id });
    if (!parsed.success) {
      rejected.push({ row, ...shownName, reason: describeIssues(parsed.error) });
      continue;
    }
    // One key for the id and the credit code: a code repeated under another id is the same enterprise.
    const keys = [...(parsed.data.creditCode ? [`code:${parsed.data.creditCode}`] : []), `id:${id}`];
    const clash = keys.find((k) => firstRowOf.has(k));
    if (clash) {
      rejected.push({ row, ...shownName, reason: `duplicate ${clash.startsWith('id:') ? 'id' : 'creditCode'}, first in row ${firstRowOf.get(clash)}` });
      continue;
    }
    for (const k of keys) firstRowOf.set(k, row);
    if (YES.has(collapse(cell('synthetic')).toLowerCase())) synthetic++;
    enterprises.push(parsed.data);
  }
  if (!enterprises.length && !rejected.length) throw new ImportFileError('empty', 'the file has a header but only blank rows');
  return { enterprises, rejected, warnings, synthetic };
}

/** The registry from CSV (UTF-8, a BOM allowed). */
export function importEnterprisesCsv(input: string | Uint8Array): EnterprisesImportResult {
  const text = decodeUtf8(input);
  if (!text.trim()) throw new ImportFileError('empty', 'the file is empty');
  const { records, warnings } = parseCsv(text);
  const result = enterprisesFromTable(records.map((r) => ({ row: r.row, cells: r.fields })));
  return { ...result, warnings: [...warnings, ...result.warnings].sort((a, b) => a.row - b.row) };
}

/** The registry from the first sheet of an .xlsx workbook. */
export async function importEnterprisesXlsx(input: Uint8Array): Promise<EnterprisesImportResult> {
  const { sheet, rows } = await readXlsxTable(input);
  if (!rows.length) throw new ImportFileError('empty', `the first sheet ("${sheet}") is empty`);
  return enterprisesFromTable(rows);
}
