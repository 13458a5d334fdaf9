import { maskUscc, normalizeUscc, orgCodeCheckChar, usccCheckChar, validateUscc } from '../../src/tickets/uscc';

/** Codes of real registered enterprises, as published in their business licences. */
const REAL_CODES = [
  '91350100M000100Y43',
  '91110000600037341L',
  '91440300708461136T',
  '91110108551385082Q',
  '91330100716105852F',
  '914403001922038216',
  '91110000802100433B',
];

/** Replace the character at i and recompute the final check character, so only one rule fails. */
function withChar(code: string, i: number, ch: string): string {
  const first17 = (code.slice(0, i) + ch + code.slice(i + 1)).slice(0, 17);
  return first17 + usccCheckChar(first17);
}

describe('统一社会信用代码', () => {
  it.each(REAL_CODES)('accepts the real code %s (both check characters)', (code) => {
    expect(validateUscc(code)).toEqual({ ok: true, code });
    expect(usccCheckChar(code.slice(0, 17))).toBe(code.charAt(17));
    expect(orgCodeCheckChar(code.slice(8, 16))).toBe(code.charAt(16));
  });

  it('rejects 911100001000196350: its GB 32100 check character would be 7', () => {
    expect(usccCheckChar('91110000100019635')).toBe('7');
    expect(validateUscc('911100001000196350')).toEqual({ ok: false, code: 'uscc_check' });
  });

  it('catches a single mistyped character', () => {
    expect(validateUscc('91350100M000100Y44')).toEqual({ ok: false, code: 'uscc_check' });
    // two adjacent characters swapped
    expect(validateUscc('91350100M001000Y43')).toEqual({ ok: false, code: 'uscc_check' });
  });

  it('checks the embedded organisation code (GB 11714) separately', () => {
    // 9th-16th characters M000100Y have check 4; make it 5 but keep the final check right.
    const bad = withChar('91350100M000100Y43', 16, '5');
    expect(validateUscc(bad.slice(0, 17) + usccCheckChar(bad.slice(0, 17)))).toEqual({ ok: false, code: 'uscc_org_check' });
  });

  it('maps GB 11714 remainders 10 and 11 to X and 0', () => {
    // Σ = 3·1 = 3 → 11 − 3 = 8; Σ = 3·4 = 12 → 11 − 1 = 10 → X; Σ = 3·11 (B) = 33 → 11 − 0 = 11 → 0
    expect(orgCodeCheckChar('10000000')).toBe('8');
    expect(orgCodeCheckChar('40000000')).toBe('X');
    expect(orgCodeCheckChar('B0000000')).toBe('0');
  });

  it('names the rule that failed', () => {
    expect(validateUscc('91350100M000100Y4')).toEqual({ ok: false, code: 'uscc_length' });
    expect(validateUscc('91350100M000100I43')).toEqual({ ok: false, code: 'uscc_charset' });
    expect(validateUscc('913501O0M000100Y43')).toEqual({ ok: false, code: 'uscc_charset' });
    expect(validateUscc(withChar('91350100M000100Y43', 4, 'A'))).toEqual({ ok: false, code: 'uscc_region' });
  });

  it('normalises what people paste', () => {
    expect(normalizeUscc(' 9135 0100-m000 100y43 ')).toBe('91350100M000100Y43');
    expect(normalizeUscc('91350100m000100y43\u3000')).toBe('91350100M000100Y43');
  });

  it('masks codes for logs', () => {
    expect(maskUscc('91350100M000100Y43')).toBe('91350100********43');
  });
});
