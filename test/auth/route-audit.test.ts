/**
 * The route audit: it lists every /api/v1/hotline/* and /api/v1/admin/* route of an Express 5 app,
 * and a probe requests each one without credentials (401) and with every wrong role (403). A sample
 * app with deliberately unguarded routes proves that the audit catches them.
 */
import express, { Router } from 'express';
import { createAuth, type Auth } from '../../src/auth/middleware';
import { createMemoryLimiter } from '../../src/auth/rate-limit';
import { auditRoutes, assertRoutesProtected, probeRoutes, RouteAuditError, samplePathOf, type ProbeCredentials } from '../../src/auth/route-audit';
import { createAuthRouter } from '../../src/auth/router';
import { createLoginPageRouter } from '../../src/web/login/router';
import { createMemorySessionStore } from '../../src/auth/sessions';
import { createUserDirectory } from '../../src/auth/users';
import { createApp } from '../../src/http/app';
import { createHealthRouter } from '../../src/http/health-router';
import { createDeadLetterRouter } from '../../src/http/tickets-router';
import { silentLogger } from '../../src/log';
import { listen, sampleRouters, testTokens, testUsers, TOKENS } from './support';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const CREDENTIALS: ProbeCredentials = {
  operator: bearer(TOKENS.operator),
  editor: bearer(TOKENS.editor),
  supervisor: bearer(TOKENS.supervisor),
  admin: bearer(TOKENS.admin),
};

let auth: Auth;
beforeAll(() => {
  auth = createAuth({
    users: createUserDirectory(testUsers()),
    tokens: testTokens(),
    sessions: createMemorySessionStore(),
    loginLimiter: createMemoryLimiter(),
    log: silentLogger,
  });
});

/** Routers guarded route by route: one forgets, one uses the wrong role, one hides behind a parameter. */
function routeByRouteRouters(): Router[] {
  const hotline = Router();
  hotline.get('/api/v1/hotline/queue', auth.requireRole('operator'), (_req, res) => res.json([]));
  hotline.post('/api/v1/hotline/calls/:id/transfer', (_req, res) => res.json({ transferred: true })); // forgotten
  const admin = Router();
  admin.use(auth.requireRole('admin'));
  admin.get('/users', (_req, res) => res.json([]));
  admin.delete('/users/:name', (_req, res) => res.status(204).end());
  const kb = Router();
  kb.put('/api/v1/admin/kb/entries/:id', auth.requireRole('operator'), (_req, res) => res.json({})); // wrong role
  kb.get('/api/v1/admin/kb/entries', auth.requireRole('editor'), (_req, res) => res.json([]));
  const sneaky = Router();
  sneaky.get('/api/v1/:area/export', (_req, res) => res.json({ exported: true })); // reaches /api/v1/admin/export
  sneaky.use('/api/v1/hotline/files', (_req, res) => {
    res.send('a file'); // middleware that answers like a route
  });
  const open = Router();
  open.get('/api/v1/tickets/:id', (_req, res) => res.json({})); // public, not audited
  const root = Router();
  root.use('/api/v1/admin', admin);
  // Last: its router-level guard also runs for every /api/v1/admin/* request that reaches it, so
  // routes declared after it would be covered (the audit models that: Express runs it for them).
  return [hotline, kb, sneaky, open, root];
}

describe('samplePathOf', () => {
  it.each([
    ['/api/v1/admin/dead-letters/:id/replay', '/api/v1/admin/dead-letters/audit-sample/replay'],
    ['/api/v1/hotline/files{/:name}', '/api/v1/hotline/files/audit-sample'],
    ['/api/v1/hotline/*rest', '/api/v1/hotline/audit-sample'],
    ['/api/v1/admin/:"quoted name"/x', '/api/v1/admin/audit-sample/x'],
    ['/api/v1/admin/price\\:usd', '/api/v1/admin/price:usd'],
  ])('%s → %s', (pattern, sample) => expect(samplePathOf(pattern)).toBe(sample));
});

