/**
 * The route audit: walks an Express 5 app's router stack (app.router.stack; route layers hold
 * `route.path` and `route.stack`, mounted routers `handle.stack`, and every layer its mount path in
 * `rawPath` — router 2.x) and lists every route under PROTECTED_PREFIXES (/api/v1/hotline/*,
 * /api/v1/admin/*) with the role it needs, whether a guard visibly runs before its handlers, and a
 * concrete path to request. `probeRoutes` then requests each one without credentials (expects 401)
 * and with each wrong role (expects 403), so a route cannot be left open unnoticed.
 *
 * A guard is a handler marked by this module's middleware (markers.ts): the gate or requireRole.
 * Use-level guards apply to every later layer whose path they cover
 * (that is how Express runs them); guards inside a route count only before its first handler.
 * What the walk cannot see into (mounted sub-apps, RegExp paths) is reported as a problem when it
 * could reach a protected path: the audit fails closed.
 */
import type { Express, Router } from 'express';
import { markOf } from './markers';
import { PROTECTED_PREFIXES, requiredRoleForPath, roleSatisfies } from './protected-paths';
import { Role } from './tokens';

export interface AuditedRoute {
  /** GET, POST … ; ALL for app.all(); USE for middleware mounted under a protected prefix. */
  method: string;
  /** The full path pattern, as declared (mount paths joined). */
  path: string;
  /** A concrete path under a protected prefix that this route answers (parameters filled in). */
  samplePath: string;
  requiredRole: Role;
  /** Whether a suitable guard runs before the route's handlers (static check). */
  guarded: boolean;
  /** The guards found before it, e.g. ["gate(admin)", "requireRole(admin)"]. */
  guards: string[];
}

export interface RouteAudit {
  routes: AuditedRoute[];
  /** Unguarded routes, and parts of the app the walk could not see into. Empty when all is well. */
  problems: string[];
}

export class RouteAuditError extends Error {
  constructor(readonly problems: string[]) {
    super('route audit failed:\n' + problems.map((p) => `  - ${p}`).join('\n'));
    this.name = 'RouteAuditError';
  }
}

/** Parameter values used to build sample paths. */
export const SAMPLE_SEGMENT = 'audit-sample';

// The shapes of router 2.x internals this walk reads (not part of @types/express).
interface RouteLike {
  path: string | RegExp | (string | RegExp)[];
  stack: LayerLike[];
  methods: Record<string, boolean>;
}
interface LayerLike {
  handle: unknown;
  name?: string;
  method?: string;
  route?: RouteLike;
  rawPath?: unknown;
}

interface ActiveGuard {
  /** Full mount pattern of the use-layer. */
  at: string;
  roleFor: (fullPath: string) => Role | undefined;
  label: (fullPath: string) => string;
}

const segments = (p: string) => p.split('/').filter((s) => s.length > 0);
/** A whole segment that is one parameter (`:id`, `:"name"`). */
const isParam = (seg: string) => /^:(?:"[^"]*"|[\p{ID_Start}$_][\p{ID_Continue}$]*)$/u.test(seg);
const isWildcard = (seg: string) => seg.startsWith('*');
const hasSyntax = (p: string) => /[:*{}\\]/.test(p);

/** Fills every parameter and wildcard of an Express 5 path pattern; optional groups are kept. */
export function samplePathOf(pattern: string, value = SAMPLE_SEGMENT): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      out += pattern[++i] ?? '';
    } else if (c === '{' || c === '}') {
      continue;
    } else if (c === ':' || c === '*') {
      if (pattern[i + 1] === '"') {
        const end = pattern.indexOf('"', i + 2);
        i = end < 0 ? pattern.length : end;
      } else {
        while (i + 1 < pattern.length && /[\p{ID_Continue}$]/u.test(pattern[i + 1]!)) i++;
      }
      out += value;
    } else {
      out += c;
    }
  }
  return out || '/';
}

function joinPath(base: string, path: string): string {
  if (path === '/' || path === '') return base || '/';
  const b = base === '/' ? '' : base.replace(/\/+$/, '');
  return b + (path.startsWith('/') ? path : '/' + path);
}

/** Whether pattern `at` (a use-layer's full mount path) covers the concrete path. */
function covers(at: string, concrete: string): boolean {
  if (at === '/' || at === '') return true;
  if (!hasSyntax(at)) {
    const p = concrete.toLowerCase();
    const a = at.toLowerCase().replace(/\/+$/, '');
    return p === a || p.startsWith(a + '/');
  }
  const want = segments(at.replace(/[{}]/g, ''));
  const have = segments(concrete);
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    if (isWildcard(w)) return true;
    const h = have[i];
    if (h === undefined) return false;
    if (isParam(w)) continue;
    if (w.toLowerCase() !== h.toLowerCase()) return false;
  }
  return true;
}

