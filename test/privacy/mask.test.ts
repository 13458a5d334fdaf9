import { maskDeep, maskPersonalData } from '../../src/privacy/mask';
import { createLogger } from '../../src/log';

describe('maskPersonalData', () => {
  it.each([
    ['我的手机是13812345678', '我的手机是138****5678'],
    ['电话 +86 138 1234 5678', '电话 138****5678'],
    ['座机0760-88001234', '座机0760-****1234'],
    ['身份证440101199001011234', '身份证440101********1234'],
    ['信用代码91440101MA5CXXXX1X', '信用代码91440101*********X'],
    ['邮箱 zhang.san@example.com', '邮箱 z***@example.com'],
  ])('%s', (input, masked) => {
    expect(maskPersonalData(input)).toBe(masked);
  });

  it('leaves ordinary numbers alone', () => {
    expect(maskPersonalData('承诺10个工作日，收费300元，2026年')).toBe('承诺10个工作日，收费300元，2026年');
  });

  it('masks nested values', () => {
    expect(maskDeep({ a: ['13812345678'], b: { c: 5 } })).toEqual({ a: ['138****5678'], b: { c: 5 } });
  });
});

describe('logger', () => {
  it('never writes a phone number', () => {
    const lines: string[] = [];
    const log = createLogger('info', (l) => lines.push(l));
    log.info('ticket filed', { contact: '13812345678', text: '我的电话13812345678' });
    log.debug('hidden');
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('13812345678');
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'info', msg: 'ticket filed', contact: '138****5678' });
  });
});

describe('masking the forms people type', () => {
  it.each([
    ['全角手机１３９１２３４５６７８', '全角手机139****5678'],
    ['手机139.1234.5678谢谢', '手机139****5678谢谢'],
    ['手机139-1234-5678', '手机139****5678'],
    ['身份证 440101 19900101 123x', '身份证 440101********123X'],
    ['老身份证440101900101123', '老身份证440101*****1123'],
    ['信用代码91440101ma5cxxxx1x', '信用代码91440101*********X'],
    // 17 digits and a letter other than X: a credit code (no ID number ends so), masked as one.
    ['信用代码91110000100000000A', '信用代码91110000*********A'],
    ['信用代码 92310104327727623t 查不到', '信用代码 92310104*********T 查不到'],
    // Pasted in groups, as the intake accepts it (src/tickets/uscc.ts).
    ['信用代码 9135 0100 m000 100y43 查不到', '信用代码 91350100*********3 查不到'],
    ['代码9135-0100-M000-100Y43。', '代码91350100*********3。'],
    // The visible end of a masked code is not read as the start of the next number.
    ['代码9351010722867l4623 442000-19930517-1260', '代码93510107*********3 442000********1260'],
    // A landline and an ID number in groups, one space apart: both, not the first 18 digits as one.
    ['电话0755-36183013 110105 19960107 5870', '电话0755-****3013 110105********5870'],
    ['座机（020）83100130', '座机（020-****0130'],
    ['邮箱ｚｈａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ', '邮箱z***@example.com'],
  ])('%s', (input, masked) => {
    expect(maskPersonalData(input)).toBe(masked);
  });

  it('takes time in proportion to the text, however its digits are spaced', () => {
    // "1 1 1 …" is one run of 5,000 groups: cutting it into numbers once took 36 s of one core.
    const started = Date.now();
    maskPersonalData('1 '.repeat(5000));
    expect(maskPersonalData(`${'1 '.repeat(3000)}13912345678`)).not.toContain('13912345678');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('leaves dates, amounts, ticket numbers and full-width punctuation alone', () => {
    for (const text of [
      '办结日期2026-12-04，收费1,200元',
      '工单号 QH-20261204-0042',
      '工单号 QH-20261204-000042 已受理',
      '第３项：１０个工作日，',
      '时间：2026年12月4日 09:30',
      '访问 https://zwfw.example.gov.cn/item/item-drug-retail 办理',
    ]) {
      expect(maskPersonalData(text)).toBe(text);
    }
  });

  // A seeded fuzz: random numbers of each kind, written in the ways people write them, inside text.
  let seed = 20261204;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const digit = () => String(Math.floor(random() * 10));
  const digits = (n: number) => Array.from({ length: n }, digit).join('');
  const fullWidth = (s: string) => s.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
  const separate = (s: string, sep: string, groups: number[]) => {
    const parts: string[] = [];
    let at = 0;
    for (const g of groups) parts.push(s.slice(at, (at += g)));
    if (at < s.length) parts.push(s.slice(at));
    return parts.join(sep);
  };
  const variants = (s: string, groups: number[]) => [
    s,
    fullWidth(s),
    separate(s, ' ', groups),
    separate(s, '-', groups),
    separate(s, '.', groups),
    fullWidth(separate(s, ' ', groups)),
    s.toLowerCase(),
  ];
  const kinds: (() => { value: string; groups: number[] })[] = [
    () => ({ value: `1${'3456789'[Math.floor(random() * 7)]}${digits(9)}`, groups: [3, 4, 4] }),
    () => ({ value: `${1 + Math.floor(random() * 8)}${digits(5)}19${digits(9)}${random() < 0.3 ? 'X' : digit()}`, groups: [6, 8, 4] }),
    () => ({ value: `${1 + Math.floor(random() * 8)}${digits(14)}`, groups: [6, 6, 3] }),
    () => ({ value: `91${digits(6)}MA${digits(3)}CB${digits(2)}${random() < 0.5 ? digit() : 'Q'}`, groups: [18] }),
    // A numeric organisation code, the check character a letter, pasted in groups of four.
    () => ({ value: `9${digits(16)}${'ABCDEFGHJKLMNPQRTUWY'[Math.floor(random() * 20)]}`, groups: [4, 4, 4, 6] }),
  ];
  const middleOf = (value: string) => value.replace(/\D/g, '').slice(6, -4);

  it('never leaves the middle of a generated number readable, in any of 1,400 written forms', () => {
    for (let i = 0; i < 200; i++) {
      const { value, groups } = kinds[i % kinds.length]!();
      for (const written of variants(value, groups)) {
        const text = `我的号码是${written}，请回电`;
        const masked = maskPersonalData(text);
        const readable = masked.replace(/[\uff10-\uff19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/[^0-9*]/g, '');
        const middle = middleOf(value);
        if (middle.length >= 4) expect({ text, readable: readable.includes(middle) }).toEqual({ text, readable: false });
        expect(masked).toContain('*');
        expect(masked.startsWith('我的号码是')).toBe(true);
        expect(masked.endsWith('，请回电')).toBe(true);
      }
    }
  });
});
