/**
 * Contact phone numbers: mainland mobile (1[3-9] + 9 digits) or landline (area code + local number,
 * optional extension). Numbers are stored normalised so the routing backend and departments can
 * dial them without guessing: mobile "13800138000", landline "0591-87654321" or "0591-87654321-8001".
 */

export const PHONE_ERROR_CODES = ['phone_invalid'] as const;
export type PhoneErrorCode = (typeof PHONE_ERROR_CODES)[number];

export type PhoneResult =
  | { ok: true; kind: 'mobile'; normalized: string }
  | { ok: true; kind: 'landline'; normalized: string; areaCode: string; local: string; extension?: string }
  | { ok: false; code: PhoneErrorCode };

/** The stored (normalised) form; used by the Ticket schema so a stored phone is always dialable. */
export const NORMALIZED_PHONE_RE = /^(?:1[3-9]\d{9}|0(?:10|2\d|[3-9]\d{2})-[2-9]\d{6,7}(?:-\d{1,6})?)$/;

const MOBILE_RE = /^1[3-9]\d{9}$/;
/**
 * Area codes: 010 and 02x have three digits, every other starts 03-09 and has four, so a number
 * written without separators splits unambiguously. Local numbers never start with 0 or 1.
 */
const LANDLINE_RE = /^(0(?:10|2\d|[3-9]\d{2}))([2-9]\d{6,7})$/;
const EXTENSION_RE = /^(.*?)(?:转|分机|ext\.?|x|#|-)(\d{1,6})$/i;

export function parsePhone(raw: string): PhoneResult {
  // Full-width digits come from Chinese IMEs; map them before anything else.
  let s = raw.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)).trim();
  s = s.replace(/[\s\u3000]/g, '');
  // "+86", "0086" or "86-" country prefix.
  let international = false;
  const country = /^(?:\+|00)86[-.]?|^86-/.exec(s);
  if (country) {
    s = s.slice(country[0].length);
    international = true;
  }
  s = s.replace(/[()（）]/g, '');

  const compact = s.replace(/[-.]/g, '');
  if (MOBILE_RE.test(compact)) return { ok: true, kind: 'mobile', normalized: compact };

  // Landline, maybe with an extension. Split the extension off only when what remains is a
  // complete number, because "-" also separates the area code.
  const candidates: { main: string; extension?: string }[] = [{ main: s }];
  const ext = EXTENSION_RE.exec(s);
  if (ext && ext[1] !== undefined && ext[2] !== undefined) candidates.push({ main: ext[1], extension: ext[2] });
  for (const { main, extension } of candidates) {
    let digits = main.replace(/[-.]/g, '');
    // After a country prefix the trunk 0 is dropped ("+86 591 87654321").
    if (international && !digits.startsWith('0')) digits = '0' + digits;
    const m = LANDLINE_RE.exec(digits);
    if (!m || m[1] === undefined || m[2] === undefined) continue;
    const normalized = `${m[1]}-${m[2]}` + (extension ? `-${extension}` : '');
    return extension
      ? { ok: true, kind: 'landline', normalized, areaCode: m[1], local: m[2], extension }
      : { ok: true, kind: 'landline', normalized, areaCode: m[1], local: m[2] };
  }
  return { ok: false, code: 'phone_invalid' };
}

/** Normalised form if valid, otherwise the input unchanged (so the validator can report it). */
export function normalizePhone(raw: string): string {
  const r = parsePhone(raw);
  return r.ok ? r.normalized : raw;
}

/** For logs: never the full number. "138****8000", "0591-****4321". */
export function maskPhone(phone: string): string {
  const m = /^(1\d{2})\d{4}(\d{4})$/.exec(phone);
  if (m) return `${m[1]}****${m[2]}`;
  const l = /^(0\d{2,3})-\d+?(\d{4})(?:-\d+)?$/.exec(phone);
  if (l) return `${l[1]}-****${l[2]}`;
  return phone.length <= 4 ? '****' : '*'.repeat(phone.length - 4) + phone.slice(-4);
}
