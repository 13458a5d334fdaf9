/**
 * Imports the Guangdong service-item catalogue (gd-service-items.jsonl, one scraped record a line)
 * as ServiceItems. The source is messy: placeholders ('无'), label prefixes ('办理地点：'), time limits
 * as '30(工作日)', phone fields holding whole paragraphs. Every record becomes an item or a rejected
 * row with its reason; a line that is not JSON makes the whole file unreadable.
 */
import { z } from 'zod';
import { EntryId, ServiceItem, type Entry, type Material } from '../schema';
import { parseJsonLines } from './jsonl';
import { compact, describeIssues, type ImportOptions, type ImportResult } from './result';
import { cleanLine, collapse, decodeUtf8, distinct, isPlaceholder, stripLabel } from './text';

export const GD_SOURCE = 'gd-service-items';

/**
 * The fields we read. Values stay `unknown`: a field of an unexpected type is cleaned away with a
 * warning, not a reason to lose the record.
 */
export const GdRecord = z.looseObject({
  TASK_CODE: z.unknown().optional(),
  TASK_NAME: z.unknown().optional(),
  CATANAME: z.unknown().optional(),
  subTaskName: z.unknown().optional(),
  subCatalogName: z.unknown().optional(),
  parentCatalogName: z.unknown().optional(),
  matter_name: z.unknown().optional(),
  matter_short: z.unknown().optional(),
  DEPT_NAME: z.unknown().optional(),
  TASK_TYPE_TEXT: z.unknown().optional(),
  matter_type: z.unknown().optional(),
  matter_level: z.unknown().optional(),
  material_intro: z.unknown().optional(),
  handle_time: z.unknown().optional(),
  handle_time_limit: z.unknown().optional(),
  visit_number: z.unknown().optional(),
  handle_location: z.unknown().optional(),
  consult_phone: z.unknown().optional(),
  complain_phone: z.unknown().optional(),
  online_book: z.unknown().optional(),
  online_book_addr: z.unknown().optional(),
  ONLINECHECK: z.unknown().optional(),
  bear_paltform: z.unknown().optional(),
  URL: z.unknown().optional(),
  accept_standard: z.unknown().optional(),
  theme_category: z.unknown().optional(),
  service_object_name: z.unknown().optional(),
  AREA_CODE_TEXT: z.unknown().optional(),
  district: z.unknown().optional(),
});
export type GdRecord = z.infer<typeof GdRecord>;

type Warn = (message: string) => void;

const HttpUrl = z.url({ protocol: /^https?$/ });

const LOCATION_LABELS = ['办理地点', '办公地点', '受理地点', '办理地址', '受理地址', '地点', '地址'];
const PHONE_LABELS = ['咨询电话号码', '投诉电话号码', '咨询电话', '投诉电话', '电话咨询', '电话投诉', '联系电话', '电话'];
const CONDITION_LABELS = ['受理条件', '申请条件', '办理条件'];
const TIME_LABELS = ['法定时限', '承诺时限', '法定办结时限', '承诺办结时限', '办理时限'];

/** Text values of a list field; a lone string counts as a one-element list. */
function textList(value: unknown): string[] {
  const items = Array.isArray(value) ? value : [value];
  return distinct(items.map(cleanLine).filter((v): v is string => v !== undefined));
}

// ---- names -------------------------------------------------------------------------------------

/**
 * matter_name is shared by the variants of one item (16 records are "专职律师执业许可"); TASK_NAME
 * appends the variant, e.g. "专职律师执业许可(申请专职执业)". Variants take the specific name so that
 * titles stay distinguishable; the shared one becomes an alias.
 */
function itemName(r: GdRecord): string | undefined {
  const matter = cleanLine(r.matter_name);
  const task = cleanLine(r.TASK_NAME);
  const variant = cleanLine(r.subTaskName);
  if (matter && task && variant && task !== matter && task.startsWith(matter)) {
    // "X(（占编人员）)" → "X（占编人员）"
    const inner = variant.replace(/^[（(]+/, '').replace(/[)）]+$/, '');
    return inner ? `${matter}（${inner}）` : matter;
  }
  return matter ?? task ?? cleanLine(r.CATANAME);
}

