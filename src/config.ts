/**
 * Configuration from environment variables, parsed once with zod and frozen.
 * A bad value stops start-up with a message naming the variable.
 */
import { z } from 'zod';
import { zodIssues } from './util';
import { AuthConfigShape } from './auth/config';
import { parseHours } from './conversation/live/hours';
import { parseNodeList } from './storage/redis/connect';

const OptionalUrl = z.preprocess((v) => (v === '' ? undefined : v), z.url().optional());
const OptionalString = z.preprocess((v) => (v === '' ? undefined : v), z.string().optional());
/** host:port,host:port (checked by parseNodeList). */
const NodeList = OptionalString.superRefine((v, ctx) => {
  if (v === undefined) return;
  try {
    parseNodeList(v);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: `expected host:port,host:port: ${(err as Error).message}` });
  }
});

/** The development default of ROUTING_SECRET: public, so never accepted in production. */
export const DEVELOPMENT_ROUTING_SECRET = 'qihu-dev-secret-change-me';

/** Bits a production ROUTING_SECRET must carry at least (estimated as below). */
export const MIN_SECRET_BITS = 128;

/**
 * A conservative estimate of a secret's entropy: its length times log2 of the alphabet its
 * character classes span (lower, upper, digits, other), counted only if it repeats itself little
 * (at least 10 distinct characters). 32 random hex digits carry 165 bits by this count.
 */
export function secretBits(secret: string): number {
  const chars = Array.from(secret);
  if (new Set(chars).size < 10) return 0;
  let alphabet = 0;
  if (/[a-z]/.test(secret)) alphabet += 26;
  if (/[A-Z]/.test(secret)) alphabet += 26;
  if (/[0-9]/.test(secret)) alphabet += 10;
  if (/[^a-zA-Z0-9]/.test(secret)) alphabet += 33;
  return chars.length * Math.log2(alphabet);
}

