/**
 * The composition root: builds every service from the configuration and wires the HTTP routes.
 * `startQihu` is what `npm start` runs and what integration tests start on a free port.
 *
 * Embedded default (no REDIS_URL): tickets in a file journal under DATA_DIR, the reference routing
 * backend started in-process, conversation state in memory and conversation records in JSON lines
 * under DATA_DIR, chat rate limits in memory: the whole loop works out of the box, on one instance.
 *
 * With Redis (REDIS_URL, REDIS_SENTINELS or REDIS_CLUSTER_NODES): tickets, conversation state (botbuilder Storage, also Botkit's), conversation
 * records, chat rate limits and hotline calls in progress live in Redis, so any number of instances
 * can serve the same users (a session's turns, or a call's requests, may alternate between
 * instances, and survive a restart).
 *
 * Routes: /healthz (liveness), /readyz (readiness), /metrics (Prometheus, protected; also on
 * METRICS_PORT), /api/v1/ask, /api/v1/chat (JSON chat), /api/messages and the websocket /ws
 * (Botkit web chat), the ticket routes, the admin dead-letter routes, the 督办 (supervision) API
 * and pages, and the chat page at /
 * (src/web); extra routers come in through StartOptions.routers. One Prometheus registry per
 * instance counts what they do (src/metrics.ts, docs/operations.md).
 */
// zod's messages in Chinese for the whole process, before any schema parses (http-kit/zod-locale.ts).
import './http-kit/zod-locale';
import { access, constants as fsConstants } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Storage } from 'botbuilder';
import { Router, type Express } from 'express';
import { setupAuth, type AuthSetup } from './auth';
import { describeModel, MODEL_FILE, parseModel } from './classifier';
import type { Config } from './config';
import type { TriageModelUpload } from './kb/store';
import { createWebChat, type WebChat } from './conversation/botkit';
import type { RecordStore } from './conversation/records';
import { createConversationService } from './conversation/service';
import type { ConversationService } from './conversation/types';
import { createLiveDelivery, createLiveDesk, createLiveOperatorDesk, createQueuePlaceNotices, parseHours } from './conversation';
import { createLiveAgentRouter } from './http/live-agent-router';
import { createCaseIndex, settledCaseFor, type CaseIndex } from './cases';
import { createEngine, type Engine } from './engine';
import { createEditorRouter } from './http/editor-router';
import { createEditorCasesRouter } from './http/editor-cases-router';
import { createLiveKnowledgeBase, openKbStore, openPolicyServices, policyTitleIn, type PolicyServices } from './knowledge';
import { createPolicyAdminRouter } from './http/policy-admin-router';
import { createApp } from './http/app';
import { createAskRouter } from './http/ask-router';
import { createPoliciesRouter } from './http/policies-router';
import { createEditorPoliciesRouter } from './http/editor-policies-router';
import { createTriageRouter, TRIAGE_MODEL_PATH } from './http/triage-router';
import { createCasesRouter } from './http/cases-router';
import { createChatEndpoint } from './http/chat-endpoint';
import { createHealthRouter, type Check } from './http/health-router';
import { createMetricsRouter, createMetricsServer } from './http/metrics-router';
import { createHotlineRouter } from './http/hotline-router';
import { createHotlineTicketsRouter } from './http/hotline-tickets-router';
import { createChatRateLimit, type ChatRateLimit } from './http-kit';
import { createDeadLetterRouter, createTicketRouter } from './http/tickets-router';
import { createChatExtrasRouter } from './http/chat-extras-router';
import { createNotificationDeadLetterRouter } from './http/notifications-router';
import { openTicketUpdates, ticketWatchOf, type TicketUpdates } from './ticket-updates';
import { createInboxRouter } from './http/inbox-router';
import { createSupervisionRouter } from './http/supervision-router';
import type { KnowledgeBase, PastCase } from './kb';
import type { KbStore } from './kb/store';
import type { Logger } from './log';
import { createMetrics, type Metrics } from './metrics';
import { createRoutingBackend, type RoutingBackend } from './routing-backend/app';
import { redisConnectionOf } from './storage/redis/connect';
import { createEmbedder } from './llm/embedder';
import { createSemanticLayer, type SemanticLayer } from './llm/semantic';
import { loadCalendar } from './tickets/calendar';
import { createDispatcher } from './tickets/dispatcher';
import { meteredTicketStore } from './tickets/metered-store';
import { districtNames, loadDistricts } from './tickets/districts';
import { createTicketService, type TicketService } from './tickets/service';
import { loadRouting, type RoutingTable } from './tickets/triage';
import { todayInChina } from './util';
import { createEditorPageRouter, createInsightsPagesRouter, createLoginPageRouter, createOperatorPageRouter, createSupervisionPageRouter, createWebRouter } from './web';
import { openChatStores, openTicketStore, type ChatStores } from './open-stores';

