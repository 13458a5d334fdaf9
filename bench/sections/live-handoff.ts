/**
 * The live hand-off across instances: two qihus sharing one private redis-server, 50 users on
 * instance A's websocket chat, one operator on instance B (server-sent events for the users'
 * messages, POST for the replies). Each user asks 转人工, the operator takes every conversation,
 * then every conversation exchanges ROUNDS messages each way at once. Measured from send to
 * arrival, in this process: user → operator (websocket → A's turn → Redis pub/sub → B's event
 * stream) and operator → user (POST on B → pub/sub → A's socket).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'redis';
import { hashSecret } from '../../src/auth/secret-hash';
import { WebSocket } from '../../src/conversation/channels/ws';
import { loadConfig } from '../../src/config';
import { silentLogger } from '../../src/log';
import { startQihu, type Qihu } from '../../src/server';
import { startRedisServer } from '../../test/support/redis-server';
import { check, type Section } from '../lib/section';
import { ms, percentile } from '../lib/stats';

export const TARGETS = { p99Ms: 1000 };
const CONVERSATIONS = 50;
const ROUNDS = 10;
const TOKEN = 'bench-operator-token-0123456789abcdef';

interface User {
  id: string;
  ws: WebSocket;
  /** Resolvers waiting for a message containing a text. */
  waiting: Map<string, () => void>;
}

function connectUser(url: string, id: string): Promise<User> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url.replace('http', 'ws') + '/ws');
    const user: User = { id, ws, waiting: new Map() };
    ws.on('message', (data) => {
      const text = String((JSON.parse(String(data)) as { text?: string }).text ?? '');
      for (const [needle, done] of user.waiting) {
        if (!text.includes(needle)) continue;
        user.waiting.delete(needle);
        done();
      }
    });
    ws.once('open', () => resolve(user));
    ws.once('error', reject);
  });
}