describe('the audit on an app guarded route by route', () => {
  const app = express();
  beforeAll(() => {
    for (const r of routeByRouteRouters()) app.use(r);
  });

  it('lists every protected route with the role it needs, and flags the unguarded ones', () => {
    const { routes, problems } = auditRoutes(app);
    const summary = routes.map((r) => `${r.method} ${r.samplePath} ${r.requiredRole} ${r.guarded ? 'guarded' : 'OPEN'}`);
    expect(summary).toEqual([
      'GET /api/v1/hotline/queue operator guarded',
      'POST /api/v1/hotline/calls/audit-sample/transfer operator OPEN',
      'PUT /api/v1/admin/kb/entries/audit-sample editor OPEN',
      'GET /api/v1/admin/kb/entries editor guarded',
      'GET /api/v1/admin/export admin OPEN',
      'GET /api/v1/hotline/export operator OPEN',
      'GET /api/v1/supervision/export supervisor OPEN',
      'USE /api/v1/hotline/files/audit-sample operator OPEN',
      'GET /api/v1/admin/users admin guarded',
      'DELETE /api/v1/admin/users/audit-sample admin guarded',
    ]);
    expect(problems).toHaveLength(6);
    expect(problems.join('\n')).toMatch(/POST \/api\/v1\/hotline\/calls\/:id\/transfer needs role operator but has no guard/);
    expect(problems.join('\n')).toMatch(/PUT \/api\/v1\/admin\/kb\/entries\/:id needs role editor but is guarded only by requireRole\(operator\)/);
    expect(() => assertRoutesProtected(app)).toThrow(RouteAuditError);
  });

  it('and the probe finds the same holes over HTTP', async () => {
    const server = await listen(app);
    try {
      const { routes } = auditRoutes(app);
      const results = await probeRoutes(server.url, routes, CREDENTIALS);
      const failed = results.filter((r) => !r.ok).map((r) => `${r.method} ${r.samplePath} as ${r.as}: ${r.status}`);
      expect(failed).toEqual([
        'POST /api/v1/hotline/calls/audit-sample/transfer as anonymous: 200',
        'POST /api/v1/hotline/calls/audit-sample/transfer as editor: 200',
        'POST /api/v1/hotline/calls/audit-sample/transfer as supervisor: 200',
        // Guarded (401 without credentials) but for the wrong role: operators get in.
        'PUT /api/v1/admin/kb/entries/audit-sample as operator: 200',
        'GET /api/v1/admin/export as anonymous: 200',
        'GET /api/v1/admin/export as operator: 200',
        'GET /api/v1/admin/export as editor: 200',
        'GET /api/v1/admin/export as supervisor: 200',
        'GET /api/v1/hotline/export as anonymous: 200',
        'GET /api/v1/hotline/export as editor: 200',
        'GET /api/v1/hotline/export as supervisor: 200',
        // The new prefix is reached through the parameter too.
        'GET /api/v1/supervision/export as anonymous: 200',
        'GET /api/v1/supervision/export as operator: 200',
        'GET /api/v1/supervision/export as editor: 200',
        'USE /api/v1/hotline/files/audit-sample as anonymous: 200',
        'USE /api/v1/hotline/files/audit-sample as editor: 200',
        'USE /api/v1/hotline/files/audit-sample as supervisor: 200',
      ]);
    } finally {
      await server.close();
    }
  });
});

