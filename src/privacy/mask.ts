/**
 * Masks personal data in free text before it is logged, recorded, shown in the inbox or analytics,
 * or sent to the semantic layer: mobile and landline numbers, resident ID numbers (18 and the old
 * 15 digits), unified social credit codes and e-mail addresses. Keeps enough of each (first and
 * last digits) for a person to recognise a record without exposing it.
 *
 * People type numbers as they come: full-width digits from a Chinese keyboard (１３９１２３４５６７８),
 * grouped with spaces, dashes or dots (139.1234.5678, 440101 19900101 1234, a credit code pasted as
 * 9135 0100 m000 100y43), a lower-case x or a lower-case credit code. Matching runs on a folded
 * copy of the text (full-width ASCII to half-width, one character for one, so positions agree) and
 * each number is judged by its digits alone, whatever separated them.
 */

/** A run of digits with at most one separator between two of them, an optional + before and x after. */
const DIGIT_RUN = /(?<![0-9A-Za-z])\+?\d(?:[ \t.·\-–—()]?\d){6,}(?:[ \t.·\-–—]?[Xx])?(?![0-9A-Za-z])/g;
const CREDIT_CODE = /(?<![0-9A-Za-z])([0-9A-HJ-NPQRTUWXY]{2}\d{6})([0-9A-HJ-NPQRTUWXY]{9})([0-9A-HJ-NPQRTUWXY])(?![0-9A-Za-z])/gi;
/** 18 letters and digits with at most one separator between two of them: a credit code pasted in groups. */
const GROUPED_CODE = /(?<![0-9A-Za-z])[0-9A-Za-z](?:[ \t.·\-–—]?[0-9A-Za-z]){17}(?![0-9A-Za-z])/g;
const CREDIT_CODE_SHAPE = /^([0-9A-HJ-NPQRTUWXY]{2}\d{6})[0-9A-HJ-NPQRTUWXY]{9}([0-9A-HJ-NPQRTUWXY])$/i;
const EMAIL = /([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})/g;

/** Every pattern needs four digits (possibly apart) or an @: most messages have neither. */
const MAYBE_PERSONAL = /\d\D?\d\D?\d\D?\d|@|[\uff10-\uff19\uff20]/;

/** Full-width ASCII (U+FF01–U+FF5E) and the ideographic space to half-width, one for one. */
function fold(text: string): string {
  return text.replace(/[\uff01-\uff5e\u3000]/g, (c) => (c === '\u3000' ? ' ' : String.fromCharCode(c.charCodeAt(0) - 0xfee0)));
}

/** The masked form of a run of digits, or undefined when it is no phone or ID number. */
function maskDigits(run: string): string | undefined {
  const x = /[Xx]$/.test(run) ? 'X' : '';
  let digits = run.replace(/\D/g, '');
  if (x) digits = digits.slice(0, 17);
  // A mobile number, with or without the country code.
  const mobile = digits.length === 13 && digits.startsWith('86') ? digits.slice(2) : digits;
  if (!x && mobile.length === 11 && /^1[3-9]/.test(mobile)) return `${mobile.slice(0, 3)}****${mobile.slice(-4)}`;
  // Resident ID: 18 characters (the last may be X), or the first generation's 15 digits.
  if ((digits.length === 17 && x) || (digits.length === 18 && !x)) return `${digits.slice(0, 6)}********${(digits + x).slice(-4)}`;
  if (digits.length === 15 && !x && /^[1-9]/.test(digits)) return `${digits.slice(0, 6)}*****${digits.slice(-4)}`;
  // A landline with its area code (0 + 2 or 3 digits, then 7 or 8).
  if (!x && /^0\d{9,11}$/.test(digits)) {
    const area = /^0(?:10|2\d)/.test(digits) ? digits.slice(0, 3) : digits.slice(0, 4);
    return `${area}-****${digits.slice(-4)}`;
  }
  return undefined;
}

const SEPARATOR = /[ \t.·\-–—()]/;

/** What a masked span reads as to the patterns that come after: neither a letter, digit, separator nor @. */
const MASKED = '#';

/** The most digits one number holds: an ID number (a mobile with +86 has 13). */
const MAX_NUMBER_DIGITS = 18;

/**
 * A run may hold several numbers one space apart ("13800138000 110101199003071234", a landline and
 * then an ID number in groups): when it is not one number as a whole, its separated groups are cut
 * into numbers so that as many digits as possible are masked (on a tie, the longer number first),
 * and the rest (and the separators) kept as written. One number spans at most 18 digits, so the
 * work grows with the run's length, not its square: a message of "1 1 1 …" costs no more than any.
 */