export interface Qihu {
  server: Server;
  /** The Express app (routes can be listed from it). */
  app: Express;
  url: string;
  engine: () => Engine;
  tickets: TicketService;
  /** Ticket status changes: the live bus and the notification outbox (enqueueNotification). */
  updates: TicketUpdates;
  /** The in-process reference routing backend, when ROUTING_BACKEND_URL is unset. */
  routingBackend?: RoutingBackend;
  conversation: ConversationService;
  /** The semantic layer, with OPENAI_BASE_URL. */
  semantic?: SemanticLayer;
  /** Conversation state (and Botkit's): Redis-backed with REDIS_URL, else in memory, expiring alike. */
  state: Storage;
  records: RecordStore;
  rateLimit: ChatRateLimit;
  /** The Botkit web chat (websocket /ws and POST /api/messages). */
  webChat: WebChat;
  /** This instance's Prometheus registry and counters (GET /metrics). */
  metrics: Metrics;
  /** The unauthenticated metrics listener, with METRICS_PORT. */
  metricsUrl?: string;
  /** The enterprise registry, 免申即享 notices (noticesFor: the chat's) and policy analytics. */
  policies: PolicyServices;
  close(): Promise<void>;
}

export interface StartOptions {
  /** A knowledge base already in memory instead of the one under KB_DIR (benchmarks). */
  knowledgeBase?: KnowledgeBase;
  /** The past cases that go with knowledgeBase (none by default). */
  cases?: PastCase[];
  /** More routers, mounted after the API routes and the chat page, before the 404. */
  routers?: Router[];
  /** Serve the chat page (src/web) at /. Default true. */
  chatPage?: boolean;
}

/**
 * The optional semantic layer (src/llm/semantic.ts), with OPENAI_BASE_URL: embeddings of every
 * entry's names, built in the background and after each publish, for questions the engine hands off
 * for want of a match.
 */
function openSemantic(config: Config, log: Logger, knowledge: Knowledge, stores: ChatStores): SemanticLayer | undefined {
  if (!config.OPENAI_BASE_URL) return undefined;
  const model = config.OPENAI_EMBEDDING_MODEL;
  const embedder = createEmbedder({ baseURL: config.OPENAI_BASE_URL, apiKey: config.OPENAI_API_KEY, model, timeoutMs: config.OPENAI_TIMEOUT_MS });
  log.info('semantic layer on: the knowledge base is being embedded', { model });
  return createSemanticLayer({
    kb: () => knowledge.kb(),
    engine: () => knowledge.engine(),
    embedder,
    cache: stores.embeddings(model),
    timeoutMs: config.OPENAI_TIMEOUT_MS,
    thresholds: { answer: config.SEMANTIC_ANSWER_SIMILARITY, clarify: config.SEMANTIC_CLARIFY_SIMILARITY },
    log: log.child({ component: 'semantic' }),
  });
}

/** The knowledge base being served: a live, editable one, or a fixed one given in memory. */
interface Knowledge {
  engine(): Engine;
  kb(): KnowledgeBase;
  /** The published routing table (edited in the editor console); undefined: the one under TICKETS_DIR. */
  routing(): RoutingTable | undefined;
  /** The index of the published past cases. */
  cases(): CaseIndex;
  editor?: Router;
  /** The editable store behind the live knowledge base (absent for one given in memory). */
  store?: KbStore;
  close(): Promise<void>;
}

/**
 * The knowledge store (Redis or files under DATA_DIR), seeded from KB_DIR when empty, served by a
 * live engine that every instance swaps on publish. A knowledge base given in memory is served as is.
 */