/** Bracket style aside, "X(（甲）)" and "X（甲）" are the same name. */
function nameKey(name: string): string {
  return name.replace(/（/g, '(').replace(/）/g, ')').replace(/\(+/g, '(').replace(/\)+/g, ')').replace(/\s/g, '');
}

function aliasesOf(r: GdRecord, name: string): string[] {
  const seen = new Set([nameKey(name)]);
  const aliases: string[] = [];
  for (const value of [r.matter_name, r.TASK_NAME, r.CATANAME, r.subCatalogName, r.parentCatalogName, r.matter_short]) {
    const alias = cleanLine(value);
    if (alias === undefined || seen.has(nameKey(alias))) continue;
    seen.add(nameKey(alias));
    aliases.push(alias);
  }
  return aliases;
}

// ---- materials ---------------------------------------------------------------------------------

/** A list marker at the start or after a separator: 1.  2、  3）  (4)  （五）  六、 */
const LIST_MARKER =
  /(?:^|(?<=[\s。；;，,:：)）】]))(?:[（(](?:\d{1,2}|[一二三四五六七八九十]{1,3})[)）]|(?:\d{1,2}|[一二三四五六七八九十]{1,3})(?:[.．、)）](?!\d)))\s*/gu;

/** Splits a list written as prose (numbered items, line breaks, semicolons, full stops) into its items. */
export function splitListText(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(LIST_MARKER, '\n')
    .split(/[\n；;。]+/)
    .map((part) => collapse(part).replace(/[。.，,、]+$/u, '').trim())
    .filter((part) => part && !isPlaceholder(part) && !/[:：]$/.test(part)); // drop "申请材料如下：" headings
}

const FORM_SUFFIX = /[（(]?(原件及复印件|原件和复印件|原件、复印件|原件或复印件|复印件|原件|电子版|扫描件)[)）]?$/u;

/** "身份证明（原件及复印件）" → name 身份证明, form 原件及复印件. */
export function materialFromText(text: string): Material {
  const match = FORM_SUFFIX.exec(text);
  const name = match ? text.slice(0, match.index).replace(/[，,、\s]+$/u, '') : text;
  if (match && name.length >= 2) return { name, form: match[1], required: true };
  return { name: text, required: true };
}

function materialsOf(value: unknown, warn: Warn): Material[] {
  if (value === null || value === undefined) return [];
  let texts: string[];
  if (Array.isArray(value)) {
    texts = value.flatMap((item) => {
      if (typeof item === 'string') return [collapse(item)];
      warn(`material_intro holds a ${item === null ? 'null' : typeof item} item; ignored`);
      return [];
    });
  } else if (typeof value === 'string') {
    texts = splitListText(value);
  } else {
    warn(`material_intro is a ${typeof value}; ignored`);
    return [];
  }
  return distinct(texts.filter((t) => !isPlaceholder(t))).map(materialFromText);
}

// ---- time limits -------------------------------------------------------------------------------

/** "30(工作日)", "30 个工作日", "30工作日" → { days: 30, unit: '工作日' }; 即办件 → 0 working days. */
function parseLimit(text: string): { days: number; unit: string } | undefined {
  if (/^即(办|办件|时办结)$/u.test(text)) return { days: 0, unit: '工作日' }; // 即办件: done on the spot
  const m = /^(\d{1,4})\s*(?:[（(]\s*(个?工作日|自然日|日|天)\s*[)）]|(个?工作日|自然日|日|天))$/u.exec(text);
  if (!m) return undefined;
  return { days: Number(m[1]), unit: (m[2] ?? m[3] ?? '').replace(/^个/, '') };
}

/** Office hours sometimes sit in the promised-time field: 9:00-12:00, 上午…, 周一至周五… */
function looksLikeHours(text: string): boolean {
  return /\d{1,2}\s*[:：]\s*\d{2}/.test(text) || /上午|下午|周[一二三四五六日]|星期/.test(text);
}

