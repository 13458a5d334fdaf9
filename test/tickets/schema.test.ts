import {
  applyRating,
  applyStatusUpdate,
  canTransition,
  initialTicketState,
  markDelivered,
  recordDeliveryFailure,
  TicketState,
  type StatusUpdate,
  type TicketState as TicketStateT,
} from '../../src/tickets/schema';
import { parseStatusUpdate, parseTicketInput } from '../../src/tickets/issues';

const validInput = {
  channel: 'web',
  enterprise: { name: '示例科技有限公司', creditCode: '9135 0100 m000 100y43', district: '东城区' },
  contact: { name: '张三', phone: '+86 138-0013-8000' },
  demand: { summary: '公司拖欠工资三个月' },
};

describe('TicketInput validation', () => {
  it('normalises phone and credit code and fills defaults', () => {
    const r = parseTicketInput(validInput);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.enterprise?.creditCode).toBe('91350100M000100Y43');
    expect(r.value.contact.phone).toBe('13800138000');
    expect(r.value.demand).toEqual({ summary: '公司拖欠工资三个月', detail: '', turns: [], candidates: [] });
  });

  it('reports every bad field with its path, a code and a Chinese message', () => {
    const r = parseTicketInput({
      channel: 'fax',
      enterprise: { name: ' ', creditCode: '91350100M000100Y44', district: '东城区' },
      contact: { name: '张三', phone: '12800138000' },
      demand: { summary: '拖'.repeat(201), detail: '', turns: [{ role: 'robot', text: 'hi' }] },
      extra: true,
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const byPath = Object.fromEntries(r.issues.map((i) => [i.path, i]));
    expect(byPath['channel']?.code).toBe('invalid_value');
    expect(byPath['channel']?.message).toBe('渠道的取值不在允许范围内');
    expect(byPath['enterprise.name']).toEqual({ path: 'enterprise.name', code: 'required', message: '企业名称不能为空' });
    expect(byPath['enterprise.creditCode']).toEqual({
      path: 'enterprise.creditCode',
      code: 'uscc_check',
      message: '统一社会信用代码校验位不正确，请核对是否输错',
    });
    expect(byPath['contact.phone']?.code).toBe('phone_invalid');
    expect(byPath['demand.summary']).toEqual({ path: 'demand.summary', code: 'too_long', message: '诉求摘要不能超过200个字' });
    expect(byPath['demand.turns.0.role']?.message).toBe('对话角色的取值不在允许范围内');
    expect(byPath['']).toEqual({ path: '', code: 'unknown_field', message: '包含不认识的字段：extra' });
  });

  it('requires the summary and the contact', () => {
    const r = parseTicketInput({ ...validInput, contact: undefined, demand: { summary: '' } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toEqual(
      expect.arrayContaining([
        { path: 'contact', code: 'required', message: '联系人信息不能为空' },
        { path: 'demand.summary', code: 'required', message: '诉求摘要不能为空' },
      ]),
    );
  });

  it('accepts landlines with extensions and rejects a wrong organisation-code check', () => {
    const ok = parseTicketInput({ ...validInput, contact: { name: '李四', phone: '0591-87654321转8001' } });
    expect(ok.ok && ok.value.contact.phone).toBe('0591-87654321-8001');
    const bad = parseTicketInput({ ...validInput, enterprise: { ...validInput.enterprise, creditCode: '91350100M000100Y56' } });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.issues.map((i) => i.code)).toContain('uscc_org_check');
  });
});

describe('StatusUpdate validation', () => {
  it.each([
    ['assigned', 'department', 'department_required'],
    ['resolved', 'answer', 'answer_required'],
    ['rejected', 'reason', 'reason_required'],
  ])('%s needs %s', (status, path, code) => {
    const r = parseStatusUpdate({ status, at: '2026-11-25T10:00:00+08:00' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues).toEqual([expect.objectContaining({ path, code })]);
  });

  it('rejects our own statuses and bad timestamps', () => {
    const r = parseStatusUpdate({ status: 'delivered', at: 'yesterday' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => i.path).sort()).toEqual(['at', 'status']);
  });
});

describe('status transitions', () => {
  const created = '2026-11-25T10:00:00+08:00';
  const u = (status: StatusUpdate['status'], at: string, extra: Partial<StatusUpdate> = {}): StatusUpdate => ({
    status,
    at,
    ...extra,
  });
  const step = (s: TicketStateT, update: StatusUpdate): TicketStateT => {
    const r = applyStatusUpdate(s, update);
    if (!r.ok) throw new Error(r.code);
    return r.state;
  };

  it('walks the full lifecycle and keeps the history', () => {
    let s = initialTicketState(created);
    const d = markDelivered(s, '2026-11-25T10:00:05+08:00');
    expect(d.ok && d.changed).toBe(true);
    if (d.ok) s = d.state;
    s = step(s, u('received', '2026-11-25T10:05:00+08:00'));
    s = step(s, u('assigned', '2026-11-25T11:00:00+08:00', { department: '东城区人力资源和社会保障局' }));
    s = step(s, u('in_progress', '2026-11-26T09:00:00+08:00'));
    s = step(s, u('resolved', '2026-11-27T16:00:00+08:00', { answer: '已督促企业支付拖欠工资' }));
    s = step(s, u('closed', '2026-11-30T09:00:00+08:00'));
    expect(s.status).toBe('closed');
    expect(s.history.map((h) => h.status)).toEqual(['queued', 'delivered', 'received', 'assigned', 'in_progress', 'resolved', 'closed']);
    expect(s.delivery).toEqual({ attempts: 1, deliveredAt: '2026-11-25T10:00:05+08:00' });
    expect(TicketState.safeParse(s).success).toBe(true);
  });

  it('treats a repeated update as a no-op success', () => {
    const s = step(initialTicketState(created), u('received', '2026-11-25T10:05:00+08:00'));
    const again = applyStatusUpdate(s, u('received', '2026-11-25T02:05:00Z')); // same instant, other offset
    expect(again).toEqual({ ok: true, state: s, changed: false });
  });

  it('never leaves closed', () => {
    let s = step(initialTicketState(created), u('rejected', '2026-11-25T11:00:00+08:00', { reason: '不属于本平台受理范围' }));
    s = step(s, u('closed', '2026-11-25T12:00:00+08:00'));
    expect(applyStatusUpdate(s, u('in_progress', '2026-11-26T09:00:00+08:00'))).toEqual({ ok: false, code: 'ticket_closed' });
    expect(applyStatusUpdate(s, u('closed', '2026-11-25T12:00:00+08:00')).ok).toBe(true); // duplicate
  });

  it('only lets closed follow an answer, and does not go back', () => {
    const resolved = step(initialTicketState(created), u('resolved', '2026-11-25T11:00:00+08:00', { answer: '已答复' }));
    expect(applyStatusUpdate(resolved, u('in_progress', '2026-11-25T12:00:00+08:00'))).toEqual({ ok: false, code: 'invalid_transition' });
    const inProgress = step(initialTicketState(created), u('in_progress', '2026-11-25T11:00:00+08:00'));
    expect(applyStatusUpdate(inProgress, u('received', '2026-11-25T12:00:00+08:00'))).toEqual({ ok: false, code: 'invalid_transition' });
    expect(applyStatusUpdate(inProgress, u('closed', '2026-11-25T12:00:00+08:00'))).toEqual({ ok: false, code: 'invalid_transition' });
  });

  it('allows re-assignment to another department (转办)', () => {
    let s = step(initialTicketState(created), u('assigned', '2026-11-25T11:00:00+08:00', { department: '市税务局' }));
    s = step(s, u('assigned', '2026-11-25T15:00:00+08:00', { department: '市人力资源和社会保障局' }));
    expect(s.history.filter((h) => h.status === 'assigned').map((h) => h.department)).toEqual(['市税务局', '市人力资源和社会保障局']);
    expect(canTransition('in_progress', 'assigned')).toBe(true);
  });

  it('accepts backend statuses while still queued (their report proves delivery)', () => {
    const s = step(initialTicketState(created), u('received', '2026-11-25T10:05:00+08:00'));
    expect(s.delivery.deliveredAt).toBe('2026-11-25T10:05:00+08:00');
    expect(markDelivered(s, '2026-11-25T10:06:00+08:00')).toEqual({ ok: true, state: s, changed: false });
  });

  it('records failed deliveries without changing status', () => {
    const s = recordDeliveryFailure(recordDeliveryFailure(initialTicketState(created), 'ECONNREFUSED'), 'HTTP 503');
    expect(s.status).toBe('queued');
    expect(s.delivery).toEqual({ attempts: 2, lastError: 'HTTP 503' });
  });

  it('accepts one satisfaction rating after an answer', () => {
    const rating = { score: 5, comment: '办理很快', at: '2026-11-28T10:00:00+08:00' };
    const open = initialTicketState(created);
    expect(applyRating(open, rating)).toEqual({ ok: false, code: 'not_rateable' });
    const resolved = step(open, u('resolved', '2026-11-27T16:00:00+08:00', { answer: '已办结' }));
    const rated = applyRating(resolved, rating);
    expect(rated.ok && rated.state.rating).toEqual(rating);
    if (!rated.ok) return;
    expect(applyRating(rated.state, rating)).toEqual({ ok: true, state: rated.state, changed: false });
    expect(applyRating(rated.state, { ...rating, score: 1 })).toEqual({ ok: false, code: 'already_rated' });
  });
});
