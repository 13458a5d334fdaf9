/**
 * Chat test helpers: a whole qihu (startQihu on port 0, embedded or on a private Redis), the JSON
 * chat API, Botkit's webhook and a websocket client (the `ws` module the web adapter ships).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config';
import { WebSocket } from '../../src/conversation/channels/ws';
import type { WireMessage } from '../../src/conversation/channels/wire';
import type { ChatResponse, OutMessage, UserInput } from '../../src/conversation/types';
import { createLogger, type Logger } from '../../src/log';
import { startQihu, type Qihu } from '../../src/server';

export interface ChatQihu extends Qihu {
  logs: string[];
  dataDir: string;
  stop(): Promise<void>;
}

export interface ChatQihuOptions {
  redisUrl?: string;
  /** A data directory to use (and keep); default a fresh temporary one, removed by stop(). */
  dataDir?: string;
  env?: Record<string, string>;
}

export async function startChatQihu(opts: ChatQihuOptions = {}): Promise<ChatQihu> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'qihu-chat-'));
  const config = loadConfig({
    PORT: '0',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'debug',
    ...(opts.redisUrl ? { REDIS_URL: opts.redisUrl } : {}),
    ...opts.env,
  });
  const logs: string[] = [];
  const log: Logger = createLogger('debug', (line) => logs.push(line));
  const qihu = await startQihu(config, log);
  return Object.assign(qihu, {
    logs,
    dataDir,
    async stop() {
      await qihu.close();
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  });
}

export const post = (url: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

/** One turn over POST /api/v1/chat; fails the test on anything but 200. */
export async function chat(url: string, sessionId: string, input: string | UserInput): Promise<OutMessage[]> {
  const body = typeof input === 'string' ? { sessionId, text: input } : { sessionId, input };
  const res = await post(url, '/api/v1/chat', body);
  if (res.status !== 200) throw new Error(`chat ${res.status}: ${await res.text()}`);
  const json = (await res.json()) as ChatResponse;
  expect(json.sessionId).toBe(sessionId);
  return json.messages;
}

export const textOf = (messages: readonly { text: string }[]): string => messages.map((m) => m.text).join('\n');

let counter = 0;
export const sessionId = (label = 's'): string => `${label}-${process.pid}-${Date.now().toString(36)}-${++counter}`;

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- websocket client

export interface ChatSocket {
  ws: WebSocket;
  /** Everything received so far, parsed. */
  received: unknown[];
  send(message: unknown): void;
  sendRaw(data: string | Buffer): void;
  /** Waits until `count` more messages arrived (since the last call), returns them. */
  next(count?: number, timeoutMs?: number): Promise<WireMessage[]>;
  /** Resolves with the close code. */
  closed: Promise<number>;
  close(): Promise<void>;
}

export async function openSocket(url: string, path = '/ws'): Promise<ChatSocket> {
  const ws = new WebSocket(url.replace(/^http/, 'ws') + path);
  const received: unknown[] = [];
  let read = 0;
  const waiters: (() => void)[] = [];
  ws.on('message', (data) => {
    received.push(JSON.parse(String(data)));
    for (const w of waiters.splice(0)) w();
  });
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return {
    ws,
    received,
    send: (message) => ws.send(JSON.stringify(message)),
    sendRaw: (data) => ws.send(data),
    async next(count = 1, timeoutMs = 10_000) {
      const until = Date.now() + timeoutMs;
      while (received.length - read < count) {
        const left = until - Date.now();
        if (left <= 0) throw new Error(`expected ${count} message(s), got ${received.length - read}: ${JSON.stringify(received.slice(read))}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      const out = received.slice(read, read + count) as WireMessage[];
      read += count;
      return out;
    },
    closed,
    async close() {
      if (ws.readyState === WebSocket.CLOSED) return;
      ws.close();
      await Promise.race([closed, sleep(1000)]);
      ws.terminate();
    },
  };
}

/** A turn over the websocket: sends, then waits until the replies stop coming (or `count` arrived). */
export async function socketTurn(socket: ChatSocket, message: Record<string, unknown>, count: number): Promise<WireMessage[]> {
  socket.send({ type: 'message', channel: 'websocket', ...message });
  return socket.next(count);
}