function maskRun(run: string): string | undefined {
  const whole = maskDigits(run);
  if (whole !== undefined || !SEPARATOR.test(run)) return whole;
  const parts = run.split(/([ \t.·\-–—()])/); // groups at even indexes, separators between
  const groups = parts.filter((_, i) => i % 2 === 0);
  const n = groups.length;
  const digits = groups.map((g) => g.replace(/\D/g, '').length);
  // From the right: best[i], the most digits maskable in groups i…; masked[i] and end[i], the
  // number that starts at group i in that best cut (if one does) and the group after it.
  const best = new Array<number>(n + 1).fill(0);
  const masked = new Array<string | undefined>(n).fill(undefined);
  const end = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    best[i] = best[i + 1]!;
    let count = 0;
    let text = '';
    for (let j = i + 1; j <= n && count + digits[j - 1]! <= MAX_NUMBER_DIGITS; j++) {
      count += digits[j - 1]!;
      text += groups[j - 1]!;
      const m = count > 0 ? maskDigits(text) : undefined;
      if (m !== undefined && count + best[j]! >= best[i]!) {
        best[i] = count + best[j]!;
        masked[i] = m;
        end[i] = j;
      }
    }
  }
  if (best[0] === 0) return undefined;
  let out = '';
  for (let i = 0; i < n; ) {
    const separator = i > 0 ? parts[2 * i - 1]! : '';
    if (masked[i] !== undefined) {
      out += separator + masked[i]!;
      i = end[i]!;
    } else {
      out += separator + groups[i]!;
      i++;
    }
  }
  return out;
}

/**
 * Replaces each match of `pattern` in the folded text, and the same span of the original: what is
 * not personal keeps its original characters. In the folded copy the masked span becomes filler
 * that no pattern reads, so that the next pattern never takes the visible end of a masked number
 * for the start of another ("…*********3 442000 19930517 1260" is a credit code and an ID number,
 * not a "3" that begins a 15-digit one).
 */
function replaceSpans(original: string, folded: string, pattern: RegExp, mask: (m: RegExpExecArray) => string | undefined): [string, string] {
  let out = '';
  let outFolded = '';
  let at = 0;
  for (const m of folded.matchAll(pattern)) {
    const masked = mask(m as RegExpExecArray);
    if (masked === undefined) continue;
    out += original.slice(at, m.index) + masked;
    outFolded += folded.slice(at, m.index) + MASKED.repeat(masked.length);
    at = m.index + m[0].length;
  }
  return at === 0 ? [original, folded] : [out + original.slice(at), outFolded + folded.slice(at)];
}

/** 18 digits, or 17 and an X: a resident ID number's shape, left to the digit runs. */
const ID_SHAPE = /^\d{17}[\dXx]$/;

/** The masked form of a credit code pasted in groups ("9135 0100 m000 100y43"), or undefined. */
function maskGroupedCode(run: string): string | undefined {
  const code = run.replace(/[^0-9A-Za-z]/g, '');
  if (code === run || ID_SHAPE.test(code)) return undefined;
  const m = CREDIT_CODE_SHAPE.exec(code);
  return m ? `${m[1]!.toUpperCase()}*********${m[2]!.toUpperCase()}` : undefined;
}

export function maskPersonalData(text: string): string {
  if (!MAYBE_PERSONAL.test(text)) return text;
  let original = text;
  let folded = fold(text);
  // Credit codes first. One of 17 digits and an X (or of 18 digits) reads as an ID number and is
  // masked as one by the digit runs; 17 digits and another letter is a credit code only.
  [original, folded] = replaceSpans(original, folded, CREDIT_CODE, (m) =>
    ID_SHAPE.test(m[0]) ? undefined : `${m[1]!.toUpperCase()}*********${m[3]!.toUpperCase()}`,
  );
  [original, folded] = replaceSpans(original, folded, GROUPED_CODE, (m) => maskGroupedCode(m[0]));
  [original, folded] = replaceSpans(original, folded, DIGIT_RUN, (m) => maskRun(m[0]));
  [original] = replaceSpans(original, folded, EMAIL, (m) => `${m[1]}***@${m[2]}`);
  return original;
}

/** Masks every string inside a JSON-like value, for structured logs and records. */
export function maskDeep<T>(value: T): T {
  if (typeof value === 'string') return maskPersonalData(value) as T;
  if (Array.isArray(value)) return value.map(maskDeep) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskDeep(v)])) as T;
  }
  return value;
}