async function openKnowledge(config: Config, log: Logger, options: StartOptions, auth: AuthSetup, metrics: Metrics): Promise<Knowledge> {
  const given = options.knowledgeBase;
  if (given) {
    const engine = createEngine(given, { cacheSize: config.ANSWER_CACHE_SIZE });
    const cases = createCaseIndex(options.cases ?? []);
    log.info('knowledge base given in memory', { entries: given.entries.length, cases: cases.size });
    return { engine: () => engine, kb: () => given, routing: () => undefined, cases: () => cases, close: async () => {} };
  }
  const store = await openKbStore({
    redisUrl: redisConnectionOf(config),
    dataDir: config.DATA_DIR,
    onError: (err) => {
      log.warn('redis error (kb)', { err });
      metrics.redisError('kb');
    },
    onRepair: (detail) => log.warn('knowledge journal repaired', { detail }),
  });
  try {
    const kbDir = resolve(config.KB_DIR);
    const triageModel = seedTriageModel(kbDir);
    const seed = await store.seedIfEmpty(kbDir, { routingFile: join(resolve(config.TICKETS_DIR), 'routing.json'), ...(triageModel ? { triageModel } : {}) });
    const live = await createLiveKnowledgeBase({
      store,
      redisUrl: redisConnectionOf(config),
      log,
      engine: { cacheSize: config.ANSWER_CACHE_SIZE },
      onRedisError: () => metrics.redisError('kb-subscriber'),
    });
    log.info(seed.seeded ? 'knowledge store seeded' : 'knowledge store opened (KB_DIR only seeds an empty store)', {
      kbDir,
      revision: live.revision(),
      entries: live.kb().entries.length,
      cases: live.cases().size,
    });
    return {
      engine: () => live.engine(),
      kb: () => live.kb(),
      routing: () => live.routing(),
      cases: () => live.cases(),
      editor: Router().use(
        createEditorRouter({ store, live, requireRole: auth.requireRole, onError: (err, where) => log.error(where, { err }) }),
        createEditorCasesRouter({ store, requireRole: auth.requireRole, onError: (err, where) => log.error(where, { err }) }),
      ),
      store,
      async close() {
        await live.close();
        await store.close();
      },
    };
  } catch (err) {
    await store.close();
    throw err;
  }
}

/** `<kbDir>/triage-model.json`, when the knowledge-base folder has one (`npm run -s triage -- train --out <kbDir>`). */
function seedTriageModel(kbDir: string): TriageModelUpload | undefined {
  const file = join(kbDir, MODEL_FILE);
  if (!existsSync(file)) return undefined;
  const json = readFileSync(file, 'utf8');
  return { ref: describeModel(parseModel(json)), json };
}

