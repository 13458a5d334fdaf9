/** Valid tickets for delivery tests, built directly (no triage): fake but well-formed data. */
import { initialTicketState, Ticket, type TicketState } from '../../src/tickets/schema';
import { orgCodeCheckChar, usccCheckChar } from '../../src/tickets/uscc';

/** A credit code with both check characters right, different for each n. */
export function makeUscc(n: number): string {
  const body = String(10_000_000 + (n % 89_999_999)).slice(-8);
  const first17 = `91350100${body}${orgCodeCheckChar(body) ?? '0'}`;
  return first17 + (usccCheckChar(first17) ?? '0');
}

export function ticketId(n: number, day = '20261125'): string {
  return `QH-${day}-${String(n).padStart(6, '0')}`;
}

export function makeTicket(n: number, over: Partial<Ticket> = {}): Ticket {
  const createdAt = over.createdAt ?? '2026-11-25T09:00:00+08:00';
  return Ticket.parse({
    schema: 'qihu.ticket/v1',
    id: ticketId(n),
    createdAt,
    channel: 'web',
    enterprise: { name: `示例科技有限公司${n}`, creditCode: makeUscc(n), district: '东城区' },
    contact: { name: '张三', phone: '13800138000' },
    demand: { summary: `想咨询一下高新技术企业认定的材料要求 #${n}`, detail: '', turns: [], candidates: [] },
    triage: {
      category: { level1: '企业服务', level2: '资质认定' },
      department: n % 2 === 0 ? '市科技局' : '市市场监督管理局',
      level: '市',
      complexity: 'general',
      urgency: 'normal',
      reasons: [],
    },
    sla: { workingDays: 3, dueAt: '2026-11-30T18:00:00+08:00' },
    idempotencyKey: `test-key-${n}`,
    ...over,
  });
}

export function makeState(ticket: Ticket): TicketState {
  return initialTicketState(ticket.createdAt);
}
