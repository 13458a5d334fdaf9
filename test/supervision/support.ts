/**
 * A whole qihu (startQihu, PORT 0, a temporary DATA_DIR) with a 督办 account, whose ticket journal
 * is seeded before start with tickets of every colour relative to the real clock: overdue, due by
 * today's close, on track, answered in time and late, with departments, categories and districts
 * of the real tables. The seeded tickets are delivered already (no outbox), so the in-process
 * routing backend leaves them as they are; tickets filed through the API take the live loop.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashSecret } from '../../src/auth/secret-hash';
import { loadConfig } from '../../src/config';
import { silentLogger } from '../../src/log';
import { startQihu, type Qihu, type StartOptions } from '../../src/server';
import { createFileTicketStore } from '../../src/storage/file/ticket-store';
import { addWorkingDays, formatBeijingIso, loadCalendar, type Ticket } from '../../src/tickets';
import { makeState, makeTicket } from '../support/tickets';

export const SUPERVISOR = { username: 'duban', password: 'supervisor-password-0123' };
export const OPERATOR = { username: 'line.op', password: 'operator-password-0123' };
export const SUPERVISOR_TOKEN = 'supervision-supervisor-token-0123456789';
export const OPERATOR_TOKEN = 'supervision-operator-token-0123456789';
export const ADMIN_TOKEN = 'supervision-admin-token-0123456789';
export const ROUTING_SECRET = 'supervision-routing-secret-0123456789';
export const SEEDED_PHONE = '13912345678';

const calendar = loadCalendar(join(__dirname, '../../knowledge-base/holidays.json'));
const DAY = 86_400_000;

export interface Seed {
  n: number;
  colour: 'red' | 'yellow' | 'green' | 'grey';
  department: string;
  category: { level1: string; level2: string };
  district: string;
  filedDaysAgo: number;
  /** grey: answered in time or late. */
  late?: boolean;
  rating?: number;
}

/** 12 tickets: 4 overdue, 2 due by today's close, 3 on track, 3 answered (one late). */
export const SEEDS: Seed[] = [
  { n: 1, colour: 'red', department: '市住房和城乡建设局', category: { level1: '城乡建设', level2: '工程质量' }, district: '东城区', filedDaysAgo: 9 },
  { n: 2, colour: 'red', department: '市住房和城乡建设局', category: { level1: '城乡建设', level2: '建筑市场' }, district: '西城区', filedDaysAgo: 8 },
  { n: 3, colour: 'red', department: '市市场监督管理局', category: { level1: '商贸旅游', level2: '市场监管' }, district: '南湖区', filedDaysAgo: 7 },
  { n: 4, colour: 'red', department: '市税务局', category: { level1: '经济管理', level2: '金融财税' }, district: '东城区', filedDaysAgo: 12 },
  { n: 5, colour: 'yellow', department: '市市场监督管理局', category: { level1: '商贸旅游', level2: '市场监管' }, district: '东城区', filedDaysAgo: 4 },
  { n: 6, colour: 'yellow', department: '市人力资源和社会保障局', category: { level1: '劳动和社会保障', level2: '工资福利' }, district: '青溪县', filedDaysAgo: 3 },
  { n: 7, colour: 'green', department: '市市场监督管理局', category: { level1: '商贸旅游', level2: '市场监管' }, district: '西城区', filedDaysAgo: 1 },
  { n: 8, colour: 'green', department: '市生态环境局', category: { level1: '环境保护', level2: '环境污染' }, district: '临江县', filedDaysAgo: 1 },
  { n: 9, colour: 'green', department: '市住房和城乡建设局', category: { level1: '城乡建设', level2: '工程质量' }, district: '东城区', filedDaysAgo: 0 },
  { n: 10, colour: 'grey', department: '市税务局', category: { level1: '经济管理', level2: '金融财税' }, district: '东城区', filedDaysAgo: 6, rating: 5 },
  { n: 11, colour: 'grey', department: '市市场监督管理局', category: { level1: '商贸旅游', level2: '市场监管' }, district: '南湖区', filedDaysAgo: 10, late: true, rating: 2 },
  { n: 12, colour: 'grey', department: '市住房和城乡建设局', category: { level1: '城乡建设', level2: '建筑市场' }, district: '西城区', filedDaysAgo: 5 },
];

/** Seeded ticket n: its id (filed on its own day, so ids follow filing dates). */
export const seededId = (now: Date, s: Seed): string => ticketOf(now, s).id;

