/**
 * Chat rate limits: sliding windows (one minute by default) counted per session and per client
 * address, shared through Redis when there is one (src/util/shared-rate-limiter.ts: counted locally,
 * added to Redis every few ms, so a message never waits for Redis) and in memory otherwise. Applied
 * to POST /api/v1/chat, POST /api/messages and every websocket message.
 *
 * A message is charged to its session and its address only when both are within their limits: a
 * session over its limit does not use up the allowance of the other users behind the same address
 * (an office's NAT), and a flood of fresh session ids from one address stops at the address's limit
 * without leaving a counter per id (memory stays bounded by the limits, not by the flood). IPv6
 * clients are counted per /64, the block one subscriber holds, so rotating addresses within it does
 * not escape the limit. Keys hash what they contain: addresses and session ids never appear in
 * Redis. A limiter that fails (Redis down) lets the request through: the limits protect the service,
 * they must not be the reason it is down.
 */
import { hash } from 'node:crypto';
import { isIP } from 'node:net';
import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import type { Logger } from '../log';
import { sendError } from './errors';
import { ALLOWED, createSharedRateLimiter, type RateCounter, type RateLimiter, type RateVerdict, type SharedRateLimiter } from '../util';

export { ALLOWED, DEFAULT_RATE_WINDOW_MS, type RateCounter, type RateLimiter, type RateVerdict } from '../util';

export const DEFAULT_RATE_LIMIT_PER_SESSION = 30;
export const DEFAULT_RATE_LIMIT_PER_IP = 120;

/** Counters in this process only (the embedded default): the shared limiter without a store. */
export function createMemoryRateLimiter(opts: { windowMs?: number; now?: () => number; maxKeys?: number } = {}): SharedRateLimiter {
  return createSharedRateLimiter(opts);
}

// ---------------------------------------------------------------- the chat policy

export interface ChatLimits {
  /** Messages per window and session; 0: no limit. */
  perSession: number;
  /** Messages per window and client IP; 0: no limit. */
  perIp: number;
}

export interface ChatRateVerdict extends RateVerdict {
  /** Which limit refused the message. */
  scope?: 'session' | 'ip';
}

/** The chat's limits over a RateLimiter: what every chat channel asks before handling a message. */
export interface ChatRateLimit {
  readonly limits: ChatLimits;
  readonly windowMs: number;
  check(who: { ip?: string; sessionId?: string }): Promise<ChatRateVerdict>;
}

/**
 * What one client holds: an IPv4 address (IPv4-mapped IPv6 included) as is, an IPv6 address's /64.
 * Anything unparsable is its own key.
 */
export function addressBlock(ip: string): string {
  const v4 = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
  if (isIP(v4) === 4) return v4;
  if (isIP(ip) !== 6) return ip;
  const zoneless = ip.split('%')[0]!.toLowerCase();
  const [head = '', tail = ''] = zoneless.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = zoneless.includes('::') ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

// crypto.hash: one call, no Hash object (a quarter of createHash's time; this runs on every message).
const hashed = (kind: string, value: string) => `${kind}:${hash('sha256', value, 'base64url').slice(0, 22)}`;

export function createChatRateLimit(deps: {
  limiter: RateLimiter;
  limits: ChatLimits;
  log?: Logger;
  /** Told of each message refused, with the limit that refused it (metrics). */
  onLimited?: (scope: 'session' | 'ip') => void;
}): ChatRateLimit {
  const { limiter, limits } = deps;
  let failing = false;
  return {
    limits,
    windowMs: limiter.windowMs,
    async check({ ip, sessionId }) {
      const counters: RateCounter[] = [];
      const scopes: ('session' | 'ip')[] = [];
      if (sessionId && limits.perSession > 0) {
        counters.push({ key: hashed('s', sessionId), limit: limits.perSession });
        scopes.push('session');
      }
      if (ip && limits.perIp > 0) {
        counters.push({ key: hashed('ip', addressBlock(ip)), limit: limits.perIp });
        scopes.push('ip');
      }
      if (counters.length === 0) return ALLOWED;
      try {
        const verdict = await limiter.hit(counters);
        if (failing) deps.log?.info('chat rate limiter works again');
        failing = false;
        if (!verdict.limited) return verdict;
        const scope = scopes[verdict.counter ?? 0];
        if (scope) deps.onLimited?.(scope);
        return { ...verdict, scope };
      } catch (err) {
        // Fail open, and say so once per outage rather than once per message.
        if (!failing) deps.log?.warn('chat rate limiter unavailable: messages are not limited', { err });
        failing = true;
        return ALLOWED;
      }
    },
  };
}

/** Retry-After in whole seconds (at least 1). */
export const retryAfterSeconds = (ms: number): number => Math.max(1, Math.ceil(ms / 1000));

/**
 * Express middleware: 429 QH_ERR_RATE_LIMITED with Retry-After when the request's IP or session is
 * over its limit. `sessionOf` reads the session id from the (already parsed) body; it is only used
 * as a counter key, so anything string-like will do (validation comes after).
 */
export function createRateLimitMiddleware(deps: {
  rateLimit: ChatRateLimit;
  sessionOf: (body: unknown) => string | undefined;
}): RequestHandler {
  return (req, res, next) => {
    deps.rateLimit.check({ ip: req.ip ?? req.socket.remoteAddress, sessionId: deps.sessionOf(req.body) }).then((verdict) => {
      if (!verdict.limited) return next();
      res.setHeader('Retry-After', String(retryAfterSeconds(verdict.retryAfterMs)));
      sendError(res, 'QH_ERR_RATE_LIMITED');
    }, next);
  };
}

/** A body's `sessionId` or `user` when it is a short string (the counter key), else undefined. */
export function sessionKeyOf(body: unknown, field: 'sessionId' | 'user'): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const value = (body as Record<string, unknown>)[field];
  return typeof value === 'string' && value.length > 0 && value.length <= 100 ? value : undefined;
}

// ---------------------------------------------------------------- client address outside Express

function isLoopback(address: string): boolean {
  const a = address.startsWith('::ffff:') ? address.slice(7) : address;
  return a === '::1' || (isIP(a) === 4 && a.startsWith('127.'));
}

/**
 * The client IP of a request Express does not see (websocket upgrades), with the app's
 * `trust proxy: 'loopback'`: X-Forwarded-For is believed only when the connection comes from a
 * loopback proxy, and read from the right, skipping loopback hops.
 */
export function clientIpOf(req: IncomingMessage): string | undefined {
  const remote = req.socket.remoteAddress;
  if (!remote || !isLoopback(remote)) return remote;
  const header = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!;
    if (!isIP(hop)) return remote;
    if (!isLoopback(hop)) return hop;
  }
  return remote;
}
