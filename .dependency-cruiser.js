/**
 * The layer rules of docs/architecture.md, checked by `npm run lint` (depcruise src).
 *
 * Every import between two of qihu's own modules must be allowed below: a module may import its own
 * folder, the folders its layer lists in MAY_IMPORT, and any package or Node built-in. Anything
 * else is reported as `not-in-allowed` (an error). The diagram and table in docs/architecture.md
 * are MAY_IMPORT; change both together (test/architecture/layers.test.ts compares them).
 */

/** Where each layer lives (paths relative to the repository root). */
const LAYERS = {
  // Foundation: small mechanisms with no knowledge of the product.
  util: { path: '^src/util/' },
  privacy: { path: '^src/privacy/' },
  log: { path: '^src/log\\.ts$' },
  zh: { path: '^src/zh/' },
  identifiers: { path: '^src/identifiers/' },
  // Domains: the product's models and rules.
  policies: { path: '^src/policies/' },
  classifier: { path: '^src/classifier/' },
  kb: { path: '^src/kb/' },
  engine: { path: '^src/engine/' },
  tickets: { path: '^src/tickets/' },
  llm: { path: '^src/llm/' },
  cases: { path: '^src/cases/' },
  // Features built on the domains.
  conversation: { path: '^src/conversation/' },
  hotline: { path: '^src/hotline/' },
  inbox: { path: '^src/inbox/' },
  // Notifications to people outside the chat (SMS / WeChat gateway): the outbox and its dispatcher.
  notifications: { path: '^src/notifications/' },
  // Shared HTTP helpers for every channel: the error catalogue, body errors, chat rate limits.
  'http-kit': { path: '^src/http-kit/' },
  // The Prometheus registry: counts what the features report.
  metrics: { path: '^src/metrics\\.ts$' },
  // Adapters: storage implements the domains' interfaces; knowledge serves the store's published revision.
  storage: { path: '^src/storage/' },
  knowledge: { path: '^src/knowledge/' },
  // Edges: HTTP routes, authentication, pages, the reference routing backend.
  auth: { path: '^src/auth/' },
  web: { path: '^src/web/' },
  http: { path: '^src/http/' },
  'routing-backend': { path: '^src/routing-backend/', pathNot: '^src/routing-backend/main\\.ts$' },
  // The composition roots: configuration, start-up and the command-line tools wire everything.
  root: { path: '^src/(server|main|config|ticket-updates|open-stores)\\.ts$|^src/cli/|^src/routing-backend/main\\.ts$' },
};

const FOUNDATION = ['util', 'privacy', 'log', 'zh', 'identifiers'];

/** Which other layers each layer may import (its own folder always). */
const MAY_IMPORT = {
  util: ['log'],
  privacy: [],
  log: ['privacy'],
  zh: [],
  identifiers: [],
  policies: [...FOUNDATION],
  classifier: [...FOUNDATION],
  kb: ['policies', ...FOUNDATION],
  engine: ['kb', ...FOUNDATION],
  tickets: ['kb', 'classifier', ...FOUNDATION],
  llm: ['engine', 'kb', ...FOUNDATION],
  cases: ['engine', 'kb', ...FOUNDATION],
  conversation: ['engine', 'kb', 'tickets', 'llm', 'http-kit', 'policies', ...FOUNDATION],
  hotline: ['engine', 'kb', 'tickets', 'llm', ...FOUNDATION],
  inbox: ['conversation', 'engine', 'kb', 'tickets', ...FOUNDATION],
  notifications: ['tickets', ...FOUNDATION],
  'http-kit': [...FOUNDATION],
  metrics: ['conversation', 'tickets', ...FOUNDATION],
  storage: ['kb', 'policies', 'tickets', 'llm', 'conversation', 'hotline', 'inbox', 'notifications', ...FOUNDATION],
  knowledge: ['kb', 'policies', 'engine', 'tickets', 'classifier', 'storage', 'cases', ...FOUNDATION],
  auth: ['http-kit', 'storage', ...FOUNDATION],
  // The pages' scripts (src/web/**/client, src/web/shared) import the domains' models, types only.
  web: ['auth', 'http-kit', 'conversation', 'engine', 'kb', 'policies', 'tickets', 'classifier', 'inbox', 'cases', ...FOUNDATION],
  http: ['auth', 'http-kit', 'metrics', 'policies', 'classifier', 'kb', 'engine', 'tickets', 'llm', 'cases', 'conversation', 'hotline', 'inbox', 'notifications', ...FOUNDATION],
  'routing-backend': ['tickets', ...FOUNDATION],
  root: Object.keys(LAYERS).filter((l) => l !== 'root'),
};

