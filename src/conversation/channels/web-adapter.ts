/**
 * botbuilder-adapter-web's WebAdapter, made fit for a server that starts and stops cleanly and
 * faces the internet. The webhook side (processActivity, POST /api/messages) is the stock one; the
 * websocket side is replaced because the stock one
 *
 * - attaches to Botkit's own http server (`botkit.http`), which does not exist when Botkit runs on
 *   our Express app: here the websocket server is given qihu's http.Server and accepts upgrades on
 *   its paths only (default /ws, and / for Botkit's stock client);
 * - keeps a module-level map of sockets (two instances in one process would answer each other's
 *   users) and answers whichever socket last claimed a user id: here each reply goes back to the
 *   socket its message came from;
 * - starts a 30 s ping interval that is never cleared (a process, or jest, never exits): here the
 *   interval is unref'd and cleared by close();
 * - has no size limit, no rate limit, logs with console.error and hands every JSON payload to
 *   Botkit. Here payloads over maxMessageBytes close the socket (1009), messages are validated
 *   (wire.ts) and types other than message/hello/welcome_back/resume/ack ignored, each socket's messages are
 *   handled one at a time in order, and a socket that floods gets one polite notice per window and
 *   its surplus messages are dropped unprocessed.
 */
import { isUtf8 } from 'node:buffer';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { ActivityTypes, TurnContext, type Activity, type ResourceResponse } from 'botbuilder';
import { WebAdapter } from 'botbuilder-adapter-web';
import { clientIpOf, type ChatRateLimit } from '../../http-kit';
import { silentLogger, type Logger } from '../../log';
import type { PageMessage } from '../live/delivery';
import type { OutMessage } from '../types';
import { ACK_TYPE, isWebEventType, NOTICES, RESUME_TYPE, WebInbound, wireOf } from './wire';
import { TicketWatchers, type TicketWatchDeps } from './ticket-watch';
import { WebSocket, type WebSocketData, type WebSocketServer } from './ws';

export const DEFAULT_WS_PATHS = ['/ws', '/'] as const;
export const DEFAULT_PING_INTERVAL_MS = 30_000;
/** Messages a socket may have waiting; more are dropped (a client waits for replies). */
export const DEFAULT_MAX_QUEUED_PER_SOCKET = 8;

export interface QihuWebAdapterOptions {
  /** qihu's http.Server: the websocket server handles its upgrade requests. */
  server: Server;
  /** Largest websocket message in bytes; a bigger one closes the socket with 1009. */
  maxMessageBytes: number;
  paths?: readonly string[];
  pingIntervalMs?: number;
  maxQueuedPerSocket?: number;
  rateLimit?: ChatRateLimit;
  log?: Logger;
  /** Live ticket updates for the tickets a page proves it holds (ticket-watch.ts). */
  ticketWatch?: TicketWatchDeps;
  /**
   * A socket claimed a session (its page connected or reconnected): called after that message's
   * turn, so what was held for the user (live/delivery.ts) follows the welcome.
   */
  onUser?: (user: string) => Promise<unknown>;
  /** The page of a session this socket speaks for has shown the live messages up to seq `upTo`. */
  onAck?: (user: string, upTo: number) => Promise<unknown>;
  /**
   * A socket closed (or was found dead) before acknowledging the live messages sent to it: they go
   * to the user's other socket, on any instance, if the page already came back there.
   */
  onUnacknowledged?: (user: string) => void;
}

type TurnLogic = (context: TurnContext) => Promise<void>;

interface Peer {
  ws: WebSocket;
  ip?: string;
  alive: boolean;
  /** The socket's turns, one after another. */
  chain: Promise<void>;
  queued: number;
  user?: string;
  /** No further notice before this time (ms). */
  quietUntil: number;
  /** The highest seq of the live messages sent on this socket, and acknowledged on it. */
  liveSent: number;
  liveAcked: number;
}

const SOCKET = Symbol('qihu.websocket');

