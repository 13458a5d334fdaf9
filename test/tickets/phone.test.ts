import { maskPhone, NORMALIZED_PHONE_RE, parsePhone } from '../../src/tickets/phone';

describe('parsePhone', () => {
  it.each([
    ['13800138000', '13800138000'],
    ['+86 138-0013-8000', '13800138000'],
    ['008613800138000', '13800138000'],
    ['86-13800138000', '13800138000'],
    ['199 0000 1111', '19900001111'],
    ['１３８００１３８０００', '13800138000'],
  ])('mobile %s → %s', (raw, normalized) => {
    expect(parsePhone(raw)).toEqual({ ok: true, kind: 'mobile', normalized });
  });

  it.each([
    ['0591-87654321', '0591-87654321'],
    ['(0591)87654321', '0591-87654321'],
    ['（0591）8765 4321', '0591-87654321'],
    ['059187654321', '0591-87654321'],
    ['010-65123456', '010-65123456'],
    ['02087654321', '020-87654321'],
    ['0591-8765432', '0591-8765432'],
    ['+86 591 87654321', '0591-87654321'],
    ['0591-87654321-8001', '0591-87654321-8001'],
    ['0591-87654321转8001', '0591-87654321-8001'],
    ['0755 8888 8888 ext 12', '0755-88888888-12'],
  ])('landline %s → %s', (raw, normalized) => {
    const r = parsePhone(raw);
    expect(r.ok && r.normalized).toBe(normalized);
    expect(r.ok && r.kind).toBe('landline');
    expect(NORMALIZED_PHONE_RE.test(normalized)).toBe(true);
  });

  it('splits area code, local number and extension', () => {
    expect(parsePhone('010-65123456转123')).toEqual({
      ok: true,
      kind: 'landline',
      normalized: '010-65123456-123',
      areaCode: '010',
      local: '65123456',
      extension: '123',
    });
  });

  it.each([
    '12800138000', // 12x is not a mobile prefix
    '1380013800', // 10 digits
    '138001380001', // 12 digits
    '12345', // service number, not a contact
    '0591-07654321', // local numbers never start with 0
    '591-87654321', // no trunk 0
    '0591-876543', // too short
    'abc',
    '',
  ])('rejects %s', (raw) => {
    expect(parsePhone(raw)).toEqual({ ok: false, code: 'phone_invalid' });
  });

  it('masks numbers for logs', () => {
    expect(maskPhone('13800138000')).toBe('138****8000');
    expect(maskPhone('0591-87654321-8001')).toBe('0591-****4321');
    expect(maskPhone('12')).toBe('****');
  });
});