export const ConfigSchema = z.object({
  /** "production" makes qihu refuse to start with development secrets or accounts. */
  NODE_ENV: OptionalString,
  /** HTTP port. Default 3000. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Host to bind. Default 127.0.0.1 in the embedded default; set 0.0.0.0 behind a proxy. */
  HOST: z.string().default('127.0.0.1'),
  /** Where the embedded default keeps its files (journal, versions, records). Default ./data. */
  DATA_DIR: z.string().min(1).default('./data'),
  /** Knowledge base directory to load. Default ./knowledge-base (the sample). */
  KB_DIR: z.string().min(1).default('./knowledge-base'),
  /** Redis for shared state; unset (and no REDIS_SENTINELS / REDIS_CLUSTER_NODES) means the embedded single-instance default. */
  REDIS_URL: z.preprocess((v) => (v === '' ? undefined : v), z.url({ protocol: /^rediss?$/ }).optional()),
  /** Or Redis behind Sentinel: the sentinels as host:port,host:port (src/storage/redis/connect.ts). */
  REDIS_SENTINELS: NodeList,
  /** The master's name in the sentinels' configuration. Default mymaster. */
  REDIS_SENTINEL_NAME: z.string().min(1).default('mymaster'),
  /** Or Redis Cluster: some of its nodes as host:port,host:port. */
  REDIS_CLUSTER_NODES: NodeList,
  /** Credentials of the Redis servers with REDIS_SENTINELS or REDIS_CLUSTER_NODES (with REDIS_URL they are in the URL). */
  REDIS_USERNAME: OptionalString,
  REDIS_PASSWORD: OptionalString,
  /** The sentinels' own password (requirepass in sentinel.conf), when they have one. */
  REDIS_SENTINEL_PASSWORD: OptionalString,
  /**
   * Replicas that must hold a new ticket before it is acknowledged (WAIT), so a failover cannot lose
   * it. Default: 1 with REDIS_SENTINELS, 0 otherwise.
   */
  REDIS_WAIT_REPLICAS: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(0).max(16).optional()),
  /** How long a ticket waits for those replicas at most (then it is acknowledged, and a warning logged). */
  REDIS_WAIT_TIMEOUT_MS: z.coerce.number().int().min(10).max(60_000).default(1000),
  /** OpenAI-compatible endpoint for the optional semantic layer (embeddings); unset means none. */
  OPENAI_BASE_URL: OptionalUrl,
  OPENAI_API_KEY: OptionalString,
  OPENAI_EMBEDDING_MODEL: z.string().min(1).default('text-embedding-3-small'),
  /** How long a question's embedding may take before the engine's own decision stands. */
  OPENAI_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(2000),
  /** Cosine similarity for a semantic answer, and for a semantic clarify (calibrate per model). */
  SEMANTIC_ANSWER_SIMILARITY: z.coerce.number().min(0).max(1).default(0.8),
  SEMANTIC_CLARIFY_SIMILARITY: z.coerce.number().min(0).max(1).default(0.65),
  /** Routing backend that receives tickets; unset starts the reference backend in-process. */
  ROUTING_BACKEND_URL: OptionalUrl,
  /** Shared secret for HMAC signatures between qihu and the routing backend. */
  ROUTING_SECRET: z.string().min(16, 'ROUTING_SECRET must be at least 16 characters').default(DEVELOPMENT_ROUTING_SECRET),
  /** An SMS / WeChat gateway that receives ticket status changes (and policy notices), signed with NOTIFY_SECRET; unset: none sent. */
  NOTIFY_URL: OptionalUrl,
  /** HMAC secret of the NOTIFY_URL requests (at least 16 characters; required with NOTIFY_URL). */
  NOTIFY_SECRET: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(16, 'NOTIFY_SECRET must be at least 16 characters').optional()),
  /** Where the ticket tables live: routing.json, holidays.json, districts.json. Default ./knowledge-base. */
  TICKETS_DIR: z.string().min(1).default('./knowledge-base'),
  /** API tokens: name:role:scrypt-hash, comma-separated (npm run auth -- hash <token>). */
  AUTH_TOKENS: OptionalString,
  /** Chat messages per minute and session (JSON API, webhook and websocket together); 0: no limit. Default 30. */
  RATE_LIMIT_PER_SESSION: z.coerce.number().int().min(0).max(1_000_000_000).default(30),
  /** Chat messages per minute and client IP; 0: no limit. Default 120. */
  RATE_LIMIT_PER_IP: z.coerce.number().int().min(0).max(1_000_000_000).default(120),
  /** Largest chat message: websocket payload or chat request body, in bytes. Default 16384. */
  CHAT_MAX_MESSAGE_BYTES: z.coerce.number().int().min(1024).max(256 * 1024).default(16 * 1024),
  /** Conversation state in Redis expires this many days after the session's last turn. Default 7. */
  STATE_TTL_DAYS: z.coerce.number().positive().max(365).default(7),
  /** Questions whose analysis the engine keeps for when they are asked again; 0: none. */
  ANSWER_CACHE_SIZE: z.coerce.number().int().min(0).max(1_000_000).default(10_000),
  /** How long a chat turn may wait for Redis before the user gets an apology. */
  CHAT_TURN_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  /** Bearer token that may read GET /metrics on the main port (besides administrators); unset: administrators only. */
  METRICS_TOKEN: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(16, 'METRICS_TOKEN must be at least 16 characters').optional()),
  /** A port serving GET /metrics without credentials (bind it to a private address); unset: none. */
  METRICS_PORT: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(0).max(65535).optional()),
  /** Where METRICS_PORT listens. Default 127.0.0.1. */
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  /**
   * When people answer 转人工 live, Beijing time on working days of the ticket calendar: HH:MM-HH:MM,
   * comma-separated; empty: never (every hand-off is a ticket). Default 09:00-12:00,13:30-17:30.
   */
  LIVE_AGENT_HOURS: z
    .string()
    .default('09:00-12:00,13:30-17:30')
    .superRefine((v, ctx) => {
      try {
        parseHours(v);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: `expected HH:MM-HH:MM,HH:MM-HH:MM: ${(err as Error).message}` });
      }
    }),
  /** Which days LIVE_AGENT_HOURS apply: working (the ticket calendar's working days) or all (a 7×24 centre). */
  LIVE_AGENT_DAYS: z.enum(['working', 'all']).default('working'),
  /** How long a conversation waits for an operator before it becomes a ticket. Default 180. */
  LIVE_AGENT_WAIT_SECONDS: z.coerce.number().int().min(10).max(3600).default(180),
  /** The hotline number said when no person can answer now. Default 12345. */
  HOTLINE_NUMBER: z.string().trim().min(3).max(30).default('12345'),
  /** debug | info | warn | error | silent */
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  ...AuthConfigShape,
});

