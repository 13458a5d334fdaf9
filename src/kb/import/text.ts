/**
 * Text helpers shared by the importers: strict UTF-8 decoding and the clean-up real catalogues need
 * (placeholders such as '无' that mean "nothing", label prefixes, stray whitespace).
 */
import { ImportFileError } from './result';

const NOT_UTF8 = '文件不是 UTF-8 编码 (file is not UTF-8; GBK/GB18030 perhaps). Save it as "CSV UTF-8" and import again.';

/**
 * Decodes bytes as UTF-8 and refuses anything else: GBK files decoded leniently would import as
 * mojibake that looks valid. A leading BOM is dropped.
 */
export function decodeUtf8(input: string | Uint8Array): string {
  if (typeof input === 'string') {
    // U+FFFD is what a lenient decoder leaves where bytes were not UTF-8: the caller read a GBK file as UTF-8.
    if (input.includes('\uFFFD')) throw new ImportFileError('encoding', `${NOT_UTF8} (it holds U+FFFD replacement characters)`);
    return input.replace(/^\uFEFF/, '');
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(input);
  } catch {
    throw new ImportFileError('encoding', NOT_UTF8);
  }
}

/** Values catalogues use to say "nothing here". Compared after trimming and dropping end punctuation. */
const PLACEHOLDERS = new Set(['', '无', '暂无', '/', '-', '—', 'null', 'NULL', 'none', 'None', 'N/A', 'n/a', '空']);

export function isPlaceholder(text: string): boolean {
  return PLACEHOLDERS.has(text.trim().replace(/[。.；;，,\s]+$/u, ''));
}

/** Trims and collapses every run of whitespace (ASCII, ideographic, newlines) to one space. */
export function collapse(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}

/**
 * One-line text from any JSON value: strings and numbers become collapsed text; placeholders,
 * other types and blanks become undefined.
 */
export function cleanLine(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  const text = collapse(value);
  return isPlaceholder(text) ? undefined : text;
}

/**
 * Multi-line text (answers): keeps line breaks, which carry meaning, but normalises line endings,
 * trailing spaces and runs of blank lines.
 */
export function cleanBlock(value: string): string | undefined {
  const text = value
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/[ \t\u3000]+$/u, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return isPlaceholder(text) ? undefined : text;
}

/** Removes a leading `label：` when the label is one of `labels` (e.g. 办理地点：). */
export function stripLabel(text: string, labels: readonly string[]): string {
  for (const label of labels) {
    const match = new RegExp(`^${label}\\s*[:：]\\s*`, 'u').exec(text);
    if (match) return text.slice(match[0].length).trim();
  }
  return text;
}

/** Keeps the first occurrence of each value, in order. */
export function distinct<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}
