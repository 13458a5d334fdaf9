/**
 * Masks personal data in free text before it is logged or recorded: mobile and landline numbers,
 * resident ID numbers, unified social credit codes and e-mail addresses. Keeps enough of each
 * (first and last digits) for a person to recognise a record without exposing it.
 */

const ID_NUMBER = /(?<![0-9A-Za-z])([1-9]\d{5})(\d{8})(\d{3}[\dXx])(?![0-9A-Za-z])/g;
const CREDIT_CODE = /(?<![0-9A-Za-z])([0-9A-HJ-NPQRTUWXY]{2}\d{6})([0-9A-HJ-NPQRTUWXY]{9})([0-9A-HJ-NPQRTUWXY])(?![0-9A-Za-z])/g;
const MOBILE = /(?<!\d)(?:\+?86[- ]?)?(1[3-9]\d)[- ]?(\d{4})[- ]?(\d{4})(?!\d)/g;
const LANDLINE = /(?<!\d)(0\d{2,3})[- ]?(\d{3,4})(\d{4})(?!\d)/g;
const EMAIL = /([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})/g;

/** Every pattern above needs four digits in a row or an @: most messages have neither. */
const MAYBE_PERSONAL = /\d{4}|@/;

export function maskPersonalData(text: string): string {
  if (!MAYBE_PERSONAL.test(text)) return text;
  return text
    .replace(ID_NUMBER, (_m, head: string, _mid: string, tail: string) => `${head}********${tail}`)
    .replace(CREDIT_CODE, (m: string, head: string, _mid: string, check: string) =>
      /\d{17}/.test(m) ? m : `${head}*********${check}`,
    )
    .replace(MOBILE, (_m, a: string, _b: string, c: string) => `${a}****${c}`)
    .replace(LANDLINE, (_m, area: string, _b: string, c: string) => `${area}-****${c}`)
    .replace(EMAIL, (_m, first: string, domain: string) => `${first}***@${domain}`);
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