export class QihuWebAdapter extends WebAdapter {
  private readonly options: QihuWebAdapterOptions;
  private readonly log: Logger;
  private readonly peers = new Map<WebSocket, Peer>();
  private readonly byUser = new Map<string, WebSocket>();
  private socketServer?: WebSocketServer;
  private pingTimer?: NodeJS.Timeout;
  private upgradeListener?: (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
  private closing = false;
  private readonly watchers?: TicketWatchers;

  constructor(options: QihuWebAdapterOptions) {
    super();
    this.options = options;
    this.log = options.log ?? silentLogger;
    if (options.ticketWatch) this.watchers = new TicketWatchers(options.ticketWatch, send);
  }

  /** Botkit calls this when the adapter is registered: the websocket server goes on OUR server. */
  override init(botkit: { ready(handler: () => void): void; handleTurn(context: TurnContext): Promise<void> }): void {
    botkit.ready(() => this.createSocketServer(this.options.server, {}, botkit.handleTurn.bind(botkit)));
  }

  /** Binds the websocket server to `server` (upgrade requests on the configured paths). */
  override createSocketServer(server: Server, socketOptions: Record<string, unknown> | null, logic: TurnLogic): void {
    if (this.socketServer) throw new Error('the websocket server is already running');
    const paths = new Set(this.options.paths ?? DEFAULT_WS_PATHS);
    const wss = new WebSocket.Server({ ...socketOptions, noServer: true, maxPayload: this.options.maxMessageBytes });
    this.socketServer = wss;
    this.wss = wss;

    this.upgradeListener = (req, socket, head) => {
      socket.on('error', () => socket.destroy());
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (this.closing || !paths.has(path)) {
        socket.end(`HTTP/1.1 ${this.closing ? '503 Service Unavailable' : '404 Not Found'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
        return;
      }
      wss.handleUpgrade(req, socket as Parameters<WebSocketServer['handleUpgrade']>[1], head, (ws) => this.accept(ws, req, logic));
    };
    server.on('upgrade', this.upgradeListener);

    const interval = this.options.pingIntervalMs ?? DEFAULT_PING_INTERVAL_MS;
    this.pingTimer = setInterval(() => this.heartbeat(), interval);
    this.pingTimer.unref();
  }

  private accept(ws: WebSocket, req: IncomingMessage, logic: TurnLogic): void {
    const peer: Peer = { ws, ip: clientIpOf(req), alive: true, chain: Promise.resolve(), queued: 0, quietUntil: 0, liveSent: 0, liveAcked: 0 };
    this.peers.set(ws, peer);
    ws.on('pong', () => {
      peer.alive = true;
    });
    ws.on('message', (data) => this.receive(peer, data, logic));
    // Protocol errors (a payload over maxPayload: ws closes with 1009) and resets.
    ws.on('error', (err) => this.log.debug('websocket error', { err }));
    ws.on('close', () => {
      this.peers.delete(ws);
      this.watchers?.drop(ws);
      if (peer.user && this.byUser.get(peer.user) === ws) this.byUser.delete(peer.user);
      if (peer.user && peer.liveSent > peer.liveAcked && !this.closing) this.options.onUnacknowledged?.(peer.user);
    });
  }

  private heartbeat(): void {
    for (const peer of this.peers.values()) {
      if (!peer.alive) {
        peer.ws.terminate();
        continue;
      }
      peer.alive = false;
      try {
        peer.ws.ping();
      } catch {
        peer.ws.terminate();
      }
    }
  }

  private receive(peer: Peer, data: WebSocketData, logic: TurnLogic): void {
    if (this.closing) return;
    const text = dataToString(data);
    if (text === undefined) {
      this.log.debug('websocket message ignored: not UTF-8');
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      this.log.debug('websocket message ignored: not JSON');
      return;
    }
    if (this.watchers?.watch(peer.ws, json)) return;
    const parsed = WebInbound.safeParse(json);
    if (!parsed.success) {
      this.log.debug('websocket message ignored: not a chat message', { paths: parsed.error.issues.map((i) => i.path.join('.')) });
      return;
    }
    const message = parsed.data;
    if (message.type === RESUME_TYPE) {
      this.claim(peer, message.user);
      return;
    }
    if (message.type === ACK_TYPE) {
      const { onAck } = this.options;
      if (!message.upTo || peer.user !== message.user) return;
      peer.liveAcked = Math.max(peer.liveAcked, message.upTo);
      if (onAck) void onAck(message.user, message.upTo).catch((err: unknown) => this.log.warn('websocket ack failed', { err }));
      return;
    }
    if (!isWebEventType(message.type)) {
      this.log.debug('websocket message ignored: unknown type', { type: message.type });
      return;
    }
    if (peer.queued >= (this.options.maxQueuedPerSocket ?? DEFAULT_MAX_QUEUED_PER_SOCKET)) {
      this.notice(peer, 'rate_limited');
      return;
    }
    const claimed = this.claim(peer, message.user, false);
    peer.queued += 1;
    peer.chain = peer.chain
      .then(async () => {
        const verdict = await this.options.rateLimit?.check({ ip: peer.ip, sessionId: message.user });
        if (verdict?.limited) {
          this.notice(peer, 'rate_limited');
          return;
        }
        await this.turn(peer, message, logic);
      })
      .catch((err: unknown) => this.log.error('websocket turn failed', { err }))
      .finally(() => {
        peer.queued -= 1;
      });
    if (claimed) this.afterTurns(peer, message.user);
  }

  /** The socket speaks for the user from now; true when it did not already. `notify`: onUser at once (after queued turns). */
  private claim(peer: Peer, user: string, notify = true): boolean {
    const claimed = peer.user !== user || this.byUser.get(user) !== peer.ws;
    peer.user = user;
    this.byUser.set(user, peer.ws);
    if (claimed && notify) this.afterTurns(peer, user);
    return claimed;
  }

  private afterTurns(peer: Peer, user: string): void {
    const onUser = this.options.onUser;
    if (!onUser) return;
    peer.chain = peer.chain.then(async () => void (await onUser(user))).catch((err: unknown) => this.log.warn('websocket onUser failed', { err }));
  }

  private async turn(peer: Peer, message: WebInbound, logic: TurnLogic): Promise<void> {
    if (this.closing || peer.ws.readyState !== WebSocket.OPEN) return;
    const activity: Partial<Activity> = {
      timestamp: new Date(),
      channelId: 'websocket',
      conversation: { id: message.user, isGroup: false, conversationType: 'personal', name: '' },
      from: { id: message.user, name: '' },
      recipient: { id: 'bot', name: 'bot' },
      // Botkit spreads channelData into the message its handlers get (message.qihu …).
      channelData: message.type === 'message' ? { ...message } : { ...message, botkitEventType: message.type },
      text: message.text,
      type: message.type === 'message' ? ActivityTypes.Message : ActivityTypes.Event,
    };
    const context = new TurnContext(this, activity);
    context.turnState.set(SOCKET, peer.ws);
    await this.runMiddleware(context, logic);
  }

  /** One notice per rate-limit window and socket: a flood gets one answer, not one per message. */
  private notice(peer: Peer, kind: keyof typeof NOTICES): void {
    const now = Date.now();
    if (now < peer.quietUntil) return;
    peer.quietUntil = now + (this.options.rateLimit?.windowMs ?? 60_000);
    const out: OutMessage = { type: 'text', text: NOTICES[kind] };
    send(peer.ws, wireOf(out));
  }

  /** Replies go to the socket the turn came from (or, outside a turn, the user's latest socket). */
  override async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const channel = context.activity.channelId;
    for (const activity of activities) {
      const message: Record<string, unknown> = { type: activity.type, text: activity.text, ...(activity.channelData ?? {}) };
      if (channel === 'websocket') {
        const ws = (context.turnState.get(SOCKET) as WebSocket | undefined) ?? this.byUser.get(activity.recipient?.id ?? '');
        if (!ws || !send(ws, message)) this.log.debug('websocket reply dropped: the socket is closed');
      } else if (channel === 'webhook') {
        const outbound = (context.turnState.get('httpBody') as unknown[] | undefined) ?? [];
        outbound.push(message);
        context.turnState.set('httpBody', outbound);
      }
    }
    return [];
  }

  /**
   * Messages outside a turn (a person's reply in the live hand-off) to the user's open socket on
   * this instance, in order; how many went out (0 when it holds none: another instance may).
   */
  push(user: string, messages: readonly PageMessage[]): number {
    const ws = this.byUser.get(user);
    const peer = ws && this.peers.get(ws);
    if (!ws || !peer) return 0;
    let sent = 0;
    for (const m of messages) {
      if (!send(ws, wireOf(m.message, m.seq))) break;
      if (m.seq) peer.liveSent = Math.max(peer.liveSent, m.seq);
      sent += 1;
    }
    return sent;
  }

  override isConnected(user: string): boolean {
    return this.byUser.has(user);
  }

  override getConnection(user: string): ReturnType<WebAdapter['getConnection']> {
    const ws = this.byUser.get(user);
    if (!ws) throw new Error('that user is not connected');
    return ws as unknown as ReturnType<WebAdapter['getConnection']>;
  }

  /** Open websocket connections. */
  get connections(): number {
    return this.peers.size;
  }

  /**
   * Stops accepting upgrades, says goodbye (1001) to every socket, lets running turns finish (at
   * most graceMs) and closes the websocket server. Idempotent.
   */
  async close(graceMs = 2000): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.watchers?.close();
    if (this.upgradeListener) this.options.server.off('upgrade', this.upgradeListener);
    const peers = [...this.peers.values()];
    for (const peer of peers) {
      try {
        peer.ws.close(1001, 'server shutting down');
      } catch {
        // already closing
      }
    }
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled(peers.map((p) => p.chain)),
      new Promise<void>((r) => {
        timer = setTimeout(r, graceMs);
        timer.unref();
      }),
    ]);
    clearTimeout(timer);
    for (const peer of peers) peer.ws.terminate();
    this.peers.clear();
    this.byUser.clear();
    const wss = this.socketServer;
    if (wss) await new Promise<void>((r) => wss.close(() => r()));
  }
}

/**
 * A frame's text; undefined for a binary frame whose bytes are not UTF-8, which is never decoded
 * with U+FFFD and taken (text frames are checked by ws itself, which closes the socket with 1007).
 */
function dataToString(data: WebSocketData): string | undefined {
  const bytes = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
  return isUtf8(bytes) ? bytes.toString('utf8') : undefined;
}

function send(ws: WebSocket, message: unknown): boolean {
  if (ws.readyState !== WebSocket.OPEN) return false;
  try {
    ws.send(JSON.stringify(message));
    return true;
  } catch {
    return false;
  }
}
