/**
 * 统一社会信用代码 (GB 32100-2015) validation.
 *
 * Layout of the 18 characters:
 *   1     登记管理部门码   2 机构类别码
 *   3-8   登记管理机关行政区划码 (6 digits)
 *   9-17  主体标识码 = 组织机构代码 (GB 11714: 8 body characters + 1 check character)
 *   18    校验码 over characters 1-17
 * A department receiving our ticket trusts the code only if both check characters hold,
 * so a typo (the usual case) is caught before the ticket leaves.
 */

/** GB 32100 charset: digits and upper-case letters without I, O, S, V, Z (31 characters). */
export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
/** GB 11714 weights for the 8 body characters of the organisation code. */
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

export const USCC_ERROR_CODES = ['uscc_length', 'uscc_charset', 'uscc_region', 'uscc_check', 'uscc_org_check'] as const;
export type UsccErrorCode = (typeof USCC_ERROR_CODES)[number];

export type UsccResult = { ok: true; code: string } | { ok: false; code: UsccErrorCode };

/** Trim, drop inner spaces and upper-case: people paste codes as "9135 0100 m000 100y43". */
export function normalizeUscc(raw: string): string {
  return raw.replace(/[\s\u3000-]/g, '').toUpperCase();
}

/** The GB 32100 check character for the first 17 characters, or undefined if one is outside the charset. */
export function usccCheckChar(first17: string): string | undefined {
  if (first17.length !== 17) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = USCC_CHARSET.indexOf(first17.charAt(i));
    if (value < 0) return undefined;
    sum += value * (USCC_WEIGHTS[i] ?? 0);
  }
  const check = (31 - (sum % 31)) % 31;
  return USCC_CHARSET.charAt(check);
}

/**
 * GB 11714 check character for an 8-character organisation code body:
 * C9 = 11 - (Σ value·weight mod 11), 10 → 'X', 11 → '0'; letters count A=10 … Z=35.
 */
export function orgCodeCheckChar(body8: string): string | undefined {
  if (!/^[0-9A-Z]{8}$/.test(body8)) return undefined;
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const value = parseInt(body8.charAt(i), 36);
    sum += value * (ORG_WEIGHTS[i] ?? 0);
  }
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}

/** Validate an already-normalised code; the first failing rule names the error. */
export function validateUscc(code: string): UsccResult {
  if (code.length !== 18) return { ok: false, code: 'uscc_length' };
  for (const ch of code) if (!USCC_CHARSET.includes(ch)) return { ok: false, code: 'uscc_charset' };
  if (!/^\d{6}$/.test(code.slice(2, 8))) return { ok: false, code: 'uscc_region' };
  if (usccCheckChar(code.slice(0, 17)) !== code.charAt(17)) return { ok: false, code: 'uscc_check' };
  if (orgCodeCheckChar(code.slice(8, 16)) !== code.charAt(16)) return { ok: false, code: 'uscc_org_check' };
  return { ok: true, code };
}

export function isValidUscc(code: string): boolean {
  return validateUscc(code).ok;
}

/** For logs and operator screens: keep the region and the last two characters only. */
export function maskUscc(code: string): string {
  if (code.length < 10) return '*'.repeat(code.length);
  return code.slice(0, 8) + '*'.repeat(code.length - 10) + code.slice(-2);
}