describe('the gate', () => {
  it('guards the same routers by construction, whatever they forgot', async () => {
    const app = createApp({ log: silentLogger, routers: [auth.gate, createAuthRouter({ auth }), createLoginPageRouter(), ...routeByRouteRouters()] });
    // The wrong-role route (operator on /admin/kb) is still flagged: the gate lets editors through,
    // then the route's own guard refuses them. Everything else is guarded.
    const { routes, problems } = auditRoutes(app);
    expect(routes.filter((r) => !r.guarded)).toEqual([]);
    expect(problems).toEqual([]);
    expect(routes.find((r) => r.method === 'PUT')!.guards).toEqual(['gate(editor)', 'requireRole(operator)']);

    const server = await listen(app);
    try {
      const results = await probeRoutes(server.url, assertRoutesProtected(app), CREDENTIALS);
      expect(results.filter((r) => !r.ok)).toEqual([]);
      expect(results.length).toBeGreaterThanOrEqual(routes.length * 2);
    } finally {
      await server.close();
    }
  });

  it('does not guard routes declared before it (order matters, and the audit sees it)', () => {
    const early = Router();
    early.get('/api/v1/hotline/early', (_req, res) => res.json({}));
    const app = createApp({ log: silentLogger, routers: [early, auth.gate, ...sampleRouters()] });
    expect(() => assertRoutesProtected(app)).toThrow(/GET \/api\/v1\/hotline\/early needs role operator but has no guard/);
  });

  it('leaves public routes alone', async () => {
    const app = createApp({ log: silentLogger, routers: [auth.gate, createAuthRouter({ auth }), createLoginPageRouter(), ...routeByRouteRouters()] });
    const server = await listen(app);
    try {
      expect((await fetch(server.url + '/api/v1/tickets/T1')).status).toBe(200);
      expect((await fetch(server.url + '/login')).status).toBe(200);
      expect((await fetch(server.url + '/api/v1/auth/me')).status).toBe(401);
    } finally {
      await server.close();
    }
  });
});

describe('what the audit cannot see into', () => {
  it('fails closed on mounted sub-apps and RegExp paths that could reach protected paths', () => {
    const sub = express();
    sub.get('/x', (_req, res) => res.json({}));
    const app = express();
    app.use(auth.gate);
    app.use('/api/v1', sub);
    app.get(/^\/api\/v1\/admin\/re.*$/, (_req, res) => res.json({}));
    const { problems } = auditRoutes(app);
    expect(problems).toEqual([
      'a mounted sub-app at /api/v1 cannot be audited; mount a Router instead',
      'RegExp path /^\\/api\\/v1\\/admin\\/re.*$/ under / cannot be audited',
    ]);
  });

  it('ignores sub-apps and RegExp paths that cannot reach protected paths', () => {
    const sub = express();
    const app = express();
    app.use('/public', sub);
    const pub = Router();
    pub.get(/^\/re.*$/, (_req, res) => res.json({}));
    app.use('/public', pub);
    expect(auditRoutes(app).problems).toEqual([]);
  });
});

describe('the real routers', () => {
  it('the dead-letter routes pass the audit and the probe', async () => {
    const store = { listDeadLetters: async () => [], replayDeadLetter: async () => undefined };
    for (const requireRole of [auth.requireRole]) {
      const app = createApp({
        log: silentLogger,
        routers: [
          auth.gate,
          createAuthRouter({ auth }),
          createLoginPageRouter(),
          createHealthRouter({ mode: 'embedded', knowledgeBase: () => ({ name: 't', entries: 0, sample: true }) }),
          createDeadLetterRouter({ store, requireRole }),
        ],
      });
      const routes = assertRoutesProtected(app);
      expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual([
        'GET /api/v1/admin/dead-letters',
        'POST /api/v1/admin/dead-letters/:id/replay',
      ]);
      const server = await listen(app);
      try {
        const results = await probeRoutes(server.url, routes, CREDENTIALS);
        expect(results.filter((r) => !r.ok)).toEqual([]);
        expect(results).toHaveLength(8); // 2 routes × (anonymous, operator, editor, supervisor)
        const ok = await fetch(server.url + '/api/v1/admin/dead-letters', { headers: bearer(TOKENS.admin) });
        expect(ok.status).toBe(200);
      } finally {
        await server.close();
      }
    }
  });

  it('the probe reports a missing wrong-role credential instead of passing silently', async () => {
    const app = createApp({ log: silentLogger, routers: [auth.gate, ...sampleRouters()] });
    const server = await listen(app);
    try {
      const results = await probeRoutes(server.url, assertRoutesProtected(app), { operator: bearer(TOKENS.operator), supervisor: bearer(TOKENS.supervisor) });
      expect(results.filter((r) => !r.ok).every((r) => r.status === 0 && r.as === 'editor')).toBe(true);
      expect(results.some((r) => !r.ok)).toBe(true);
    } finally {
      await server.close();
    }
  });
});
