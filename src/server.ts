/**
 * The composition root: builds every service from the configuration and wires the HTTP routes.
 * `startQihu` is what `npm start` runs and what integration tests start on a free port.
 *
 * Embedded default (no REDIS_URL): tickets in a file journal under DATA_DIR, and the reference
 * routing backend started in-process, so the whole ticket loop works out of the box.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { createRequireRole, parseTokens } from './auth/tokens';
import type { Config } from './config';
import { createEngine, type Engine } from './engine';
import { createApp } from './http/app';
import { createAskRouter } from './http/ask-router';
import { createHealthRouter } from './http/health-router';
import { createDeadLetterRouter, createTicketRouter } from './http/tickets-router';
import { loadKnowledgeBase, type KnowledgeBase } from './kb';
import type { Logger } from './log';
import { createRoutingBackend, type RoutingBackend } from './routing-backend/app';
import { createFileTicketStore } from './storage/file/ticket-store';
import { createRedisTicketStore } from './storage/redis/ticket-store';
import { loadCalendar } from './tickets/calendar';
import { createDispatcher } from './tickets/dispatcher';
import { loadDistricts } from './tickets/districts';
import { createTicketService, type TicketService } from './tickets/service';
import type { TicketStore } from './tickets/store';
import { loadRouting } from './tickets/triage';

export interface Qihu {
  server: Server;
  url: string;
  engine: () => Engine;
  tickets: TicketService;
  /** The in-process reference routing backend, when ROUTING_BACKEND_URL is unset. */
  routingBackend?: RoutingBackend;
  close(): Promise<void>;
}

async function openTicketStore(config: Config, log: Logger): Promise<TicketStore> {
  if (config.REDIS_URL) {
    return createRedisTicketStore({ url: config.REDIS_URL, onError: (err) => log.warn('redis error', { err }) });
  }
  return createFileTicketStore({ dir: resolve(config.DATA_DIR) });
}

export async function startQihu(config: Config, log: Logger): Promise<Qihu> {
  const kbDir = resolve(config.KB_DIR);
  const kb: KnowledgeBase = loadKnowledgeBase(kbDir);
  const engine = createEngine(kb);
  log.info('knowledge base loaded', { dir: kbDir, entries: kb.entries.length, sample: kb.manifest.sample });

  const ticketsDir = resolve(config.TICKETS_DIR);
  const store = await openTicketStore(config, log);
  const tickets = createTicketService({
    store,
    calendar: loadCalendar(join(ticketsDir, 'holidays.json')),
    routing: loadRouting(join(ticketsDir, 'routing.json')),
    districts: loadDistricts(join(ticketsDir, 'districts.json')),
  });

  let routingBackend: RoutingBackend | undefined;
  let backendUrl = config.ROUTING_BACKEND_URL;
  if (!backendUrl) {
    routingBackend = createRoutingBackend({ secret: config.ROUTING_SECRET, log: (m) => log.debug(m) });
    backendUrl = await routingBackend.listen(0, '127.0.0.1');
    log.info('reference routing backend started in-process', { url: backendUrl });
  }
  const dispatcher = createDispatcher({ store, backendUrl, secret: config.ROUTING_SECRET, logger: log });

  const onError = (err: unknown, where: string) => log.error(where, { err });
  const requireRole = createRequireRole(parseTokens(config.AUTH_TOKENS));
  const app = createApp({
    log,
    bodyLimit: '256kb',
    routers: [
      createHealthRouter({
        mode: config.REDIS_URL ? 'redis' : 'embedded',
        knowledgeBase: () => ({ name: kb.manifest.name, entries: kb.entries.length, sample: kb.manifest.sample }),
      }),
      createAskRouter({ engine: () => engine }),
      createTicketRouter({ ticketService: tickets, secret: config.ROUTING_SECRET, onError }),
      createDeadLetterRouter({ store, requireRole, onError }),
    ],
  });

  const server = createServer(app);
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(config.PORT, config.HOST, () => ok());
  });
  const { port } = server.address() as AddressInfo;
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  routingBackend?.setQihuUrl(url);
  dispatcher.start();

  return {
    server,
    url,
    engine: () => engine,
    tickets,
    routingBackend,
    async close() {
      await new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      });
      await dispatcher.stop();
      await routingBackend?.close();
      await store.close();
    },
  };
}