const arrival = (user: User, needle: string, timeoutMs = 10_000) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no message "${needle}" for ${user.id}`)), timeoutMs);
    user.waiting.set(needle, () => {
      clearTimeout(timer);
      resolve();
    });
  });

/** The operator's event stream: calls onMessage with each user message's text. */
async function operatorStream(url: string, onMessage: (text: string) => void, signal: AbortSignal): Promise<void> {
  const res = await fetch(`${url}/api/v1/hotline/live/events`, { headers: { Authorization: `Bearer ${TOKEN}` }, signal });
  if (!res.ok || !res.body) throw new Error(`event stream: HTTP ${res.status}`);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  void (async () => {
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (!block.includes('event: message')) continue;
          const data = block.split('\n').find((l) => l.startsWith('data: '));
          if (data) onMessage((JSON.parse(data.slice(6)) as { message: { text: string } }).message.text);
        }
      }
    } catch {
      // aborted at the end
    }
  })();
}

const post = (url: string, path: string, body: unknown) =>
  fetch(`${url}/api/v1/hotline/live${path}`, { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

export const liveHandoffSection: Section = {
  name: 'live-handoff',
  async run(workload) {
    const redis = await startRedisServer();
    // The test helper's redis-server fsyncs every write; production AOF usually runs "everysec" (as http-chat).
    const admin = createClient({ url: redis.url });
    await admin.connect();
    await admin.configSet('appendfsync', 'everysec');
    await admin.close();
    const dirs = [mkdtempSync(join(tmpdir(), 'qihu-bench-live-a-')), mkdtempSync(join(tmpdir(), 'qihu-bench-live-b-'))];
    const instances: Qihu[] = [];
    const abort = new AbortController();
    const users: User[] = [];
    try {
      for (const dir of dirs) {
        const config = loadConfig({
          PORT: '0',
          DATA_DIR: dir,
          REDIS_URL: redis.url,
          LOG_LEVEL: 'silent',
          RATE_LIMIT_PER_SESSION: '0',
          RATE_LIMIT_PER_IP: '0',
          LIVE_AGENT_HOURS: '00:00-24:00',
          LIVE_AGENT_DAYS: 'all',
          LIVE_AGENT_WAIT_SECONDS: '600',
          AUTH_TOKENS: `bench-op:operator:${hashSecret(TOKEN)}`,
        });
        instances.push(await startQihu(config, silentLogger, { knowledgeBase: workload.kb.kb, chatPage: false }));
      }
      const [a, b] = instances as [Qihu, Qihu];
      const atOperator = new Map<string, () => void>();
      await operatorStream(b.url, (text) => atOperator.get(text)?.(), abort.signal);

      for (let i = 0; i < CONVERSATIONS; i++) users.push(await connectUser(a.url, `bench-live-${String(i).padStart(4, '0')}-abcdef`));
      await Promise.all(
        users.map(async (u) => {
          const queued = arrival(u, '正在为您转接人工客服');
          u.ws.send(JSON.stringify({ type: 'message', user: u.id, text: '转人工' }));
          await queued;
        }),
      );
      await Promise.all(
        users.map(async (u) => {
          const taken = arrival(u, '已接入');
          const res = await post(b.url, `/${u.id}/take`, {});
          if (!res.ok) throw new Error(`take: HTTP ${res.status}`);
          await taken;
        }),
      );

      const toOperator: number[] = [];
      const toUser: number[] = [];
      const round = async (u: User, r: number, record: boolean) => {
        const text = `用户消息 ${u.id} 第${r}条`;
        const heard = new Promise<void>((resolve) => atOperator.set(text, resolve));
        const t0 = performance.now();
        u.ws.send(JSON.stringify({ type: 'message', user: u.id, text }));
        await heard;
        const t1 = performance.now();
        atOperator.delete(text);
        const reply = `客服回复 ${u.id} 第${r}条`;
        const arrived = arrival(u, reply);
        const t2 = performance.now();
        const res = await post(b.url, `/${u.id}/messages`, { text: reply });
        if (!res.ok) throw new Error(`reply: HTTP ${res.status}`);
        await arrived;
        const t3 = performance.now();
        if (record) {
          toOperator.push(t1 - t0);
          toUser.push(t3 - t2);
        }
      };
      // Warm-up round, not counted.
      await Promise.all(users.map((u) => round(u, 0, false)));
      await Promise.all(users.map(async (u) => {
        for (let r = 1; r <= ROUNDS; r++) await round(u, r, true);
      }));

      const p = (list: number[], q: number) => percentile(list, q);
      return {
        name: 'live-handoff',
        rows: [
          ['instances / conversations / rounds each way', `2 (one Redis) / ${CONVERSATIONS} / ${ROUNDS}`],
          ['user → operator p50 / p99 / max', `${ms(p(toOperator, 50))} / ${ms(p(toOperator, 99))} / ${ms(Math.max(...toOperator))}`],
          ['operator → user p50 / p99 / max', `${ms(p(toUser, 50))} / ${ms(p(toUser, 99))} / ${ms(Math.max(...toUser))}`],
        ],
        checks: [
          check('user → operator p99 ≤ 1 s', p(toOperator, 99), 'ms', TARGETS.p99Ms),
          check('operator → user p99 ≤ 1 s', p(toUser, 99), 'ms', TARGETS.p99Ms),
        ],
        data: {
          conversations: CONVERSATIONS,
          rounds: ROUNDS,
          userToOperatorMs: { p50: p(toOperator, 50), p99: p(toOperator, 99), max: Math.max(...toOperator), count: toOperator.length },
          operatorToUserMs: { p50: p(toUser, 50), p99: p(toUser, 99), max: Math.max(...toUser), count: toUser.length },
        },
      };
    } finally {
      abort.abort();
      for (const u of users) u.ws.terminate();
      for (const q of instances) await q.close();
      await redis.stop();
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    }
  },
};
