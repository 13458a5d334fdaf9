import { formatTicketId, parseTicketId } from '../../src/tickets/ticket-id';

describe('ticket ids', () => {
  it('uses the Beijing date, not the UTC date', () => {
    // 2026-11-24T16:30Z is already 25 November 00:30 in Beijing.
    expect(formatTicketId(new Date('2026-11-24T16:30:00Z'), 123)).toBe('QH-20261125-000123');
    expect(formatTicketId(new Date('2026-11-24T15:59:59Z'), 1)).toBe('QH-20261124-000001');
  });

  it('rejects sequences outside 1..999999', () => {
    expect(() => formatTicketId(new Date(), 0)).toThrow(RangeError);
    expect(() => formatTicketId(new Date(), 1_000_000)).toThrow(RangeError);
    expect(() => formatTicketId(new Date(), 1.5)).toThrow(RangeError);
    expect(formatTicketId(new Date('2026-01-01T01:00:00Z'), 999_999)).toBe('QH-20260101-999999');
  });

  it('parses what it formats', () => {
    expect(parseTicketId('QH-20261125-000123')).toEqual({ date: '2026-11-25', sequence: 123 });
  });

  it.each(['QH-20260230-000001', 'QH-20261125-000000', 'QH-2026112-0000123', 'qh-20261125-000123', 'QH-20261125-000123 '])(
    'rejects %s',
    (id) => {
      expect(parseTicketId(id)).toBeUndefined();
    },
  );
});
