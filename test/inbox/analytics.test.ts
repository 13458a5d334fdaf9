/** Analytics computations (pure) and the bundled SVG chart library. */
import { toRecord, type NewRecord } from '../../src/conversation/records';
import { beijingIso, bucketCount, bucketStart, computeAnalytics, type TicketFacts } from '../../src/inbox';
import * as Chart from '../../src/web/shared/chart';

const rec = (sessionId: string, atIso: string, r: Omit<NewRecord, 'sessionId' | 'channel' | 'at'>) => toRecord({ sessionId, channel: 'web', at: atIso, ...r });
const S1 = 'aaaaaaaaaaaaaaaa';
const S2 = 'bbbbbbbbbbbbbbbb';

describe('buckets (Beijing time)', () => {
  it('days start at 00:00 +08:00', () => {
    const t = Date.parse('2026-11-20T17:00:00Z'); // 01:00 on the 21st in Beijing
    expect(beijingIso(bucketStart(t, 'day'))).toBe('2026-11-21T00:00:00+08:00');
    expect(beijingIso(bucketStart(t, 'hour'))).toBe('2026-11-21T01:00:00+08:00');
    expect(bucketCount(new Date('2026-11-20T16:00:00Z'), new Date('2026-11-22T16:00:00Z'), 'day')).toBe(2);
    expect(bucketCount(new Date('2026-11-20T16:00:00Z'), new Date('2026-11-20T19:00:00Z'), 'hour')).toBe(3);
  });
});

describe('computeAnalytics', () => {
  const from = new Date('2026-11-19T16:00:00Z'); // 2026-11-20 00:00 Beijing
  const to = new Date('2026-11-21T16:00:00Z'); // two Beijing days
  const records = [
    rec(S1, '2026-11-20T01:00:00Z', { kind: 'answer', turnId: 't1', question: 'q', entryId: 'item-a', field: 'overview', confidence: 0.9 }),
    rec(S1, '2026-11-20T01:01:00Z', { kind: 'feedback', turnId: 't1', feedback: { helpful: false, via: 'button' } }),
    rec(S1, '2026-11-20T01:02:00Z', { kind: 'feedback', turnId: 't1', feedback: { helpful: true, via: 'button' } }), // changed mind
    rec(S1, '2026-11-20T01:03:00Z', { kind: 'answer', turnId: 't2', question: 'q2', entryId: 'item-a', field: 'materials', confidence: 0.8 }),
    rec(S1, '2026-11-20T01:04:00Z', { kind: 'feedback', turnId: 't2', feedback: { helpful: false, via: 'button' } }),
    rec(S2, '2026-11-21T02:00:00Z', { kind: 'clarify', question: 'q3' }),
    rec(S2, '2026-11-21T02:01:00Z', { kind: 'handoff', question: 'q4', reason: 'out_of_scope' }),
    rec(S2, '2026-11-21T02:02:00Z', { kind: 'ticket', ticketId: 'QH-20261121-000001' }),
    rec(S2, '2026-11-22T02:02:00Z', { kind: 'answer', turnId: 't9', question: 'late', entryId: 'item-b', field: 'overview', confidence: 0.9 }), // after `to`
  ];
  const tickets: TicketFacts[] = [
    { ticketId: 'QH-20261121-000001', category: '市场监管', department: '市市场监管局', sla: 'green' },
    { ticketId: 'QH-20261121-000002', category: '市场监管', department: '市市场监管局', sla: 'red' },
    { ticketId: 'QH-20261121-000003', category: '城市管理', department: '市城管局', sla: 'closed' },
  ];

  it('counts conversations, rates, votes, top entries, tickets and a series per bucket', () => {
    const a = computeAnalytics({ records, tickets, from, to, bucket: 'day', titleOf: (id) => (id === 'item-a' ? '事项甲' : undefined) });
    expect(a.totals).toEqual({
      conversations: 2,
      decisions: 4,
      answers: 2,
      clarifies: 1,
      handoffs: 1,
      tickets: 1,
      helpful: 1,
      unhelpful: 1,
      answerRate: 0.5,
      handoffRate: 0.25,
      clarifyRate: 0.25,
    });
    expect(a.series.map((p) => p.start)).toEqual(['2026-11-20T00:00:00+08:00', '2026-11-21T00:00:00+08:00']);
    expect(a.series[0]).toMatchObject({ conversations: 1, answers: 2, helpful: 1, unhelpful: 1 });
    expect(a.series[1]).toMatchObject({ conversations: 1, clarifies: 1, handoffs: 1, tickets: 1 });
    expect(a.topEntries).toEqual([{ entryId: 'item-a', title: '事项甲', count: 2, helpful: 1, unhelpful: 1 }]);
    expect(a.tickets.byCategory).toEqual([
      { key: '市场监管', count: 2 },
      { key: '城市管理', count: 1 },
    ]);
    expect(a.tickets.bySla).toEqual({ green: 1, yellow: 0, red: 1, closed: 1 });
  });

  it("counts the semantic layer's answers and clarify questions, and the votes on its answers", () => {
    const semanticRecords = [
      ...records,
      rec(S1, '2026-11-20T03:00:00Z', { kind: 'answer', via: 'embedding', turnId: 't9', question: 'q', entryId: 'item-b', field: 'overview', confidence: 0.86 }),
      rec(S1, '2026-11-20T03:01:00Z', { kind: 'feedback', turnId: 't9', feedback: { helpful: false, via: 'button' } }),
      rec(S2, '2026-11-21T03:00:00Z', { kind: 'clarify', via: 'embedding', question: 'q', confidence: 0.7, candidates: ['item-a', 'item-b'] }),
      rec(S2, '2026-11-21T03:02:00Z', { kind: 'answer', via: 'choice', turnId: 't10', question: 'q', entryId: 'item-a', field: 'overview', confidence: 1 }),
      rec(S2, '2026-11-21T03:03:00Z', { kind: 'feedback', turnId: 't10', feedback: { helpful: true, via: 'button' } }),
    ];
    const a = computeAnalytics({ records: semanticRecords, tickets, from, to, bucket: 'day' });
    expect(a.semantic).toEqual({ answers: 1, clarifies: 1, helpful: 0, unhelpful: 1 });
    expect(a.totals).toMatchObject({ answers: 4, clarifies: 2, helpful: 2, unhelpful: 2 });
    expect(computeAnalytics({ records, tickets, from, to, bucket: 'day' }).semantic).toEqual({ answers: 0, clarifies: 0, helpful: 0, unhelpful: 0 });
  });

  it('hour buckets, and zero rates without decisions', () => {
    const a = computeAnalytics({ records: [], tickets: [], from, to: new Date(from.getTime() + 3 * 3600e3), bucket: 'hour' });
    expect(a.series).toHaveLength(3);
    expect(a.totals.answerRate).toBe(0);
  });
});

