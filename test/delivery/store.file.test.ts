import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFileTicketStore, type FileTicketStore } from '../../src/storage/file/ticket-store';
import { readJournal } from '../../src/storage/file/journal';
import { TicketQuery } from '../../src/tickets/search';
import type { TicketStore } from '../../src/tickets/store';
import { makeState, makeTicket, ticketId } from '../support/tickets';
import { runStoreContract } from './store.contract';

let dir = '';
let open: FileTicketStore[] = [];
let abandoned: FileTicketStore[] = [];

runStoreContract('file journal', {
  async setup() {
    dir = mkdtempSync(join(tmpdir(), 'qihu-journal-'));
    open = [];
    abandoned = [];
  },
  async open() {
    // One process, one journal: a second open() returns a store over the same file only in the
    // crash test, after the first was abandoned; otherwise share the instance.
    const live = open[0];
    if (live) return live;
    const s = await createFileTicketStore({ dir });
    open.push(s);
    return s;
  },
  async crash(stores: TicketStore[]) {
    // The "process" dies: nothing is closed or flushed beyond what was fsynced.
    abandoned.push(...open);
    open = [];
    void stores;
  },
  async teardown() {
    await Promise.all([...open, ...abandoned].map((s) => s.close()));
    rmSync(dir, { recursive: true, force: true });
  },
});

describe('file journal on disk', () => {
  let d = '';
  beforeEach(() => {
    d = mkdtempSync(join(tmpdir(), 'qihu-journal-'));
  });
  afterEach(() => rmSync(d, { recursive: true, force: true }));

  async function fill(n: number): Promise<void> {
    const s = await createFileTicketStore({ dir: d });
    for (let i = 1; i <= n; i++) {
      const t = makeTicket(i);
      await s.createTicket(t, makeState(t));
    }
    await s.close();
  }

  test('a torn last line is cut off; everything before it is kept', async () => {
    await fill(3);
    const file = join(d, 'tickets.journal');
    appendFileSync(file, '1a2b3c4d {"t":"ticket","ticket":{"schema":"qihu.tick');
    const s = await createFileTicketStore({ dir: d });
    expect(s.repairedBytes).toBeGreaterThan(0);
    expect(await s.getTicket(ticketId(3))).toBeDefined();
    const t = makeTicket(4);
    expect(await s.createTicket(t, makeState(t))).toMatchObject({ created: true });
    await s.close();
    const again = await createFileTicketStore({ dir: d });
    expect(again.repairedBytes).toBe(0);
    expect(await again.getTicket(ticketId(4))).toBeDefined();
    await again.close();
  });

  test('a complete last line with a wrong checksum counts as torn', async () => {
    await fill(2);
    const file = join(d, 'tickets.journal');
    const lines = readFileSync(file, 'utf8').split('\n');
    const last = lines[lines.length - 2] ?? '';
    lines[lines.length - 2] = last.slice(0, 20) + 'X' + last.slice(21);
    writeFileSync(file, lines.join('\n'));
    const s = await createFileTicketStore({ dir: d });
    expect(s.repairedBytes).toBeGreaterThan(0);
    expect(await s.getTicket(ticketId(1))).toBeDefined();
    // the last line of ticket 2 was its outbox entry: the ticket record itself is intact
    expect(await s.outboxSize()).toBe(1);
    await s.close();
  });

  test('damage in the middle is set aside, said, and the rest starts', async () => {
    await fill(3);
    const file = join(d, 'tickets.journal');
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[1] = '00000000 {}';
    lines[2] = '\0'.repeat(40); // what a failed write on a full disk used to leave
    writeFileSync(file, lines.join('\n'));
    const repairs: string[] = [];
    const s = await createFileTicketStore({ dir: d, onRepair: (m) => repairs.push(m) });
    expect(repairs).toHaveLength(1);
    expect(repairs[0]).toMatch(/set aside 2 damaged line\(s\) \(2, 3\) in .*tickets\.journal\.damaged-/);
    // The tickets whose lines were whole are there; the store takes writes again.
    expect(await s.getTicket(ticketId(1))).toBeDefined();
    expect(await s.getTicket(ticketId(3))).toBeDefined();
    const t = makeTicket(4);
    expect(await s.createTicket(t, makeState(t))).toMatchObject({ created: true });
    await s.close();
    // The damaged bytes are kept beside the journal for inspection; the journal is clean now.
    const aside = readdirSync(d).filter((f) => f.startsWith('tickets.journal.damaged-'));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(d, aside[0]!), 'utf8')).toContain('00000000 {}');
    expect(readJournal(file)).toMatchObject({ truncatedBytes: 0, damagedLines: [] });
  });

  test('compaction keeps the live data and shrinks the journal', async () => {
    const s = await createFileTicketStore({ dir: d });
    for (let i = 1; i <= 30; i++) {
      const t = makeTicket(i);
      await s.createTicket(t, makeState(t), i === 2 ? { filedBy: 'zhang.san' } : undefined);
    }
    const claimed = await s.claimDue('a', 100, 60_000);
    for (const e of claimed.slice(0, 20)) await s.ack(e, '2026-11-25T02:00:00.000Z');
    const file = join(d, 'tickets.journal');
    const before = readFileSync(file).length;
    await s.compact();
    expect(readFileSync(file).length).toBeLessThan(before);
    const t = makeTicket(31);
    await s.createTicket(t, makeState(t));
    await s.close();
    const r = await createFileTicketStore({ dir: d });
    expect(await r.outboxSize()).toBe(11);
    expect((await r.getState(ticketId(1)))?.status).toBe('delivered');
    expect(await r.getTicket(ticketId(31))).toBeDefined();
    // Who filed a ticket is live data too.
    expect((await r.searchTickets(TicketQuery.parse({ filedBy: 'zhang.san' }))).hits.map((h) => h.digest.id)).toEqual([ticketId(2)]);
    const next = await r.claimDue('a', 100, 60_000);
    expect(new Set(next.map((e) => e.id)).size).toBe(11);
    await r.close();
  });

  test('keeps a status change\'s notice pending, through a restart and a compaction, until it is queued', async () => {
    const s = await createFileTicketStore({ dir: d, statusNotices: true });
    const [one, two] = [makeTicket(1), makeTicket(2)];
    for (const t of [one, two]) await s.createTicket(t, makeState(t));
    await s.applyStatus(one.id, { status: 'received', at: '2026-11-25T10:00:00+08:00' });
    await s.applyStatus(two.id, { status: 'received', at: '2026-11-25T10:05:00+08:00' });
    // A repeated callback changes nothing and adds no notice.
    await s.applyStatus(one.id, { status: 'received', at: '2026-11-25T10:00:00+08:00' });
    const notices = await s.pendingStatusNotices();
    expect(notices.map((n) => [n.ticketId, n.status])).toEqual([
      [one.id, 'received'],
      [two.id, 'received'],
    ]);
    await s.statusNoticeQueued(notices[0]!);
    await s.compact();
    await s.close();
    const r = await createFileTicketStore({ dir: d, statusNotices: true });
    expect(await r.pendingStatusNotices()).toEqual([notices[1]]);
    await r.statusNoticeQueued(notices[1]!);
    await r.close();
    const again = await createFileTicketStore({ dir: d });
    expect(await again.pendingStatusNotices()).toEqual([]);
    await again.close();
  });
});