interface TimeFields {
  statutoryDays?: number;
  promisedDays?: number;
  timeLimitNote?: string;
  hours?: string;
}

function timesOf(r: GdRecord): TimeFields {
  const out: TimeFields = {};
  const notes: string[] = [];
  const statutory = cleanLine(r.handle_time);
  if (statutory) {
    const text = stripLabel(statutory, TIME_LABELS);
    const limit = parseLimit(text);
    if (limit?.unit === '工作日') out.statutoryDays = limit.days;
    else notes.push(limit ? `法定办结时限 ${limit.days} 个${limit.unit}` : `法定办结时限：${text}`);
  }
  const promised = cleanLine(r.handle_time_limit);
  if (promised) {
    const text = stripLabel(promised, TIME_LABELS);
    const limit = parseLimit(text);
    if (limit?.unit === '工作日') out.promisedDays = limit.days;
    else if (limit) notes.push(`承诺办结时限 ${limit.days} 个${limit.unit}`);
    else if (looksLikeHours(text)) out.hours = text;
    else notes.push(`承诺办结时限：${text}`);
  }
  if (notes.length) out.timeLimitNote = notes.join('；');
  return out;
}

// ---- contact, place, online --------------------------------------------------------------------

const PHONE_NUMBER = /(?<![\w=/.@\d-])(?<!邮政编码[:：]?\s*)(?:[（(]\d{2,4}[)）]\s*)?\d[\d\-－—–]{3,}\d(?:转\d{1,5})?(?![\w@])/gu;

/**
 * A phone field: label dropped, end punctuation dropped. A paragraph (address, e-mail, web site…)
 * is reduced to the numbers in it; a value without a plausible number is dropped with a warning.
 */
export function cleanPhone(value: unknown, field: string, warn: Warn): string | undefined {
  const raw = cleanLine(value);
  if (!raw) return undefined;
  const text = stripLabel(raw, PHONE_LABELS).replace(/[。；;，,\s]+$/u, '');
  if (!/\d{5}|\d[\d\-－—–()（）\s]{4,}\d/.test(text) || (text.match(/\d/g) ?? []).length < 5) {
    warn(`${field} "${raw}" holds no phone number; dropped`);
    return undefined;
  }
  if (text.length <= 80) return text;
  const numbers = distinct(
    (text.match(PHONE_NUMBER) ?? []).filter((n) => (n.match(/\d/g) ?? []).length >= 5),
  );
  if (!numbers.length) {
    warn(`${field} is a ${text.length}-character text without a phone number; dropped`);
    return undefined;
  }
  return numbers.join('、');
}

/** "无线下办理窗口": no counter, online only; said in the online note rather than as an address. */
const NO_COUNTER = /^无线下(办理)?窗口/u;

function locationOf(r: GdRecord): { location?: string; noCounter?: string } {
  const raw = cleanLine(r.handle_location);
  if (!raw) return {};
  const text = stripLabel(raw, LOCATION_LABELS);
  if (isPlaceholder(text)) return {};
  if (NO_COUNTER.test(text)) return { noCounter: text };
  return { location: text };
}

function onlineOf(r: GdRecord, noCounter: string | undefined): ServiceItem['online'] {
  const book = cleanLine(r.online_book);
  const check = cleanLine(r.ONLINECHECK);
  if (book === undefined && check === undefined) return undefined;
  const url = [r.URL, r.online_book_addr]
    .map(cleanLine)
    .find((u) => u !== undefined && HttpUrl.safeParse(u).success);
  const platform = cleanLine(r.bear_paltform);
  const note = [platform && `办理平台：${platform}`, noCounter].filter(Boolean).join('；') || undefined;
  return compact({ available: book === '是' || check === '1', url, note });
}

function visitsOf(r: GdRecord, warn: Warn): number | undefined {
  const text = cleanLine(r.visit_number);
  if (text === undefined) return undefined;
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (Number.isInteger(n) && n >= 0 && n <= 10) return n;
  warn(`visit_number "${text}" is not a number of visits (0-10); dropped`);
  return undefined;
}

