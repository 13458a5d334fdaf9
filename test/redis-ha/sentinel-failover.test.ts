/**
 * qihu on Redis under Sentinel (REDIS_SENTINELS): real redis-server master and replica and three
 * sentinels. While chat sessions talk over POST /api/v1/chat and tickets are filed over
 * POST /api/v1/tickets, the master is SIGKILLed and the sentinels promote the replica. Then every
 * acknowledged ticket is in Redis and delivered (none lost; what qihu's dispatcher had in flight
 * when the master died is taken over after its lease by the dispatcher of a second instance, as in
 * deploy/compose.yaml, here with a 2 s lease), a clarify offered before the failover
 * is answered after it (conversation state kept), and every chat turn was answered; the latency of
 * the turns (p99, longest gap between answers) is printed.
 */
import { DEVELOPMENT_ROUTING_SECRET } from '../../src/config';
import { createRedisTicketStore } from '../../src/storage/redis/ticket-store';
import { createDispatcher } from '../../src/tickets/dispatcher';
import { TICKET_ID_RE } from '../../src/tickets/schema';
import { startSentinelGroup, type FailoverResult, type SentinelGroup } from '../support/redis-sentinel';
import { ticketInput } from '../support/qihu';
import { chat, post, sessionId, sleep, startChatQihu, type ChatQihu } from '../chat/support';

let group: SentinelGroup;
let qihu: ChatQihu;

beforeAll(async () => {
  group = await startSentinelGroup();
  // A turn waits for Redis up to CHAT_TURN_TIMEOUT_MS: above detection (500 ms here) + promotion +
  // the client's re-discovery (up to 1 s), with room for a loaded CI machine.
  qihu = await startChatQihu({ env: { ...group.env, RATE_LIMIT_PER_SESSION: '0', RATE_LIMIT_PER_IP: '0', CHAT_TURN_TIMEOUT_MS: '8000' } });
}, 60_000);
afterAll(async () => {
  await qihu?.stop();
  await group?.stop();
});

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;

const QUESTIONS = ['开药店要什么材料', '那要多久？', '在哪办', '要收费吗', '高新技术企业认定需要准备哪些材料'];
const APOLOGY = '抱歉，系统暂时繁忙';

test('the master is killed mid-traffic: no ticket lost, conversations kept, chat answered', async () => {
  expect(qihu.logs.some((l) => l.includes('sentinel qihu-test via'))).toBe(true);

  // A clarify offered before the failover, answered after it.
  const kept = sessionId('kept');
  const [clarify] = await chat(qihu.url, kept, '营业执照');
  expect(clarify!.type).toBe('clarify');
  const wanted = (clarify!.choices![1]!.input as { entryId: string }).entryId;

  let running = true;
  const turns: { at: number; ms: number; ok: boolean; reply: string }[] = [];
  const chatLoop = async (label: string) => {
    const sid = sessionId(label);
    for (let i = 0; running; i++) {
      const t0 = Date.now();
      const res = await post(qihu.url, '/api/v1/chat', { sessionId: sid, text: QUESTIONS[i % QUESTIONS.length] });
      const body = res.status === 200 ? ((await res.json()) as { messages: { text: string }[] }) : undefined;
      const ok = !!body && body.messages.length > 0 && !body.messages.some((m) => m.text.includes(APOLOGY));
      turns.push({ at: Date.now(), ms: Date.now() - t0, ok, reply: `${res.status} ${JSON.stringify(body?.messages.map((m) => m.text))}` });
      await sleep(20);
    }
  };

  // Tickets: a client files each one until it is acknowledged (2xx), with the same idempotency key.
  const acknowledged = new Set<string>();
  let refusals = 0;
  const ticketMs: number[] = [];
  const ticketLoop = async () => {
    for (let n = 1; running; n++) {
      const input = ticketInput(n, { idempotencyKey: `failover-${Date.now()}-${n}` });
      const t0 = Date.now();
      for (;;) {
        const res = await post(qihu.url, '/api/v1/tickets', input).catch(() => undefined);
        if (res && (res.status === 200 || res.status === 201)) {
          const { id } = (await res.json()) as { id: string };
          expect(id).toMatch(TICKET_ID_RE);
          acknowledged.add(id);
          ticketMs.push(Date.now() - t0);
          break;
        }
        refusals++;
        await sleep(100);
      }
      await sleep(40);
    }
  };

  const loops = [chatLoop('a'), chatLoop('b'), chatLoop('c'), ticketLoop()];
  await sleep(1500);
  const before = acknowledged.size;
  const killedAt = Date.now();
  const failover: FailoverResult = await group.killMaster();
  await sleep(2500);
  running = false;
  await Promise.all(loops);
  const during = turns.filter((t) => t.at >= killedAt);

  // The clarify's choice, on the new master.
  const [picked] = await chat(qihu.url, kept, '第二个');
  expect(picked!.entryId).toBe(wanted);

  // Every acknowledged ticket is in Redis and reaches the routing backend.
  const other = await createRedisTicketStore({ url: group.connection, onError: () => {} });
  const otherDispatcher = createDispatcher({
    store: other,
    backendUrl: qihu.routingBackend!.url!,
    secret: DEVELOPMENT_ROUTING_SECRET,
    consumer: 'second-instance',
    requestTimeoutMs: 1000,
    leaseMs: 2000,
  });
  otherDispatcher.start();
  const ids = [...acknowledged];
  const deadline = Date.now() + 20_000;
  let undelivered = ids;
  while (undelivered.length > 0 && Date.now() < deadline) {
    const views = await Promise.all(undelivered.map((id) => qihu.tickets.status(id).catch(() => undefined)));
    undelivered = undelivered.filter((_, i) => !views[i] || views[i]!.state.status === 'queued');
    if (undelivered.length > 0) await sleep(200);
  }
  const missing = (await Promise.all(ids.map(async (id) => ((await qihu.tickets.status(id)) ? undefined : id)))).filter(Boolean);
  const atBackend = new Set(qihu.routingBackend!.tickets().map((t) => t.id));
  await otherDispatcher.stop();
  await other.close();

  const ms = turns.map((t) => t.ms).sort((a, b) => a - b);
  let gap = 0;
  const answered = turns.filter((t) => t.ok).map((t) => t.at).sort((a, b) => a - b);
  for (let i = 1; i < answered.length; i++) gap = Math.max(gap, answered[i]! - answered[i - 1]!);
  console.log(
    [
      `sentinel failover: master ${failover.from} → ${failover.to} in ${failover.ms} ms`,
      `tickets acknowledged ${ids.length} (${before} before the kill), refused and retried ${refusals}, missing ${missing.length}, undelivered ${undelivered.length}`,
      `ticket latency ms (until acknowledged, retries included): ${ticketMs.join(' ')}`,
      `chat turns ${turns.length} (${during.length} after the kill), not answered ${turns.filter((t) => !t.ok).length}`,
      `chat latency ms: p50 ${percentile(ms, 50)}, p99 ${percentile(ms, 99)}, max ${ms[ms.length - 1]}; longest gap between answers ${gap} ms`,
    ].join('\n'),
  );

  expect(failover.to).not.toBe(failover.from);
  expect(ids.length).toBeGreaterThan(before);
  expect(missing).toEqual([]);
  expect(undelivered).toEqual([]);
  expect(ids.filter((id) => !atBackend.has(id))).toEqual([]);
  expect(during.length).toBeGreaterThan(0);
  expect(turns.filter((t) => !t.ok).map((t) => t.reply)).toEqual([]);
}, 60_000);