function ticketOf(now: Date, s: Seed): Ticket {
  const filed = new Date(now.getTime() - s.filedDaysAgo * DAY - 3_600_000);
  const due =
    s.colour === 'red'
      ? new Date(now.getTime() - 2 * DAY)
      : s.colour === 'yellow'
        ? addWorkingDays(now, 0, calendar) // 17:30 of the working day whose close comes next
        : s.colour === 'green'
          ? addWorkingDays(now, 3, calendar)
          : new Date(filed.getTime() + 3 * DAY);
  const day = formatBeijingIso(filed).slice(0, 10).replace(/-/g, '');
  const base = makeTicket(s.n, { createdAt: formatBeijingIso(filed), sla: { workingDays: 3, dueAt: formatBeijingIso(due) } });
  return {
    ...base,
    id: `QH-${day}-${String(900 + s.n).padStart(6, '0')}`,
    idempotencyKey: `seed-key-${s.n}`,
    enterprise: { ...base.enterprise, name: `示例${s.department.slice(1, 3)}企业${s.n}号`, district: s.district },
    contact: { name: '王五', phone: SEEDED_PHONE },
    demand: { ...base.demand, summary: `督办测试诉求${s.n}：请尽快处理，联系电话${SEEDED_PHONE}` },
    triage: { ...base.triage, department: s.department, category: s.category, urgency: s.n === 1 ? 'urgent' : 'normal' },
  };
}

/** Writes the seeds into DATA_DIR's ticket journal, delivered and (grey ones) answered and rated. */
export async function seedTickets(dataDir: string, now: Date): Promise<void> {
  const store = await createFileTicketStore({ dir: dataDir });
  try {
    for (const s of SEEDS) {
      const t = ticketOf(now, s);
      await store.createTicket(t, makeState(t));
      const delivered = new Date(Date.parse(t.createdAt) + 60_000).toISOString();
      for (const e of await store.claimDue('seed', 10, 60_000)) await store.ack(e, delivered);
      const assigned = new Date(Date.parse(t.createdAt) + 3_600_000).toISOString();
      await store.applyStatus(t.id, { status: 'received', at: assigned });
      await store.applyStatus(t.id, { status: 'assigned', at: assigned, department: s.department });
      if (s.colour !== 'grey') continue;
      const answeredAt = new Date(Date.parse(t.sla.dueAt) + (s.late ? 1 : -1) * DAY).toISOString();
      await store.applyStatus(t.id, { status: 'resolved', at: answeredAt, answer: `已办理完毕，经办人电话${SEEDED_PHONE}` });
      if (s.rating) {
        await store.setRating(t.id, { score: s.rating, comment: '感谢', at: new Date(Date.parse(answeredAt) + 3_600_000).toISOString() });
        // The rating's own delivery, done too.
        for (const e of await store.claimDue('seed', 10, 60_000)) await store.ack(e, answeredAt);
      }
    }
  } finally {
    await store.close();
  }
}

export interface SupervisionQihu extends Qihu {
  /** When the seeds were placed. */
  seededAt: Date;
  stop(): Promise<void>;
}

/** `options` go to startQihu (e.g. a knowledge base's past cases). */
export async function startSupervisionQihu(options: StartOptions = {}): Promise<SupervisionQihu> {
  const dataDir = mkdtempSync(join(tmpdir(), 'qihu-supervision-'));
  const seededAt = new Date();
  await seedTickets(dataDir, seededAt);
  const config = loadConfig({
    PORT: '0',
    DATA_DIR: dataDir,
    ROUTING_SECRET,
    AUTH_USERS: `${SUPERVISOR.username}:supervisor:${hashSecret(SUPERVISOR.password)},${OPERATOR.username}:operator:${hashSecret(OPERATOR.password)}`,
    AUTH_TOKENS: `duban:supervisor:${hashSecret(SUPERVISOR_TOKEN)},line:operator:${hashSecret(OPERATOR_TOKEN)},ops:admin:${hashSecret(ADMIN_TOKEN)}`,
  });
  const qihu = await startQihu(config, silentLogger, options);
  return Object.assign(qihu, {
    seededAt,
    async stop() {
      await qihu.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  });
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Files a ticket through the public API (a 201 expected): its id and access token. */
export async function fileTicket(url: string, ticket: Record<string, unknown>): Promise<{ id: string; accessToken: string }> {
  const res = await fetch(url + '/api/v1/tickets', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ticket) });
  if (res.status !== 201) throw new Error(`filing answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as { id: string; accessToken: string };
}

export async function getJson<T = Record<string, unknown>>(url: string, path: string, headers: Record<string, string> = bearer(SUPERVISOR_TOKEN)): Promise<{ status: number; json: T; headers: Headers }> {
  const res = await fetch(url + path, { headers });
  const text = await res.text();
  return { status: res.status, json: (text ? JSON.parse(text) : {}) as T, headers: res.headers };
}
