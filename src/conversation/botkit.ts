/**
 * The web chat channel: a Botkit controller on qihu's own Express app and http.Server, serving the
 * websocket chat (/ws) and Botkit's webhook `POST /api/messages`, both in the wire format of
 * channels/wire.ts. Each `message` becomes one `conversation.handle(message.user, input, {channel:
 * 'web'})`; each OutMessage goes back as `bot.reply(message, {text, channelData: {qihu: out}})`,
 * which the page receives as `{type: 'message', text, qihu: out}`. `hello` and `welcome_back`
 * (sent by the page when it connects) get `conversation.welcome`.
 *
 * Botkit is created with `disable_webserver: true`: it would otherwise mount its webhook itself,
 * without size limit, rate limit or validation, and turn a failing turn into an unhandled rejection.
 * qihu mounts the route (createWebChat().router) and calls the adapter's processActivity; the
 * websocket server is attached by channels/web-adapter.ts to the server passed in. Botkit's state
 * goes to the same Storage as the conversation's.
 */
import type { Server } from 'node:http';
import type { Storage } from 'botbuilder';
import { Botkit, type BotkitMessage, type BotWorker } from 'botkit';
import { Router, type Request, type Response } from 'express';
import { createRateLimitMiddleware, issuesOf, rawBodyOf, sendError, sessionKeyOf, type ChatRateLimit } from '../http-kit';
import { silentLogger, type Logger } from '../log';
import type { TicketWatchDeps } from './channels/ticket-watch';
import { QihuWebAdapter } from './channels/web-adapter';
import { inputOf, isWebEventType, replyOf, WebInbound } from './channels/wire';
import { hashSessionId } from './records';
import type { ConversationService, OutMessage } from './types';

export const DEFAULT_CHAT_MAX_MESSAGE_BYTES = 16 * 1024;

export interface WebChatDeps {
  /** qihu's http.Server: websocket upgrades are handled on it. */
  server: Server;
  conversation: ConversationService;
  /** botbuilder Storage for Botkit's own state (the Redis one, or MemoryStorage). */
  storage: Storage;
  rateLimit?: ChatRateLimit;
  /** Largest websocket message or /api/messages body, in bytes. Default 16 KiB. */
  maxMessageBytes?: number;
  /** Websocket paths. Default /ws and / (Botkit's stock client connects to /). */
  wsPaths?: readonly string[];
  pingIntervalMs?: number;
  log?: Logger;
  /** Live ticket updates on the websockets (channels/ticket-watch.ts). */
  ticketWatch?: TicketWatchDeps;
  /** A socket (re)claimed a session: sends what the live hand-off held for it (live/delivery.ts). */
  onUser?: (user: string) => Promise<unknown>;
  /** The page acknowledged the live messages up to a seq (live/delivery.ts). */
  onAck?: (user: string, upTo: number) => Promise<unknown>;
  /** A socket closed with live messages it never acknowledged (live/delivery.ts socketGone). */
  onUnacknowledged?: (user: string) => void;
}

export interface WebChat {
  controller: Botkit;
  adapter: QihuWebAdapter;
  /** POST /api/messages: mount it on the app. */
  router: Router;
  close(): Promise<void>;
}

export function createWebChat(deps: WebChatDeps): WebChat {
  const log = deps.log ?? silentLogger;
  const maxMessageBytes = deps.maxMessageBytes ?? DEFAULT_CHAT_MAX_MESSAGE_BYTES;
  const adapter = new QihuWebAdapter({
    server: deps.server,
    maxMessageBytes,
    paths: deps.wsPaths,
    pingIntervalMs: deps.pingIntervalMs,
    rateLimit: deps.rateLimit,
    log,
    ...(deps.ticketWatch ? { ticketWatch: deps.ticketWatch } : {}),
    ...(deps.onUser ? { onUser: deps.onUser } : {}),
    ...(deps.onAck ? { onAck: deps.onAck } : {}),
    ...(deps.onUnacknowledged ? { onUnacknowledged: deps.onUnacknowledged } : {}),
  });
  const controller = new Botkit({
    adapter,
    storage: deps.storage,
    disable_webserver: true,
    disable_console: true,
  });

  async function reply(bot: BotWorker, message: BotkitMessage, out: OutMessage[]): Promise<void> {
    for (const m of out) await bot.reply(message, replyOf(m));
  }

  controller.on('message', async (bot, message) => {
    try {
      const out = await deps.conversation.handle(message.user, inputOf(message), { channel: 'web' });
      await reply(bot, message, out);
    } catch (err) {
      // The conversation never throws; a failing reply (socket gone) must not end Botkit's turn badly.
      log.warn('web chat reply failed', { err, session: hashSessionId(String(message.user)) });
    }
  });

  controller.on(['hello', 'welcome_back'], async (bot, message) => {
    try {
      await reply(bot, message, await deps.conversation.welcome(message.user));
    } catch (err) {
      log.warn('web chat welcome failed', { err, session: hashSessionId(String(message.user)) });
    }
  });

  const router = Router();
  const tooLarge = (req: Request) => {
    const size = rawBodyOf(req)?.length ?? Number(req.headers['content-length'] ?? 0);
    return size > maxMessageBytes;
  };
  router.post(
    '/api/messages',
    (req, res, next) => (tooLarge(req) ? sendError(res, 'QH_ERR_PAYLOAD_TOO_LARGE') : next()),
    deps.rateLimit
      ? createRateLimitMiddleware({ rateLimit: deps.rateLimit, sessionOf: (body) => sessionKeyOf(body, 'user') })
      : (_req, _res, next) => next(),
    async (req: Request, res: Response) => {
      const parsed = WebInbound.safeParse(req.body);
      if (!parsed.success) return sendError(res, 'QH_ERR_VALIDATION', { issues: issuesOf(parsed.error) });
      // Other types are ignored, as on the websocket: nothing to say.
      if (!isWebEventType(parsed.data.type)) return void res.json([]);
      // The adapter reads only req.body: give it the validated message, not the raw body.
      await adapter.processActivity({ body: { ...parsed.data } }, res, (context) => controller.handleTurn(context));
      if (!res.headersSent) res.json([]);
    },
  );

  return {
    controller,
    adapter,
    router,
    async close() {
      await adapter.close();
      await controller.shutdown();
    },
  };
}