/**
 * Concrete paths under protected prefixes that a route pattern can answer: its filled-in sample
 * when that is protected, and, when its parameters could take a protected prefix's segments (e.g.
 * /api/v1/:section/list), one sample per such prefix.
 */
function protectedSamples(pattern: string): string[] {
  const samples = new Set<string>();
  const plain = samplePathOf(pattern);
  if (requiredRoleForPath(plain)) samples.add(plain);
  if (!hasSyntax(pattern) || /[{}]/.test(pattern)) return [...samples];
  const segs = segments(pattern);
  for (const { prefix } of PROTECTED_PREFIXES) {
    const want = segments(prefix);
    const out: string[] = [];
    let ok = true;
    let i = 0;
    for (; i < want.length; i++) {
      const s = segs[i];
      if (s === undefined) {
        ok = false;
        break;
      }
      if (isWildcard(s)) {
        out.push(...want.slice(i), SAMPLE_SEGMENT);
        i = segs.length;
        break;
      }
      if (isParam(s)) out.push(want[i]!);
      else if (s.toLowerCase() === want[i]!.toLowerCase() && !hasSyntax(s)) out.push(s);
      else {
        ok = false;
        break;
      }
    }
    if (!ok) continue;
    for (; i < segs.length; i++) out.push(samplePathOf(segs[i]!));
    const concrete = '/' + out.join('/');
    if (requiredRoleForPath(concrete)) samples.add(concrete);
  }
  return [...samples];
}

/** Whether anything mounted at pattern `at` could answer a protected path. */
function mayReachProtected(at: string): boolean {
  return PROTECTED_PREFIXES.some(({ prefix }) => covers(at, prefix) || covers(prefix, samplePathOf(at)) || covers(at, prefix + '/' + SAMPLE_SEGMENT));
}

function pathsOf(raw: unknown): (string | RegExp)[] | undefined {
  if (typeof raw === 'string' || raw instanceof RegExp) return [raw];
  if (Array.isArray(raw)) return raw.flat(Infinity) as (string | RegExp)[];
  return undefined;
}

function guardLabel(kind: string, role: Role | undefined): string {
  return `${kind}(${role ?? 'none'})`;
}

function routeMethods(route: RouteLike): string[] {
  return Object.keys(route.methods)
    .filter((m) => route.methods[m])
    .map((m) => (m === '_all' ? 'ALL' : m.toUpperCase()));
}

/** Guards at the start of a route's stack for one method, before its first ordinary handler. */
function routeGuards(route: RouteLike, method: string): Role[] {
  const roles: Role[] = [];
  for (const layer of route.stack) {
    const m = layer.method;
    if (m !== undefined && method !== 'ALL' && m.toUpperCase() !== method) continue;
    if (typeof layer.handle === 'function' && layer.handle.length === 4) continue;
    const mk = markOf(layer.handle);
    if (!mk) break;
    if (mk.kind === 'role') roles.push(mk.role);
  }
  return roles;
}