describe('the bundled chart library', () => {
  it('nice scales', () => {
    expect(Chart.niceScale(7)).toEqual({ max: 8, step: 2 });
    expect(Chart.niceScale(0)).toEqual({ max: 1, step: 1 });
    expect(Chart.niceScale(95)).toEqual({ max: 100, step: 50 });
  });

  it('bar charts: one rect per datum with a <title> tooltip, axis labels, labels kept as text', () => {
    const tree = Chart.barChart(
      [
        { label: '<img src=x onerror=alert(1)>', value: 3 },
        { label: '工单', value: 6, cls: 'qc-red' },
      ],
      { title: '测试', unit: ' 件' },
    );
    expect(tree.tag).toBe('svg');
    const bars = Chart.find(tree, 'rect');
    expect(bars).toHaveLength(2);
    expect(Number(bars[1]!.attrs.height)).toBeGreaterThan(Number(bars[0]!.attrs.height));
    expect(String(bars[1]!.attrs.class)).toContain('qc-red');
    expect(Chart.find(bars[0]!, 'title')[0]!.text).toBe('<img src=x onerror=alert(1)>：3 件');
    const texts = Chart.texts(tree);
    expect(texts).toEqual(expect.arrayContaining(['0', '2', '4', '6', '工单']));
  });

  it('line charts: a path and a point with tooltip per value, a legend', () => {
    const tree = Chart.lineChart(['11-20', '11-21', '11-22'], [
      { name: '会话', values: [1, 4, 2] },
      { name: '转人工', values: [0, 1, 0] },
    ]);
    expect(Chart.find(tree, 'path')).toHaveLength(2);
    expect(Chart.find(tree, 'circle')).toHaveLength(6);
    expect(Chart.texts(tree)).toEqual(expect.arrayContaining(['会话 · 11-21：4', '11-22', '转人工']));
  });

  it('render uses createElementNS, setAttribute and textContent only', () => {
    const calls: string[] = [];
    const make = (tag: string) => {
      const e = {
        tag,
        attrs: {} as Record<string, string>,
        children: [] as unknown[],
        textContent: '',
        setAttribute: (k: string, v: string) => ((e.attrs[k] = v), calls.push(`attr ${k}`)),
        appendChild: (c: unknown) => e.children.push(c),
      };
      return e;
    };
    const doc = { createElementNS: (ns: string, tag: string) => (calls.push(`el ${ns} ${tag}`), make(tag)) };
    const svg = Chart.render(Chart.barChart([{ label: '<b>x</b>', value: 1 }]), doc) as ReturnType<typeof make>;
    expect(svg.tag).toBe('svg');
    expect(calls[0]).toBe('el http://www.w3.org/2000/svg svg');
    expect(calls.some((c) => c === 'attr xmlns')).toBe(false);
  });
});
