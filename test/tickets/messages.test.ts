import { CALENDAR_ERROR_CODES } from '../../src/tickets/calendar';
import { DISTRICT_ERROR_CODES } from '../../src/tickets/districts';
import { fieldLabel, message, MESSAGES, statusName, trafficLightName, VALIDATION_CODES } from '../../src/tickets/messages';
import { PHONE_ERROR_CODES } from '../../src/tickets/phone';
import { TICKET_STATUSES, TRANSITION_ERROR_CODES, TRIAGE_REASON_CODES, TicketInput } from '../../src/tickets/schema';
import { SLA_COLOURS, SLA_OUTCOMES, TRAFFIC_LIGHTS } from '../../src/tickets/sla';
import { USCC_ERROR_CODES } from '../../src/tickets/uscc';

const CJK = /[\u4e00-\u9fff]/;

describe('messages', () => {
  it('has Chinese text for every code of every module', () => {
    const codes: string[] = [
      ...VALIDATION_CODES,
      ...USCC_ERROR_CODES,
      ...PHONE_ERROR_CODES,
      ...DISTRICT_ERROR_CODES,
      ...TRANSITION_ERROR_CODES,
      ...TRIAGE_REASON_CODES,
      ...CALENDAR_ERROR_CODES,
      ...TICKET_STATUSES.map((s) => `status.${s}`),
      ...SLA_COLOURS.map((l) => `light.${l}`),
      ...SLA_OUTCOMES.map((o) => `outcome.${o}`),
    ];
    const table = MESSAGES as Record<string, string>;
    const missing = codes.filter((c) => !table[c] || !CJK.test(table[c]));
    expect(missing).toEqual([]);
    // and nothing in the table that no module uses
    expect(Object.keys(MESSAGES).filter((k) => !codes.includes(k))).toEqual([]);
  });

  it('uses ASCII codes', () => {
    for (const code of Object.keys(MESSAGES)) expect(code).toMatch(/^[a-z_.]+$/);
  });

  it('names the statuses the way the hotline does', () => {
    expect(TICKET_STATUSES.map(statusName)).toEqual(['待推送', '已推送', '已受理', '已分派', '处理中', '已办结', '已退回', '已关闭']);
    expect(TRAFFIC_LIGHTS.map(trafficLightName)).toEqual(['正常', '即将超期', '已超期']);
  });

  it('fills placeholders', () => {
    expect(message('too_long', { field: '诉求摘要', limit: '200' })).toBe('诉求摘要不能超过200个字');
    expect(message('uscc_check')).not.toContain('{');
  });

  it('has a Chinese label for every input field', () => {
    const paths: string[] = [];
    const walk = (schema: unknown, prefix: string) => {
      const shape = (schema as { shape?: Record<string, unknown> }).shape;
      if (!shape) return;
      for (const [key, child] of Object.entries(shape)) {
        const path = prefix ? `${prefix}.${key}` : key;
        paths.push(path);
        let inner = child as { unwrap?: () => unknown; element?: unknown; shape?: unknown };
        while (inner.unwrap && !inner.shape && !inner.element) inner = inner.unwrap() as typeof inner;
        if (inner.element) walk(inner.element, `${path}.*`);
        else walk(inner, path);
      }
    };
    walk(TicketInput, '');
    expect(paths.length).toBeGreaterThan(15);
    expect(paths.filter((p) => !CJK.test(fieldLabel(p)))).toEqual([]);
  });
});
