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
