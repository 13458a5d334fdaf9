/**
 * docs/openapi.yaml stays in step with the code: it is the document `npm run openapi` builds from
 * the route registry (src/http/openapi), every route a running qihu serves is registered and
 * documented (and nothing else), and the examples parse with the zod schemas the routes use.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AskRequest } from '../../src/http/ask-router';
import { CHAT_ROUTE, ChatApiRequest } from '../../src/http/chat-endpoint';
import { API_ERRORS } from '../../src/http-kit';
import { ROUTES } from '../../src/http/openapi';
import { openApiYaml } from '../../scripts/openapi-yaml';
import { WebInbound } from '../../src/conversation/channels/wire';
import { ChatResponse, OutMessage } from '../../src/conversation/types';
import { StatusUpdate, TicketInput } from '../../src/tickets/schema';
import { startChatQihu, type ChatQihu } from './support';

// js-yaml comes with ts-jest (no types of its own).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const yaml = require('js-yaml') as { load(text: string): unknown };

interface Operation {
  requestBody?: { content: Record<string, { example?: unknown; examples?: Record<string, { value: unknown }> }> };
  responses: Record<string, { content?: Record<string, { example?: unknown; examples?: Record<string, { value: unknown }> }> } | { $ref: string }>;
}
interface Doc {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown>; responses: Record<string, unknown> };
}

const doc = yaml.load(readFileSync(join(__dirname, '../../docs/openapi.yaml'), 'utf8')) as Doc;

let qihu: ChatQihu;
beforeAll(async () => {
  qihu = await startChatQihu();
});
afterAll(() => qihu.stop());

interface LayerLike {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: LayerLike[] };
}

/** METHOD path for every route of an Express 5 app (routers mounted at /, as createApp does). */
function routesOf(stack: LayerLike[]): string[] {
  const out: string[] = [];
  for (const layer of stack) {
    if (layer.route) {
      for (const [method, on] of Object.entries(layer.route.methods)) if (on && method !== '_all') out.push(`${method.toUpperCase()} ${layer.route.path}`);
    } else if (layer.handle?.stack) out.push(...routesOf(layer.handle.stack));
  }
  return out;
}

const documented = () =>
  Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
  );

describe('docs/openapi.yaml', () => {
  it('is the document generated from the route registry (npm run openapi)', () => {
    expect(readFileSync(join(__dirname, '../../docs/openapi.yaml'), 'utf8')).toBe(openApiYaml());
  });

  it('the route registry lists every route Express mounts, and no other', () => {
    const router = (qihu.app as unknown as { router: { stack: LayerLike[] } }).router;
    const served = new Set([...routesOf(router.stack), `${CHAT_ROUTE.method} ${CHAT_ROUTE.path}`].filter((r) => !r.startsWith('GET /chat/') && r !== 'GET /index.html'));
    const registered = ROUTES.map((r) => `${r.method.toUpperCase()} ${r.path}`);
    expect(new Set(registered).size).toBe(registered.length);
    expect(new Set(registered)).toEqual(served);
  });

  it('is OpenAPI 3.1 and every $ref resolves', () => {
    expect(doc.openapi).toMatch(/^3\.1\./);
    const text = JSON.stringify(doc);
    for (const [, kind, name] of text.matchAll(/"#\/components\/(\w+)\/(\w+)"/g)) {
      expect((doc.components as unknown as Record<string, Record<string, unknown>>)[kind!]?.[name!]).toBeDefined();
    }
  });

  it('documents every route qihu serves, and no other', () => {
    const router = (qihu.app as unknown as { router: { stack: LayerLike[] } }).router;
    // The chat API is answered on the HTTP server ahead of Express (src/http/chat-endpoint.ts).
    const served = new Set([...routesOf(router.stack), `${CHAT_ROUTE.method} ${CHAT_ROUTE.path}`]);
    // The page's own assets are files, documented together under GET /.
    for (const r of [...served]) if (r.startsWith('GET /chat/') || r === 'GET /index.html') served.delete(r);
    expect(served.size).toBeGreaterThan(10);
    expect(new Set(documented())).toEqual(served);
  });

  const examplesOf = (content: Record<string, { example?: unknown; examples?: Record<string, { value: unknown }> }> | undefined) =>
    Object.values(content ?? {}).flatMap((c) => [...(c.example === undefined ? [] : [c.example]), ...Object.values(c.examples ?? {}).map((e) => e.value)]);

  it.each<[string, string, { safeParse(v: unknown): { success: boolean; error?: unknown } }]>([
    ['/api/v1/chat', 'post', ChatApiRequest],
    ['/api/messages', 'post', WebInbound],
    ['/api/v1/ask', 'post', AskRequest],
    ['/api/v1/tickets', 'post', TicketInput],
    ['/api/v1/tickets/{id}/status', 'post', StatusUpdate],
  ])('request examples of %s parse', (path, method, schema) => {
    const examples = examplesOf(doc.paths[path]![method]!.requestBody?.content);
    expect(examples.length).toBeGreaterThan(0);
    for (const e of examples) expect(schema.safeParse(e)).toMatchObject({ success: true });
  });

  it('chat and webhook response examples parse as ChatResponse / wire messages', () => {
    const chat = examplesOf((doc.paths['/api/v1/chat']!.post!.responses['200'] as { content: Record<string, never> }).content);
    expect(chat.length).toBe(3);
    for (const e of chat) expect(ChatResponse.safeParse(e)).toMatchObject({ success: true });
    const hook = examplesOf((doc.paths['/api/messages']!.post!.responses['200'] as { content: Record<string, never> }).content);
    for (const list of hook as { type: string; text: string; qihu: unknown }[][]) {
      for (const m of list) {
        expect(m.type).toBe('message');
        expect(OutMessage.safeParse(m.qihu)).toMatchObject({ success: true });
      }
    }
  });

  it('lists the error codes of the catalogue', () => {
    const schema = doc.components.schemas.Error as { properties: { error: { enum: string[] } } };
    expect(schema.properties.error.enum.sort()).toEqual(Object.keys(API_ERRORS).sort());
  });
});
