/**
 * How fast the 督办 view answers over many tickets:
 *   npx tsx bench/supervision.ts [--tickets 10000] [--store file] [--store redis] [--runs 20]
 *
 * Fills a fresh store (the file journal, and a private redis-server; both on /dev/shm when there
 * is one, so that filling is not a test of the disk) with N tickets filed over the last 60 days
 * (20 departments, 7 districts, 8 categories; those of the last ten days mostly open, some
 * overdue; the rest answered, half of them rated), then times the list, the export and the daily
 * summary through the query layer the API uses (src/tickets/supervision.ts), median and worst of
 * `runs` after two warm-ups. The file store is also timed opening the journal and answering its
 * first list (when it derives every digest).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createFileTicketStore } from '../src/storage/file/ticket-store';
import { createRedisTicketStore } from '../src/storage/redis/ticket-store';
import {
  beijingDate,
  createSupervisionQuery,
  dailySummary,
  exportRow,
  formatBeijingIso,
  loadCalendar,
  SupervisionFilter,
  type TicketStore,
} from '../src/tickets';
import { csvLine, seededRandom } from '../src/util';
import { startRedisServer } from '../test/support/redis-server';
import { makeState, makeTicket } from '../test/support/tickets';
import { ms, percentile, table } from './lib/stats';

const { values } = parseArgs({
  options: { tickets: { type: 'string', default: '10000' }, store: { type: 'string', multiple: true }, runs: { type: 'string', default: '20' } },
});
const N = Number(values.tickets);
const RUNS = Number(values.runs);
const STORES = (values.store?.length ? values.store : ['file', 'redis']) as ('file' | 'redis')[];

const calendar = loadCalendar(join(__dirname, '../knowledge-base/holidays.json'));
const DAY = 86_400_000;
const DEPARTMENTS = Array.from({ length: 20 }, (_, i) => `示例部门${i + 1}`);
const DISTRICTS = ['东城区', '西城区', '南湖区', '示例区', '青溪县', '临江县', '市本级'];
const CATEGORIES = ['城乡建设', '商贸旅游', '经济管理', '劳动和社会保障', '环境保护', '交通运输', '政法', '科技与信息产业'];
const scratch = () => mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'qihu-bench-supervision-'));

async function fill(store: TicketStore, now: number): Promise<void> {
  const random = seededRandom(20261125);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  for (let i = 1; i <= N; i++) {
    const filed = now - Math.floor(random() * 60 * DAY);
    const due = filed + Math.floor((3 + random() * 6) * DAY);
    const base = makeTicket(i, { createdAt: formatBeijingIso(new Date(filed)), sla: { workingDays: 3, dueAt: formatBeijingIso(new Date(due)) } });
    const t = {
      ...base,
      id: `QH-${beijingDate(new Date(filed)).replace(/-/g, '')}-${String(i).padStart(6, '0')}`,
      enterprise: { ...base.enterprise!, district: pick(DISTRICTS) },
      triage: { ...base.triage, department: pick(DEPARTMENTS), category: { level1: pick(CATEGORIES), level2: '其他' } },
    };
    await store.createTicket(t, makeState(t));
    // Older than ten days: answered (most); recent: open, some already answered.
    const answeredAt = filed + Math.floor((0.5 + random() * 9) * DAY);
    if (answeredAt < now && (now - filed > 10 * DAY || random() < 0.3)) {
      await store.applyStatus(t.id, { status: 'resolved', at: new Date(answeredAt).toISOString(), answer: '已办理' });
      if (random() < 0.5) await store.setRating(t.id, { score: 1 + Math.floor(random() * 5), at: new Date(Math.min(now, answeredAt + DAY)).toISOString() });
    }
  }
}

async function time(fn: () => Promise<unknown>): Promise<{ median: number; worst: number }> {
  for (let i = 0; i < 2; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return { median: percentile(samples, 50), worst: Math.max(...samples) };
}

async function measure(name: string, store: TicketStore, rows: string[][]): Promise<void> {
  const query = createSupervisionQuery({ store, calendar });
  const f = (x: Record<string, unknown> = {}) => SupervisionFilter.parse(x);
  const lastWeek = beijingDate(new Date(Date.now() - 7 * DAY));
  const yesterday = beijingDate(new Date(Date.now() - DAY));
  const counts = (await query.list(f(), { offset: 0, limit: 1 })).counts;
  const cases: [string, () => Promise<unknown>][] = [
    ['first page (50), all colours', () => query.list(f(), { offset: 0, limit: 50 })],
    ['page at offset 5,000', () => query.list(f(), { offset: 5000, limit: 50 })],
    ['overdue only', () => query.list(f({ colours: ['red'] }), { offset: 0, limit: 50 })],
    ['one department (every ticket read)', () => query.list(f({ department: DEPARTMENTS[3] }), { offset: 0, limit: 50 })],
    ['one department, filed in the last 7 days', () => query.list(f({ department: DEPARTMENTS[3], from: lastWeek }), { offset: 0, limit: 50 })],
    ['open, one district', () => query.list(f({ colours: ['red', 'yellow', 'green'], district: '东城区' }), { offset: 0, limit: 50 })],
    ['export: every ticket as CSV', async () => (await query.list(f(), { offset: 0, limit: 50_000 })).items.map((r) => csvLine(exportRow(r))).join('')],
    ['daily summary (yesterday)', () => dailySummary(yesterday, { store, calendar })],
  ];
  for (const [label, fn] of cases) {
    const t = await time(fn);
    rows.push([name, label, ms(t.median), ms(t.worst)]);
  }
  process.stderr.write(`${name}: ${N} tickets, open ${counts.red! + counts.yellow! + counts.green!} (red ${counts.red}, yellow ${counts.yellow}, green ${counts.green}), answered ${counts.grey}\n`);
}

async function main(): Promise<void> {
  const rows: string[][] = [['store', 'request', 'median', 'worst']];
  const now = Date.now();
  if (STORES.includes('file')) {
    const dir = scratch();
    try {
      const store = await createFileTicketStore({ dir });
      const filling = performance.now();
      await fill(store, now);
      process.stderr.write(`file: filled in ${ms(performance.now() - filling)}\n`);
      await store.close();
      const opening = performance.now();
      const reopened = await createFileTicketStore({ dir });
      const opened = performance.now() - opening;
      const first = performance.now();
      await createSupervisionQuery({ store: reopened, calendar }).list(SupervisionFilter.parse({}), { offset: 0, limit: 50 });
      rows.push(['file', `open the journal / first list (every digest derived)`, `${ms(opened)} / ${ms(performance.now() - first)}`, '']);
      await measure('file', reopened, rows);
      await reopened.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  if (STORES.includes('redis')) {
    const redis = await startRedisServer({ dir: scratch() });
    try {
      const store = await createRedisTicketStore({ url: redis.url });
      const filling = performance.now();
      await fill(store, now);
      process.stderr.write(`redis: filled in ${ms(performance.now() - filling)}\n`);
      await measure('redis', store, rows);
      await store.close();
    } finally {
      await redis.stop();
    }
  }
  console.log(`\n${N} tickets, ${RUNS} runs each (node ${process.version})\n`);
  console.log(table(rows));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