export async function startQihu(config: Config, log: Logger, options: StartOptions = {}): Promise<Qihu> {
  // This instance's own registry: several qihus in one process (tests) count apart.
  const metrics = createMetrics();
  const auth = await setupAuth({
    config,
    log,
    redisUrl: redisConnectionOf(config),
    nodeEnv: process.env.NODE_ENV,
    developmentAccounts: process.env.NODE_ENV !== 'test',
    dataDir: resolve(config.DATA_DIR),
    onRateLimited: (scope) => metrics.rateLimited(scope),
    onRedisError: () => metrics.redisError('auth'),
  });
  let knowledge: Knowledge;
  try {
    knowledge = await openKnowledge(config, log, options, auth, metrics);
  } catch (err) {
    await auth.close();
    throw err;
  }
  const engine = () => knowledge.engine();

  const ticketsDir = resolve(config.TICKETS_DIR);
  const store = meteredTicketStore(await openTicketStore(config, log, metrics), metrics);
  metrics.gauges({ outboxDepth: () => store.outboxSize(), deadLetters: () => store.deadLetterCount() });
  let chatStores: ChatStores;
  let updates: TicketUpdates;
  try {
    updates = await openTicketUpdates(config, log, store, metrics);
    chatStores = await openChatStores(config, log, metrics).catch(async (err: unknown) => {
      await updates.close();
      throw err;
    });
  } catch (err) {
    await store.close();
    await knowledge.close();
    await auth.close();
    throw err;
  }
  const policies = await openPolicyServices({
    redisUrl: redisConnectionOf(config),
    dataDir: config.DATA_DIR,
    kbDir: config.KB_DIR,
    today: () => todayInChina(),
    onError: (err, where) => log.error(where, { err }),
    onInfo: (message, fields) => log.info(message, fields),
    // A notice goes out through the signed NOTIFY_URL outbox, by ids only; refused ids are logged, not
    // retried. A synthetic registry (the shipped sample) keeps its notices and sends none.
    sink: {
      async enqueue(notice) {
        if ((await policies.registry.info()).synthetic) return;
        const r = await updates.enqueueNotification({ kind: 'policy_notice', policyId: notice.policyId, enterpriseId: notice.enterpriseId });
        if (!r.ok) log.error('policy notice refused by the outbox', { policy: notice.policyId, issues: r.issues });
      },
    },
  }).catch(async (err: unknown) => {
    await Promise.all([chatStores.close(), store.close(), knowledge.close(), auth.close()]);
    throw err;
  });
  // 免申即享: a publish in this process, a registry import or seeding scans the registry; only new notices are sent.
  const scanPolicies = (kb: KnowledgeBase) => policies.scan(kb);
  const stopScanning = knowledge.store?.onPublished(() => {
    void knowledge.store!.published().then((p) => p && scanPolicies(p.kb)).catch((err: unknown) => log.error('policy scan after publish', { err }));
  });
  if (policies.seeded) void scanPolicies(knowledge.kb()).catch((err: unknown) => log.error('policy scan after seeding', { err }));
  const districts = loadDistricts(join(ticketsDir, 'districts.json'));
  // Triage follows the editor's published table on every instance from the next ticket on.
  const fileRouting = loadRouting(join(ticketsDir, 'routing.json'));
  const routing = () => knowledge.routing() ?? fileRouting;
  const calendar = loadCalendar(join(ticketsDir, 'holidays.json'));
  const tickets = createTicketService({
    store,
    calendar,
    routing,
    districts,
    accessSecret: config.ROUTING_SECRET,
    onStatusChange: (id, state, noticeQueued) => updates.onStatusChange(id, state, noticeQueued),
  });

  let routingBackend: RoutingBackend | undefined;
  let backendUrl = config.ROUTING_BACKEND_URL;
  if (!backendUrl) {
    routingBackend = createRoutingBackend({ secret: config.ROUTING_SECRET, log: (m) => log.debug(m) });
    backendUrl = await routingBackend.listen(0, '127.0.0.1');
    log.info('reference routing backend started in-process', { url: backendUrl });
  }
  const dispatcher = createDispatcher({ store, backendUrl, secret: config.ROUTING_SECRET, logger: log, onEvent: metrics.delivery });

  const semantic = openSemantic(config, log, knowledge, chatStores);
  // The live hand-off to a person (docs/conversation.md § Live hand-off).
  const { store: liveStore, bus: liveBus } = chatStores.live;
  const liveDesk = createLiveDesk({ store: liveStore, bus: liveBus, calendar, hours: parseHours(config.LIVE_AGENT_HOURS), days: config.LIVE_AGENT_DAYS, hotline: config.HOTLINE_NUMBER });
  const conversation = createConversationService({
    live: liveDesk,
    engine,
    ...(semantic ? { semantic } : {}),
    tickets,
    districts,
    state: chatStores.state,
    records: chatStores.records,
    log: log.child({ component: 'conversation' }),
    turnTimeoutMs: config.CHAT_TURN_TIMEOUT_MS,
    metrics,
    similarCase: (text) => settledCaseFor(knowledge.cases(), text),
    policies: {
      entries: () => knowledge.kb().entries,
      directory: policies.registry,
      today: () => todayInChina(),
      notices: (code) => policies.noticesFor(code),
      onMatched: (tally) => void policies.stats.recordMatch(tally).catch((err: unknown) => log.error('policy stats', { err })),
    },
  });
  const rateLimit = createChatRateLimit({
    limiter: chatStores.limiter,
    limits: { perSession: config.RATE_LIMIT_PER_SESSION, perIp: config.RATE_LIMIT_PER_IP },
    log,
    onLimited: (scope) => metrics.rateLimited(scope),
  });

  // The server exists before the app: the Botkit web chat attaches its websocket server to it.
  const server = createServer();
  const webChat = createWebChat({
    // liveDelivery and queuePlaces (below) need the chat's sockets; the chat calls them only once pages connect.
    // A page that comes back gets what it has not acknowledged, then its queue place if it moved meanwhile.
    onUser: async (user) => {
      await liveDelivery.flush(user, true);
      await queuePlaces.tell(user);
    },
    onAck: (user, upTo) => liveDelivery.acknowledge(user, upTo),
    // A socket found dead may have swallowed messages while the page already came back elsewhere.
    onUnacknowledged: (user) => liveDelivery.socketGone(user),
    server,
    conversation,
    storage: chatStores.state,
    rateLimit,
    maxMessageBytes: config.CHAT_MAX_MESSAGE_BYTES,
    log: log.child({ component: 'web-chat' }),
    ticketWatch: ticketWatchOf(updates, tickets, config.ROUTING_SECRET, log),
  });

  const liveOperators = createLiveOperatorDesk({
    store: liveStore,
    bus: liveBus,
    conversation,
    waitMs: config.LIVE_AGENT_WAIT_SECONDS * 1000,
    log: log.child({ component: 'live' }),
  });
  // A person's words reach the user's chat page on whichever instance holds its socket, or wait for it.
  const liveDelivery = createLiveDelivery({ store: liveStore, bus: liveBus, sockets: webChat.adapter, log: log.child({ component: 'live' }) });
  // The waiting users whose socket is here hear their new place when the queue moves.
  const queuePlaces = createQueuePlaceNotices({ store: liveStore, bus: liveBus, conversation, sockets: webChat.adapter, log: log.child({ component: 'live' }) });

  const onError = (err: unknown, where: string) => log.error(where, { err });
  // Readiness: false from the moment close() begins, so a load balancer stops sending traffic first.
  let closing = false;
  const readiness: Record<string, Check> = {
    ...chatStores.checks,
    // The ticket store answers (a read of the outbox: Redis, or the embedded journal's memory).
    tickets: async () => {
      await store.outboxSize();
      return true;
    },
    // The embedded store can write its journal and records.
    ...(config.REDIS_URL
      ? {}
      : {
          dataDir: async () => {
            await access(resolve(config.DATA_DIR), fsConstants.W_OK);
            return true;
          },
        }),
    accepting: () => !closing,
  };
  const app = createApp({
    log,
    metrics,
    bodyLimit: '256kb',
    ownBodies: [TRIAGE_MODEL_PATH],
    routers: [
      // The gate first: every /api/v1/hotline/* and /api/v1/admin/* path is guarded by construction.
      auth.gate,
      auth.router,
      createLoginPageRouter(),
      createHealthRouter({
        mode: redisConnectionOf(config) ? 'redis' : 'embedded',
        checks: chatStores.checks,
        readiness,
        knowledgeBase: () => {
          const kb = knowledge.kb();
          return { name: kb.manifest.name, entries: kb.entries.length, sample: kb.manifest.sample };
        },
        calibration: () => knowledge.engine().calibration,
        ...(semantic ? { semantic: semantic.status } : {}),
      }),
      createMetricsRouter({ registry: metrics.registry, token: config.METRICS_TOKEN, requireRole: auth.requireRole, log }),
      createAskRouter({ engine, ...(semantic ? { semantic } : {}) }),
      createPoliciesRouter({ kb: () => knowledge.kb(), stats: policies.stats, onError }),
      createEditorPoliciesRouter({ kb: () => knowledge.kb(), directory: policies.registry, districts: districtNames(districts), requireRole: auth.requireRole, onError }),
      createPolicyAdminRouter({ ...policies, scan: () => scanPolicies(knowledge.kb()), policyTitle: (id) => policyTitleIn(knowledge.kb(), id), requireRole: auth.requireRole, onError }),
      webChat.router,
      createTicketRouter({ ticketService: tickets, secret: config.ROUTING_SECRET, onError }),
      createDeadLetterRouter({ store, requireRole: auth.requireRole, onError }),
      createNotificationDeadLetterRouter({ ...(updates.outbox ? { outbox: updates.outbox } : {}), requireRole: auth.requireRole, onError }),
      createChatExtrasRouter({ tickets, secret: config.ROUTING_SECRET, kb: () => knowledge.kb(), records: chatStores.records, onError }),
      createHotlineRouter({
        engine,
        tickets,
        records: chatStores.records,
        calls: chatStores.calls,
        events: chatStores.callEvents,
        ...(semantic ? { semantic, semanticThresholds: { answer: config.SEMANTIC_ANSWER_SIMILARITY, clarify: config.SEMANTIC_CLARIFY_SIMILARITY } } : {}),
        routing,
        districts,
        onError,
      }),
      createHotlineTicketsRouter({ tickets, calls: chatStores.calls, onError }),
      createLiveAgentRouter({ desk: liveOperators, bus: liveBus, onError }),
      createCasesRouter({ cases: () => knowledge.cases(), onError }),
      createOperatorPageRouter({ auth: auth.auth }),
      createSupervisionRouter({ store, calendar, routing, districts, cases: () => knowledge.cases(), requireRole: auth.requireRole, onError }),
      createSupervisionPageRouter({ auth: auth.auth }),
      ...(knowledge.editor ? [knowledge.editor] : []),
      ...(knowledge.store ? [createTriageRouter({ store: knowledge.store, routing, tickets: store, onError })] : []),
      createInboxRouter({
        records: chatStores.records,
        engine,
        tickets,
        kbStore: knowledge.store,
        ...(chatStores.dismissals ? { dismissals: chatStores.dismissals } : { dataDir: config.DATA_DIR }),
        requireRole: auth.requireRole,
        onError,
      }),
      createInsightsPagesRouter(),
      ...(options.chatPage === false ? [] : [createWebRouter()]),
      createEditorPageRouter(),
      ...(options.routers ?? []),
    ],
  });
  // The chat API, the hot public path, is answered before Express sees the request (chat-endpoint.ts).
  const chatEndpoint = createChatEndpoint({ conversation, rateLimit, maxBodyBytes: config.CHAT_MAX_MESSAGE_BYTES, log, metrics });
  server.on('request', (req, res) => {
    if (!chatEndpoint(req, res)) app(req, res);
  });

  let metricsServer: Awaited<ReturnType<typeof createMetricsServer>> | undefined;
  try {
    await new Promise<void>((ok, fail) => {
      server.once('error', fail);
      server.listen(config.PORT, config.HOST, () => ok());
    });
    if (config.METRICS_PORT !== undefined) {
      metricsServer = await createMetricsServer({ registry: metrics.registry, port: config.METRICS_PORT, host: config.METRICS_HOST, log });
      log.info('metrics served without credentials', { url: metricsServer.url });
    }
  } catch (err) {
    if (server.listening) server.close();
    semantic?.close();
    await webChat.close();
    await chatStores.close();
    await updates.close();
    await routingBackend?.close();
    stopScanning?.();
    await policies.close();
    await store.close();
    await knowledge.close();
    await auth.close();
    throw err;
  }
  const { port } = server.address() as AddressInfo;
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  routingBackend?.setQihuUrl(url);
  dispatcher.start();
  updates.start();
  liveOperators.start();

  return {
    server,
    app,
    url,
    engine,
    tickets,
    updates,
    routingBackend,
    conversation,
    state: chatStores.state,
    records: chatStores.records,
    rateLimit,
    webChat,
    metrics,
    ...(metricsServer ? { metricsUrl: metricsServer.url } : {}),
    ...(semantic ? { semantic } : {}),
    policies,
    async close() {
      closing = true;
      semantic?.close();
      await liveOperators.close();
      liveDelivery.stop();
      queuePlaces.stop();
      // Websockets first (they are not HTTP connections: server.close would wait for them).
      await webChat.close();
      await new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      });
      await metricsServer?.close();
      await dispatcher.stop();
      await updates.close();
      await routingBackend?.close();
      await chatStores.close();
      stopScanning?.();
      await policies.close();
      await store.close();
      await knowledge.close();
      await auth.close();
    },
  };
}