export type Config = Readonly<z.infer<typeof ConfigSchema>>;

export class ConfigError extends Error {
  constructor(readonly issues: { variable: string; message: string }[]) {
    super('invalid configuration:\n' + issues.map((i) => `  ${i.variable}: ${i.message}`).join('\n'));
    this.name = 'ConfigError';
  }
}

/**
 * In production the development defaults are refused: the public ROUTING_SECRET (or any secret
 * too guessable to sign callbacks with), and running without console users (development accounts
 * are never created there, so nobody could sign in to the consoles).
 */
/** Why a shared secret cannot serve in production, or undefined when it can. */
export function productionSecretProblem(secret: string): string | undefined {
  if (secret === DEVELOPMENT_ROUTING_SECRET) return 'must be set in production: the development default is public';
  const bits = secretBits(secret);
  if (bits < MIN_SECRET_BITS) return `too guessable for production (about ${Math.floor(bits)} bits; at least ${MIN_SECRET_BITS}, e.g. openssl rand -hex 32)`;
  return undefined;
}

const ProductionConfig = ConfigSchema.superRefine((c, ctx) => {
  const redis = (['REDIS_URL', 'REDIS_SENTINELS', 'REDIS_CLUSTER_NODES'] as const).filter((k) => c[k] !== undefined);
  if (redis.length > 1) ctx.addIssue({ code: 'custom', path: [redis[1]!], message: `set only one of ${redis.join(', ')}` });
  if (c.NOTIFY_URL && !c.NOTIFY_SECRET) ctx.addIssue({ code: 'custom', path: ['NOTIFY_SECRET'], message: 'required with NOTIFY_URL: the gateway checks the signature' });
  if (c.NODE_ENV !== 'production') return;
  const secretProblem = productionSecretProblem(c.ROUTING_SECRET);
  if (secretProblem) ctx.addIssue({ code: 'custom', path: ['ROUTING_SECRET'], message: secretProblem });
  const metricsTokenBits = c.METRICS_TOKEN === undefined ? Infinity : secretBits(c.METRICS_TOKEN);
  if (metricsTokenBits < MIN_SECRET_BITS) {
    ctx.addIssue({
      code: 'custom',
      path: ['METRICS_TOKEN'],
      message: `too guessable for production (about ${Math.floor(metricsTokenBits)} bits; at least ${MIN_SECRET_BITS}, e.g. openssl rand -hex 32)`,
    });
  }
  if (!c.AUTH_USERS && !c.AUTH_USERS_FILE) {
    ctx.addIssue({ code: 'custom', path: ['AUTH_USERS'], message: 'production needs console users: AUTH_USERS or AUTH_USERS_FILE (npm run auth -- add-user)' });
  }
});

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ProductionConfig.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      zodIssues(parsed.error).map((issue) => ({ variable: issue.path.split('.')[0] || '?', message: issue.message })),
    );
  }
  return Object.freeze(parsed.data);
}