/**
 * Temporary exceptions, each breaking the rule named in its comment. They are allowed (so CI
 * passes) and reported as warnings on every run (so they stay visible). Delete each one with the
 * import it covers.
 */
const TEMPORARY = [];

const pathOf = (layer) => LAYERS[layer].path;
const anyOf = (layers) => layers.map((l) => `(?:${pathOf(l)})`).join('|');

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycles, at any level.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'Every import resolves to a file or an installed package.',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-non-package-json',
      severity: 'error',
      comment: 'Every package imported from src is declared in package.json.',
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'not-to-dev-dep',
      severity: 'error',
      comment: 'src runs in production: it imports dependencies, not devDependencies (type-only imports of @types/* excepted).',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'], pathNot: 'node_modules/@types/' },
    },
    {
      name: 'browser-imports-types-only',
      severity: 'error',
      comment: "The pages' scripts run in the browser: from the server's modules they import types only (esbuild drops them).",
      from: { path: ['^src/web/shared/', '^src/web/[^/]+/client/', '^src/web/public/chat/client/'] },
      to: { path: '^src/', pathNot: '^src/web/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-deep-imports',
      severity: 'error',
      comment:
        "An import into another folder goes through that folder's index.ts (or a subfolder's: kb/store, kb/import, " +
        "storage/redis …), its public surface, or imports that folder's model (schema.ts, types.ts; policies' " +
        "eligibility.ts) directly: models " +
        "import only zod and other models, so the pages' scripts type-check them without Node; an index also " +
        'exports Node code. The composition roots may reach any module. Not yet held to it: ' +
        'src/conversation and src/web, being rewritten on other branches, and the re-exports kept for src/conversation.',
      from: {
        path: '^src/([^/]+)/',
        pathNot: [pathOf('root'), '^src/(conversation|web)/', '^src/http/(errors|body-errors|rate-limit)\\.ts$'],
      },
      to: { path: '^src/', pathNot: ['^src/$1/', '/index\\.ts$', '/(schema|types)\\.ts$', '^src/policies/eligibility\\.ts$', '^src/[^/]+\\.ts$'] },
    },
    ...TEMPORARY.map((t) => ({ ...t, severity: 'warn', comment: 'temporary exception: see TEMPORARY in .dependency-cruiser.js' })),
  ],
  allowed: [
    // Packages and Node built-ins.
    { from: {}, to: { pathNot: '^src/' } },
    ...Object.keys(LAYERS).map((layer) => ({
      from: { path: LAYERS[layer].path, ...(LAYERS[layer].pathNot ? { pathNot: LAYERS[layer].pathNot } : {}) },
      to: { path: anyOf([layer, ...MAY_IMPORT[layer]]) },
    })),
    ...TEMPORARY.map(({ from, to }) => ({ from, to })),
  ],
  allowedSeverity: 'error',
  options: {
    doNotFollow: { path: 'node_modules' },
    // Browser assets are not modules of the server.
    exclude: { path: '^src/web/.*\\.(js|css|html|svg)$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};

// For test/architecture/layers.test.ts, which checks docs/architecture.md against this table
// (not enumerable: dependency-cruiser accepts only its own keys).
Object.defineProperty(module.exports, 'layers', { enumerable: false, value: { LAYERS, MAY_IMPORT, FOUNDATION } });