/** Lists the routes under protected prefixes and what guards them; never throws. */
export function auditRoutes(app: Express | Router): RouteAudit {
  const routes: AuditedRoute[] = [];
  const problems: string[] = [];
  const guards: ActiveGuard[] = [];
  const root = (app as unknown as { router?: { stack?: LayerLike[] }; stack?: LayerLike[] }).router ?? app;
  const stack = (root as { stack?: LayerLike[] }).stack;
  if (!Array.isArray(stack)) return { routes, problems: ['not an Express 5 app or router: no router stack to walk'] };

  const record = (method: string, pattern: string, concrete: string, local: Role[]) => {
    const required = requiredRoleForPath(concrete)!;
    const found: string[] = [];
    let guarded = false;
    for (const g of guards) {
      if (!covers(g.at, concrete)) continue;
      const role = g.roleFor(concrete);
      found.push(g.label(concrete));
      if (role && (role === required || role === 'admin')) guarded = true;
    }
    for (const role of local) {
      found.push(guardLabel('requireRole', role));
      if (role === required || role === 'admin') guarded = true;
    }
    routes.push({ method, path: pattern, samplePath: concrete, requiredRole: required, guarded, guards: found });
    if (!guarded) {
      problems.push(
        `${method} ${pattern} needs role ${required} but ${found.length ? `is guarded only by ${found.join(', ')}` : 'has no guard before its handler'}`,
      );
    }
  };

  const walk = (layers: LayerLike[], base: string, depth: number) => {
    if (depth > 32) {
      problems.push(`router nesting deeper than 32 at ${base || '/'}`);
      return;
    }
    for (const layer of layers) {
      const handle = layer.handle;
      if (typeof handle === 'function' && handle.length === 4) continue; // error handler
      const paths = pathsOf(layer.route ? layer.route.path : layer.rawPath);
      if (!paths) {
        problems.push(`a layer under ${base || '/'} has no readable path (router internals changed?)`);
        continue;
      }
      for (const p of paths) {
        if (p instanceof RegExp) {
          if (mayReachProtected(base || '/')) problems.push(`RegExp path ${String(p)} under ${base || '/'} cannot be audited`);
          continue;
        }
        const full = joinPath(base, p);
        if (layer.route) {
          const route = layer.route;
          for (const method of routeMethods(route)) {
            for (const concrete of protectedSamples(full)) record(method, full, concrete, routeGuards(route, method));
          }
          continue;
        }
        const mk = markOf(handle);
        if (mk?.kind === 'role') {
          const role = mk.role;
          guards.push({ at: full, roleFor: () => role, label: () => guardLabel('requireRole', role) });
        } else if (mk?.kind === 'gate') {
          const roleFor = mk.roleFor;
          guards.push({ at: full, roleFor, label: (c) => guardLabel('gate', roleFor(c)) });
        } else if (mk) {
          continue; // authenticate, csrf
        } else if (typeof handle === 'function' && Array.isArray((handle as unknown as { stack?: unknown }).stack)) {
          walk((handle as unknown as { stack: LayerLike[] }).stack, full, depth + 1);
        } else if (layer.name === 'mounted_app' || (layer.handle as { name?: string } | undefined)?.name === 'mounted_app') {
          if (mayReachProtected(full)) problems.push(`a mounted sub-app at ${full} cannot be audited; mount a Router instead`);
        } else if (full !== '/' && !hasSyntax(full) ? requiredRoleForPath(full) : protectedSamples(full).length > 0) {
          // Plain middleware mounted under a protected prefix can answer requests like a route.
          const concrete = hasSyntax(full) ? protectedSamples(full)[0]! : joinPath(full, SAMPLE_SEGMENT);
          record('USE', full, concrete, []);
        }
      }
    }
  };

  walk(stack, '', 0);
  return { routes, problems };
}

/** The protected routes; throws RouteAuditError when one is unguarded or the walk is incomplete. */
export function assertRoutesProtected(app: Express | Router): AuditedRoute[] {
  const { routes, problems } = auditRoutes(app);
  if (problems.length > 0) throw new RouteAuditError(problems);
  return routes;
}

export interface ProbeResult {
  method: string;
  path: string;
  samplePath: string;
  /** "anonymous" or the role whose credentials were sent. */
  as: 'anonymous' | Role;
  expected: 401 | 403;
  status: number;
  ok: boolean;
}

/** Headers that authenticate as each role, e.g. { operator: { authorization: 'Bearer …' } }. */
export type ProbeCredentials = Partial<Record<Role, Record<string, string>>>;

/**
 * Requests every audited route over HTTP: without credentials (expects 401) and with each role that
 * must not pass (expects 403). A wrong role without credentials in `credentials` is reported as a
 * failed check (status 0), so a forgotten credential cannot pass silently.
 */
export async function probeRoutes(baseUrl: string, routes: readonly AuditedRoute[], credentials: ProbeCredentials): Promise<ProbeResult[]> {
  const results: ProbeResult[] = [];
  for (const route of routes) {
    const method = route.method === 'ALL' || route.method === 'USE' ? 'GET' : route.method;
    const hasBody = !['GET', 'HEAD', 'OPTIONS'].includes(method);
    const send = async (headers: Record<string, string>) => {
      const res = await fetch(baseUrl + route.samplePath, {
        method,
        redirect: 'manual',
        headers: { ...(hasBody ? { 'content-type': 'application/json' } : {}), ...headers },
        body: hasBody ? '{}' : undefined,
      });
      await res.arrayBuffer().catch(() => undefined);
      return res.status;
    };
    const base = { method: route.method, path: route.path, samplePath: route.samplePath };
    const anonymous = await send({});
    results.push({ ...base, as: 'anonymous', expected: 401, status: anonymous, ok: anonymous === 401 });
    for (const role of Role.options) {
      if (roleSatisfies(role, route.requiredRole)) continue;
      const headers = credentials[role];
      const status = headers ? await send(headers) : 0;
      results.push({ ...base, as: role, expected: 403, status, ok: status === 403 });
    }
  }
  return results;
}