/** '其他' says nothing about an item; every other theme and audience is a useful tag. */
function tagsOf(r: GdRecord): string[] {
  return distinct([...textList(r.theme_category), ...textList(r.service_object_name)]).filter((t) => t !== '其他');
}

// ---- record → item -----------------------------------------------------------------------------

/** Maps one parsed record; returns the item or the reason it cannot be one. */
export function gdRecordToItem(r: GdRecord, warn: Warn): { item: ServiceItem } | { reason: string } {
  const id = typeof r.TASK_CODE === 'string' ? r.TASK_CODE.trim() : undefined;
  if (!id) return { reason: 'TASK_CODE is missing: the record has no id' };
  const idCheck = EntryId.safeParse(id);
  if (!idCheck.success) return { reason: `TASK_CODE "${id}" cannot be an id: ${describeIssues(idCheck.error)}` };
  const name = itemName(r);
  if (!name) return { reason: 'no name: matter_name, TASK_NAME and CATANAME are all empty' };
  const department = cleanLine(r.DEPT_NAME);
  if (!department) return { reason: 'DEPT_NAME is empty: every item needs a responsible department' };

  const { location, noCounter } = locationOf(r);
  const conditions = cleanLine(r.accept_standard);
  const candidate = {
    kind: 'item' as const,
    id,
    name,
    aliases: aliasesOf(r, name),
    department,
    itemType: cleanLine(r.TASK_TYPE_TEXT) ?? cleanLine(r.matter_type),
    level: cleanLine(r.matter_level),
    materials: materialsOf(r.material_intro, warn),
    ...timesOf(r),
    visits: visitsOf(r, warn),
    location,
    consultPhone: cleanPhone(r.consult_phone, 'consult_phone', warn),
    complaintPhone: cleanPhone(r.complain_phone, 'complain_phone', warn),
    online: onlineOf(r, noCounter),
    conditions: conditions && stripLabel(conditions, CONDITION_LABELS),
    region: cleanLine(r.AREA_CODE_TEXT) ?? cleanLine(r.district),
    tags: tagsOf(r),
    source: GD_SOURCE,
  };
  const parsed = ServiceItem.safeParse(compact(candidate));
  return parsed.success ? { item: parsed.data } : { reason: describeIssues(parsed.error) };
}

/**
 * Accepts the file's bytes (checked to be UTF-8) or its text. `opts.source` is ignored: these items
 * always carry source 'gd-service-items'.
 */
export function importGdItems(input: string | Uint8Array, _opts: ImportOptions = {}): ImportResult {
  const records = parseJsonLines(decodeUtf8(input));

  const entries: Entry[] = [];
  const rejected: ImportResult['rejected'] = [];
  const warnings: ImportResult['warnings'] = [];
  const firstLineOf = new Map<string, number>();
  for (const { line, value } of records) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      const what = Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`;
      rejected.push({ row: line, reason: `not a JSON object but ${what}` });
      continue;
    }
    const rawId = typeof (value as { TASK_CODE?: unknown }).TASK_CODE === 'string' ? (value as { TASK_CODE: string }).TASK_CODE : undefined;
    const record = GdRecord.safeParse(value);
    if (!record.success) {
      rejected.push({ row: line, id: rawId, reason: describeIssues(record.error) });
      continue;
    }
    const result = gdRecordToItem(record.data, (message) => warnings.push({ row: line, message }));
    if ('reason' in result) {
      rejected.push({ row: line, id: rawId, reason: result.reason });
      continue;
    }
    const first = firstLineOf.get(result.item.id);
    if (first !== undefined) {
      rejected.push({ row: line, id: result.item.id, reason: `duplicate TASK_CODE ${result.item.id}, first on line ${first}` });
      continue;
    }
    firstLineOf.set(result.item.id, line);
    entries.push(result.item);
  }
  return { entries, rejected, warnings };
}
