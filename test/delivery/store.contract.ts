/**
 * One contract for every TicketStore: run by store.redis.test.ts and store.file.test.ts.
 */
import type { TicketStore } from '../../src/tickets/store';
import type { StatusUpdate } from '../../src/tickets/schema';
import { digestOf } from '../../src/tickets/digest';
import { TicketQuery } from '../../src/tickets/search';
import { makeState, makeTicket, makeUscc, ticketId } from '../support/tickets';

export interface StoreFactory {
  /** Fresh, empty storage for one test. */
  setup(): Promise<void>;
  /** Open a store instance on the current storage (several may be open at once). */
  open(): Promise<TicketStore>;
  /**
   * Crash: the storage loses everything not committed (file: the process "dies" without closing;
   * redis: kill -9 of redis-server and a restart). Returns once the storage is usable again; the
   * stores passed in are abandoned (file) or reconnect by themselves (redis).
   */
  crash(stores: TicketStore[]): Promise<void>;
  /** Close everything opened since setup. */
  teardown(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Retry `fn` until it resolves (a reconnecting client fails fast for a moment). */
export async function eventually<T>(fn: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await sleep(50);
    }
  }
}

const at = (min: number) => new Date(Date.UTC(2026, 10, 25, 2, min)).toISOString();

export function runStoreContract(name: string, factory: StoreFactory): void {
  describe(`TicketStore contract: ${name}`, () => {
    let store: TicketStore;
    beforeEach(async () => {
      await factory.setup();
      store = await factory.open();
    });
    afterEach(async () => {
      await factory.teardown();
    });

    test('nextSequence counts per day from 1', async () => {
      expect(await store.nextSequence('20261125')).toBe(1);
      expect(await store.nextSequence('20261125')).toBe(2);
      expect(await store.nextSequence('20261126')).toBe(1);
      const many = await Promise.all(Array.from({ length: 20 }, () => store.nextSequence('20261127')));
      expect(new Set(many).size).toBe(20);
      expect(Math.max(...many)).toBe(20);
    });

    test('createTicket stores ticket, state, key and one outbox entry', async () => {
      const t = makeTicket(1);
      expect(await store.createTicket(t, makeState(t))).toEqual({ created: true, ticketId: t.id });
      expect(await store.getTicket(t.id)).toEqual(t);
      expect((await store.getState(t.id))?.status).toBe('queued');
      expect(await store.findByIdempotencyKey(t.idempotencyKey)).toBe(t.id);
      expect(await store.getTicket(ticketId(999))).toBeUndefined();
      expect(await store.getState(ticketId(999))).toBeUndefined();
      const claimed = await store.claimDue('c1', 10, 60_000);
      expect(claimed).toHaveLength(1);
      expect(claimed[0]).toMatchObject({ ticketId: t.id, kind: 'ticket', attempts: 0 });
    });

    test('a known idempotency key writes nothing and returns the first ticket', async () => {
      const t = makeTicket(1);
      await store.createTicket(t, makeState(t));
      const again = makeTicket(2, { idempotencyKey: t.idempotencyKey });
      expect(await store.createTicket(again, makeState(again))).toEqual({
        created: false,
        reason: 'duplicate',
        ticketId: t.id,
      });
      expect(await store.getTicket(again.id)).toBeUndefined();
      expect(await store.outboxSize()).toBe(1);
    });

    test('concurrent creates with one key make one ticket', async () => {
      const results = await Promise.all(
        Array.from({ length: 25 }, (_, i) => {
          const t = makeTicket(i + 1, { idempotencyKey: 'same-key-123' });
          return store.createTicket(t, makeState(t));
        }),
      );
      expect(results.filter((r) => r.created)).toHaveLength(1);
      const winner = results.find((r) => r.created)?.ticketId;
      expect(results.every((r) => r.ticketId === winner)).toBe(true);
      expect(await store.outboxSize()).toBe(1);
    });

    test('a taken id is refused without writing', async () => {
      const t = makeTicket(1);
      await store.createTicket(t, makeState(t));
      const clash = makeTicket(1, { idempotencyKey: 'other-key-1' });
      expect(await store.createTicket(clash, makeState(clash))).toEqual({
        created: false,
        reason: 'id_taken',
        ticketId: t.id,
      });
      expect(await store.findByIdempotencyKey('other-key-1')).toBeUndefined();
      expect(await store.outboxSize()).toBe(1);
    });

    test('claim leases entries; another consumer gets them only after the lease', async () => {
      for (let i = 1; i <= 3; i++) {
        const t = makeTicket(i);
        await store.createTicket(t, makeState(t));
      }
      const a = await store.claimDue('a', 2, 300);
      expect(a.map((e) => e.ticketId)).toEqual([ticketId(1), ticketId(2)]);
      const b = await store.claimDue('b', 10, 300);
      expect(b.map((e) => e.ticketId)).toEqual([ticketId(3)]);
      expect(await store.claimDue('b', 10, 300)).toEqual([]);
      await sleep(450);
      const reclaimed = await store.claimDue('b', 10, 300);
      expect(reclaimed.map((e) => e.ticketId).sort()).toEqual([ticketId(1), ticketId(2), ticketId(3)]);
    });

    test('ack removes the entry and marks the ticket delivered; a second ack is false', async () => {
      const t = makeTicket(1);
      await store.createTicket(t, makeState(t));
      const [e] = await store.claimDue('a', 10, 60_000);
      expect(e).toBeDefined();
      if (!e) return;
      expect(await store.ack(e, at(1))).toBe(true);
      expect(await store.ack(e, at(2))).toBe(false);
      const s = await store.getState(t.id);
      expect(s?.status).toBe('delivered');
      expect(s?.delivery.deliveredAt).toBe(at(1));
      expect(await store.outboxSize()).toBe(0);
      expect(await store.claimDue('b', 10, 1)).toEqual([]);
    });

    test('retryLater hides the entry until due and records the attempt', async () => {
      const t = makeTicket(1);
      await store.createTicket(t, makeState(t));
      const [e] = await store.claimDue('a', 10, 60_000);
      if (!e) throw new Error('no entry');
      expect(await store.retryLater(e, Date.now() + 300, 'HTTP 503')).toBe(true);
      expect(await store.retryLater(e, Date.now() + 300, 'HTTP 503')).toBe(false);
      const s = await store.getState(t.id);
      expect(s?.status).toBe('queued');
      expect(s?.delivery).toMatchObject({ attempts: 1, lastError: 'HTTP 503' });
      expect(await store.claimDue('a', 10, 60_000)).toEqual([]);
      expect(await store.outboxSize()).toBe(1);
      await sleep(400);
      const [again] = await store.claimDue('b', 10, 60_000);
      expect(again).toMatchObject({ ticketId: t.id, kind: 'ticket', attempts: 1, enqueuedAt: e.enqueuedAt, lastError: 'HTTP 503' });
    });

    test('a stale consumer cannot settle an entry another consumer took over and finished', async () => {
      const t = makeTicket(1);
      await store.createTicket(t, makeState(t));
      const [e] = await store.claimDue('a', 10, 100);
      await sleep(200);
      const [taken] = await store.claimDue('b', 10, 100);
      if (!e || !taken) throw new Error('no entry');
      expect(await store.ack(taken, at(1))).toBe(true);
      expect(await store.retryLater(e, Date.now(), 'timeout')).toBe(false);
      expect(await store.deadLetter(e, 'HTTP 400')).toBe(false);
      expect(await store.outboxSize()).toBe(0);
      expect(await store.listDeadLetters()).toEqual([]);
    });

    test('dead letters are listed and can be replayed with a fresh window', async () => {
      const t = makeTicket(1);
      await store.createTicket(t, makeState(t));
      const [e] = await store.claimDue('a', 10, 60_000);
      if (!e) throw new Error('no entry');
      expect(await store.deadLetter(e, 'HTTP 422')).toBe(true);
      expect(await store.outboxSize()).toBe(0);
      const dead = await store.listDeadLetters();
      expect(dead).toHaveLength(1);
      expect(await store.deadLetterCount()).toBe(1);
      expect(dead[0]).toMatchObject({ ticketId: t.id, kind: 'ticket', attempts: 1, error: 'HTTP 422' });
      expect((await store.getState(t.id))?.delivery.lastError).toBe('HTTP 422');
      expect(await store.replayDeadLetter('no-such-id')).toBeUndefined();
      const newId = await store.replayDeadLetter(dead[0]?.id ?? '');
      expect(typeof newId).toBe('string');
      expect(await store.listDeadLetters()).toEqual([]);
      expect(await store.deadLetterCount()).toBe(0);
      const [again] = await store.claimDue('a', 10, 60_000);
      expect(again).toMatchObject({ id: newId, ticketId: t.id, attempts: 0 });
    });

    test('applyStatus follows the domain rules and is replay-safe', async () => {
      const t = makeTicket(1);
      await store.createTicket(t, makeState(t));
      const received: StatusUpdate = { status: 'received', at: at(1) };
      const r1 = await store.applyStatus(t.id, received);
      expect(r1).toMatchObject({ ok: true, changed: true });
      const r2 = await store.applyStatus(t.id, received);
      expect(r2).toMatchObject({ ok: true, changed: false });
      expect(await store.applyStatus(t.id, { status: 'assigned', at: at(2), department: '市科技局' })).toMatchObject({
        ok: true,
        changed: true,
      });
      expect(await store.applyStatus(t.id, { status: 'closed', at: at(3) })).toEqual({
        ok: false,
        code: 'invalid_transition',
      });
      expect(await store.applyStatus(ticketId(999), received)).toEqual({ ok: false, code: 'not_found' });
      const s = await store.getState(t.id);
      expect(s?.history.map((h) => h.status)).toEqual(['queued', 'received', 'assigned']);
      expect(s?.delivery.deliveredAt).toBe(at(1));
    });

    test('concurrent status updates on one ticket all land', async () => {
      const t = makeTicket(1);
      await store.createTicket(t, makeState(t));
      await store.applyStatus(t.id, { status: 'assigned', at: at(1), department: '市科技局' });
      const updates = Array.from({ length: 10 }, (_, i) => ({
        status: 'assigned' as const,
        at: at(2 + i),
        department: `部门${i}`,
      }));
      const results = await Promise.all(updates.map((u) => store.applyStatus(t.id, u)));
      expect(results.every((r) => r.ok)).toBe(true);
      expect((await store.getState(t.id))?.history).toHaveLength(12);
    });

    test('setRating needs an answer, queues the rating once', async () => {
      const t = makeTicket(1);
      await store.createTicket(t, makeState(t));
      const [e] = await store.claimDue('a', 10, 60_000);
      if (!e) throw new Error('no entry');
      await store.ack(e, at(1));
      const rating = { score: 5, comment: '很快', at: at(9) };
      expect(await store.setRating(t.id, rating)).toEqual({ ok: false, code: 'not_rateable' });
      await store.applyStatus(t.id, { status: 'resolved', at: at(5), answer: '材料清单见附件' });
      expect(await store.setRating(t.id, rating)).toMatchObject({ ok: true, changed: true });
      expect(await store.setRating(t.id, rating)).toMatchObject({ ok: true, changed: false });
      expect(await store.setRating(t.id, { ...rating, score: 1 })).toEqual({ ok: false, code: 'already_rated' });
      expect(await store.setRating(ticketId(999), rating)).toEqual({ ok: false, code: 'not_found' });
      const entries = await store.claimDue('a', 10, 60_000);
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ ticketId: t.id, kind: 'rating' });
      if (!entries[0]) return;
      expect(await store.ack(entries[0], at(10))).toBe(true);
      expect((await store.getState(t.id))?.rating?.score).toBe(5);
    });

    test('digests follow each ticket into and out of the indexes, in score order', async () => {
      // Filed one minute apart; deadlines in the opposite order (and two alike: ties go by id).
      const dues = ['2026-12-03T17:30:00+08:00', '2026-12-01T17:30:00+08:00', '2026-12-01T17:30:00+08:00', '2026-11-30T17:30:00+08:00'];
      const tickets = dues.map((dueAt, i) =>
        makeTicket(i + 1, { createdAt: `2026-11-25T09:0${i}:00+08:00`, sla: { workingDays: 3, dueAt }, contact: { name: '李四', phone: '13912345678' } }),
      );
      for (const t of tickets) await store.createTicket(t, makeState(t));
      const ids = (r: { id: string }[]) => r.map((d) => d.id);
      expect(ids(await store.listDigests({ index: 'open' }))).toEqual([ticketId(4), ticketId(2), ticketId(3), ticketId(1)]);
      expect(ids(await store.listDigests({ index: 'open', reverse: true }))).toEqual([ticketId(1), ticketId(3), ticketId(2), ticketId(4)]);
      expect(ids(await store.listDigests({ index: 'created', reverse: true, offset: 1, limit: 2 }))).toEqual([ticketId(3), ticketId(2)]);
      const dec1 = Date.parse('2026-12-01T17:30:00+08:00');
      expect(ids(await store.listDigests({ index: 'open', min: dec1, max: dec1 }))).toEqual([ticketId(2), ticketId(3)]);
      expect(await store.countDigests({ index: 'open', min: dec1 })).toBe(3);
      expect(await store.countDigests({ index: 'open', max: dec1 - 1 })).toBe(1);
      expect(await store.listDigests({ index: 'open', limit: 0 })).toEqual([]);
      expect(await store.listDigests({ index: 'answered' })).toEqual([]);

      const [first] = await store.listDigests({ index: 'created', limit: 1 });
      expect(first).toMatchObject({ id: ticketId(1), status: 'queued', department: tickets[0]!.triage.department, dueAt: dues[0] });
      // No full phone number, no credit code in a digest.
      expect(first?.contact).toEqual({ name: '李四', phone: '139****5678' });
      expect(JSON.stringify(first)).not.toContain(tickets[0]!.enterprise!.creditCode);

      // Delivered, then assigned to another department: the digest follows.
      const entries = await store.claimDue('c', 10, 60_000);
      const e1 = entries.find((e) => e.ticketId === ticketId(1));
      if (!e1) throw new Error('no entry');
      await store.ack(e1, at(1));
      expect((await store.listDigests({ index: 'open', reverse: true, limit: 1 }))[0]).toMatchObject({ id: ticketId(1), status: 'delivered', statusAt: at(1) });
      await store.applyStatus(ticketId(1), { status: 'assigned', at: at(2), department: '市住房和城乡建设局' });
      expect((await store.listDigests({ index: 'open', reverse: true, limit: 1 }))[0]).toMatchObject({ status: 'assigned', department: '市住房和城乡建设局' });

      // Answered: out of the open index, into the answered one; rated: into the rated one.
      await store.applyStatus(ticketId(1), { status: 'resolved', at: at(3), answer: '已协调施工单位整改' });
      expect(ids(await store.listDigests({ index: 'open' }))).toEqual([ticketId(4), ticketId(2), ticketId(3)]);
      expect(await store.listDigests({ index: 'answered' })).toEqual([expect.objectContaining({ id: ticketId(1), answeredAt: at(3), status: 'resolved' })]);
      await store.setRating(ticketId(1), { score: 4, at: at(4) });
      expect(await store.listDigests({ index: 'rated', min: Date.parse(at(4)) })).toEqual([expect.objectContaining({ id: ticketId(1), rating: { score: 4, at: at(4) } })]);
      await store.applyStatus(ticketId(1), { status: 'closed', at: at(5) });
      expect(await store.countDigests({ index: 'answered' })).toBe(1);
      expect(await store.countDigests({ index: 'created' })).toBe(4);
      // Delivery failures change nothing a digest shows.
      const e2 = entries.find((e) => e.ticketId === ticketId(2));
      if (!e2) throw new Error('no entry');
      await store.retryLater(e2, Date.now() + 60_000, 'HTTP 503');
      expect((await store.listDigests({ index: 'open', limit: 2 }))[1]).toMatchObject({ id: ticketId(2), status: 'queued' });
    });

    test('searchTickets finds by number, phone, enterprise name and filer, newest first', async () => {
      const second = await factory.open();
      const minute = (m: number) => `2026-11-25T09:${String(m).padStart(2, '0')}:00+08:00`;
      const filed = [
        makeTicket(1, { createdAt: minute(1), enterprise: { name: '示例五金制品有限公司', creditCode: makeUscc(1), district: '东城区' } }),
        makeTicket(2, { createdAt: minute(2), contact: { name: '李四', phone: '13912345678' } }),
        makeTicket(3, { createdAt: minute(3), enterprise: { name: 'ＡＢＣ 五金 商行', creditCode: makeUscc(3), district: '西城区' } }),
        makeTicket(4, { createdAt: minute(4), contact: { name: '王五', phone: '13912345678' } }),
        makeTicket(5, { createdAt: minute(5) }),
      ];
      for (const [i, t] of filed.entries()) {
        const filer = i === 0 || i === 3 ? { filedBy: 'zhang.san' } : i === 1 ? { filedBy: 'li.si' } : undefined;
        // Two store instances (two qihu instances): either may file, both search the same tickets.
        expect((await (i % 2 ? second : store).createTicket(t, makeState(t), filer)).created).toBe(true);
      }
      const ids = async (q: Partial<TicketQuery>) => (await store.searchTickets(TicketQuery.parse(q))).hits.map((h) => h.digest.id);

      expect(await ids({})).toEqual([5, 4, 3, 2, 1].map((n) => ticketId(n)));
      expect(await ids({ limit: 2 })).toEqual([ticketId(5), ticketId(4)]);
      // A whole number, in any case or width; part of one.
      expect(await ids({ text: ticketId(3).toLowerCase() })).toEqual([ticketId(3)]);
      expect(await ids({ text: 'ＱＨ-20261125-000002' })).toEqual([ticketId(2)]);
      expect(await ids({ text: '000004' })).toEqual([ticketId(4)]);
      expect(await ids({ text: ticketId(99) })).toEqual([]);
      // Part of a name, width, case and spaces ignored.
      expect(await ids({ text: '五金' })).toEqual([ticketId(3), ticketId(1)]);
      expect(await ids({ text: 'abc五金' })).toEqual([ticketId(3)]);
      // A caller's tickets; a user's tickets; both at once.
      expect(await ids({ phone: '13912345678' })).toEqual([ticketId(4), ticketId(2)]);
      expect(await ids({ filedBy: 'zhang.san' })).toEqual([ticketId(4), ticketId(1)]);
      expect(await ids({ filedBy: 'zhang.san', phone: '13912345678' })).toEqual([ticketId(4)]);
      expect(await ids({ filedBy: 'zhang.san', text: ticketId(2) })).toEqual([]);
      expect(await ids({ filedBy: 'nobody' })).toEqual([]);

      const [hit] = (await store.searchTickets(TicketQuery.parse({ text: ticketId(1) }))).hits;
      expect(hit).toEqual({ digest: digestOf(filed[0]!, makeState(filed[0]!)), filedBy: 'zhang.san' });
      expect(hit!.digest.contact.phone).toBe('138****8000');
      expect((await store.searchTickets(TicketQuery.parse({ text: ticketId(5) }))).hits[0]).not.toHaveProperty('filedBy');
      // The state is the current one.
      await store.applyStatus(ticketId(2), { status: 'received', at: at(10) });
      expect((await store.searchTickets(TicketQuery.parse({ phone: '13912345678' }))).hits.map((h) => h.digest.status)).toEqual(['queued', 'received']);
      // A whole number and a phone: both must hold.
      expect(await ids({ text: ticketId(4), phone: '13912345678' })).toEqual([ticketId(4)]);
      expect(await ids({ text: ticketId(5), phone: '13912345678' })).toEqual([]);
      // A duplicate filing indexes nothing twice.
      const dup = makeTicket(6, { idempotencyKey: filed[0]!.idempotencyKey });
      await store.createTicket(dup, makeState(dup), { filedBy: 'li.si' });
      expect(await ids({ filedBy: 'li.si' })).toEqual([ticketId(2)]);
      expect((await store.searchTickets(TicketQuery.parse({}))).truncated).toBe(false);
    });

    test('committed tickets, states and outbox survive a crash', async () => {
      const second = await factory.open();
      const ids: string[] = [];
      for (let i = 1; i <= 20; i++) {
        const t = makeTicket(i);
        const r = await (i % 2 ? store : second).createTicket(t, makeState(t), i === 7 ? { filedBy: 'zhang.san' } : undefined);
        expect(r.created).toBe(true);
        ids.push(t.id);
      }
      await store.nextSequence('20261125');
      await store.applyStatus(ticketId(1), { status: 'received', at: at(1) });
      const claimed = await store.claimDue('a', 5, 60_000);
      const first = claimed[0];
      if (!first) throw new Error('no entry');
      await store.ack(first, at(2));
      const second2 = claimed[1];
      if (!second2) throw new Error('no entry');
      await store.retryLater(second2, Date.now() - 1, 'HTTP 500');
      const third = claimed[2];
      if (!third) throw new Error('no entry');
      await store.deadLetter(third, 'HTTP 400');

      await factory.crash([store, second]);
      const after = await factory.open();
      for (const id of ids) expect(await eventually(() => after.getTicket(id))).toBeDefined();
      expect((await after.getState(ticketId(1)))?.status).toBe('received');
      expect(await after.nextSequence('20261125')).toBe(2);
      expect(await after.findByIdempotencyKey(makeTicket(7).idempotencyKey)).toBe(ticketId(7));
      // Who filed a ticket, and the search indexes, too.
      expect((await after.searchTickets(TicketQuery.parse({ filedBy: 'zhang.san' }))).hits.map((h) => h.digest.id)).toEqual([ticketId(7)]);
      expect((await after.searchTickets(TicketQuery.parse({ phone: '13800138000', limit: 100 }))).hits).toHaveLength(20);
      expect(await after.listDeadLetters()).toHaveLength(1);
      expect(await after.countDigests({ index: 'created' })).toBe(20);
      expect(await after.countDigests({ index: 'open' })).toBe(20);
      expect((await after.listDigests({ index: 'created', limit: 1 }))[0]).toMatchObject({ id: ticketId(1), status: 'received' });
      // 20 created − 1 acked − 1 dead = 18 still to deliver, all claimable (leases of the dead
      // consumer expire; a short lease here).
      expect(await after.outboxSize()).toBe(18);
      await sleep(50);
      const all = await after.claimDue('b', 100, 10);
      const open = new Set(all.map((e) => e.ticketId));
      expect(open.size).toBe(18);
      expect(open.has(first.ticketId)).toBe(false);
      expect(open.has(third.ticketId)).toBe(false);
      // The duplicate key is still known after the crash.
      const dup = makeTicket(50, { idempotencyKey: makeTicket(3).idempotencyKey });
      expect(await after.createTicket(dup, makeState(dup))).toMatchObject({ created: false, ticketId: ticketId(3) });
    });
  });
}
