/** A whole qihu (startQihu, PORT 0, temporary DATA_DIR) with editor and operator credentials, and chat helpers. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashSecret } from '../../src/auth/secret-hash';
import { loadConfig } from '../../src/config';
import type { ChatResponse, OutMessage, UserInput } from '../../src/conversation/types';
import { silentLogger } from '../../src/log';
import { startQihu, type Qihu } from '../../src/server';

export const EDITOR_TOKEN = 'inbox-editor-token-0123456789';
export const OPERATOR_TOKEN = 'inbox-operator-token-0123456789';
export const EDITOR_USER = { username: 'kb.editor', password: 'editor-password-0123' };

export interface InboxQihu extends Qihu {
  stop(): Promise<void>;
}

export async function startInboxQihu(opts: { redisUrl?: string } = {}): Promise<InboxQihu> {
  const dataDir = mkdtempSync(join(tmpdir(), 'qihu-inbox-'));
  const config = loadConfig({
    PORT: '0',
    DATA_DIR: dataDir,
    ...(opts.redisUrl ? { REDIS_URL: opts.redisUrl } : {}),
    AUTH_TOKENS: `kbbot:editor:${hashSecret(EDITOR_TOKEN)},line1:operator:${hashSecret(OPERATOR_TOKEN)}`,
    AUTH_USERS: `${EDITOR_USER.username}:editor:${hashSecret(EDITOR_USER.password)}`,
  });
  const qihu = await startQihu(config, silentLogger);
  return Object.assign(qihu, {
    async stop() {
      await qihu.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  });
}

export const editor = { authorization: `Bearer ${EDITOR_TOKEN}` };

export async function api<T = Record<string, unknown>>(url: string, method: string, path: string, body?: unknown, headers: Record<string, string> = editor): Promise<{ status: number; json: T }> {
  const res = await fetch(url + path, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: (text ? JSON.parse(text) : {}) as T };
}

let counter = 0;
export const sessionId = (): string => `inbox-${process.pid}-${Date.now().toString(36)}-${++counter}`;

export async function chat(url: string, sid: string, input: string | UserInput): Promise<OutMessage[]> {
  const body = typeof input === 'string' ? { sessionId: sid, text: input } : { sessionId: sid, input };
  const res = await fetch(url + '/api/v1/chat', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.status !== 200) throw new Error(`chat ${res.status}: ${await res.text()}`);
  return ((await res.json()) as ChatResponse).messages;
}

/** Ask in a fresh session; returns the first message. */
export async function ask(url: string, text: string): Promise<{ sid: string; first: OutMessage }> {
  const sid = sessionId();
  const [first] = await chat(url, sid, text);
  return { sid, first: first! };
}

/** Ask, then rate the answer. */
export async function askAndRate(url: string, text: string, helpful: boolean): Promise<OutMessage> {
  const { sid, first } = await ask(url, text);
  if (first.type !== 'answer' || !first.turnId) throw new Error(`expected an answer to ${text}, got ${first.type}`);
  await chat(url, sid, { action: 'feedback', turnId: first.turnId, helpful });
  return first;
}

/** The chat intake to a filed ticket (as test/chat/chat-api.test.ts does): answers whatever it asks. */
export async function fileTicketByChat(url: string, complaint = '我要投诉：厂门口道路破损半年没修好，货车进不来。联系电话13800138000'): Promise<string> {
  const sid = sessionId();
  const answers: [RegExp, string][] = [
    [/具体在什么位置/, '厂区南门外'],
    [/企业的名称/, '示例五金制品有限公司'],
    [/统一社会信用代码/, '91350100M000100Y43'],
    [/区县/, '东城'],
    [/称呼/, '张三'],
    [/联系电话/, '13800138000'],
  ];
  let out = await chat(url, sid, complaint);
  for (let turn = 0; turn < 10; turn++) {
    const last = out[out.length - 1];
    if (last?.text.includes('请核对以下信息')) {
      const [ticket] = await chat(url, sid, last.choices![0]!.input);
      if (!ticket?.ticketId) throw new Error('no ticket filed');
      return ticket.ticketId;
    }
    const answer = answers.find(([asked]) => asked.test(last?.text ?? ''));
    if (!answer) throw new Error(`unexpected intake question: ${last?.text}`);
    out = await chat(url, sid, answer[1]);
  }
  throw new Error('the intake did not reach its summary');
}
