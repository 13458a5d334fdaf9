/**
 * A stand-in for an OpenAI-compatible endpoint (the one stand-in the tests allow: no LLM is
 * reachable here), over real HTTP: POST /v1/embeddings as OpenAI answers it. Its vectors are a
 * deterministic hash of a text's character bigrams, so texts sharing wording are close; a test can
 * also say "embed this text as if it were that one" to stand for a paraphrase a real model would
 * place next to its entry. It records every request, and can be told to fail or to hang.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const FAKE_DIMENSIONS = 64;

export interface EmbeddingsRequest {
  model: string;
  input: string[];
  encoding_format?: string;
  authorization?: string;
}

export interface FakeOpenAi {
  /** The base URL, as OPENAI_BASE_URL takes it (…/v1). */
  url: string;
  requests: EmbeddingsRequest[];
  /** Texts embedded so far, over every request. */
  readonly embedded: string[];
  /** Embed `text` as `as` is embedded. */
  alias(text: string, as: string): void;
  /** The next `n` requests answer 500. */
  failNext(n: number): void;
  /** Requests wait this long before answering (0: at once). */
  delayMs: number;
  close(): Promise<void>;
}

/** The stand-in's vector for a text: character bigrams hashed into FAKE_DIMENSIONS buckets. */
export function fakeVector(text: string): number[] {
  const v = new Array<number>(FAKE_DIMENSIONS).fill(0);
  const chars = Array.from(text.replace(/\s+/g, ''));
  for (let i = 0; i < chars.length; i++) {
    const gram = chars[i]! + (chars[i + 1] ?? '');
    let h = 2166136261;
    for (const c of gram) h = Math.imul(h ^ c.codePointAt(0)!, 16777619) >>> 0;
    v[h % FAKE_DIMENSIONS]! += 1;
  }
  return v;
}

const bodyOf = async (req: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

export async function startFakeOpenAi(opts: { apiKey?: string } = {}): Promise<FakeOpenAi> {
  const aliases = new Map<string, string>();
  const requests: EmbeddingsRequest[] = [];
  let failing = 0;
  const sleeping = new Set<NodeJS.Timeout>();
  const fake = {
    url: '',
    requests,
    get embedded() {
      return requests.flatMap((r) => r.input);
    },
    alias: (text: string, as: string) => void aliases.set(text, as),
    failNext: (n: number) => void (failing = n),
    delayMs: 0,
    close: async () => {},
  };
  const server: Server = createServer((req, res) => {
    void (async () => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.method !== 'POST' || req.url !== '/v1/embeddings') return send(404, { error: { message: 'not found' } });
      const raw = JSON.parse(await bodyOf(req)) as { model: string; input: string | string[]; encoding_format?: string };
      const input = Array.isArray(raw.input) ? raw.input : [raw.input];
      requests.push({ model: raw.model, input, ...(raw.encoding_format ? { encoding_format: raw.encoding_format } : {}), ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) });
      if (fake.delayMs > 0)
        await new Promise<void>((r) => {
          const timer = setTimeout(() => {
            sleeping.delete(timer);
            r();
          }, fake.delayMs);
          sleeping.add(timer);
        });
      if (opts.apiKey && req.headers.authorization !== `Bearer ${opts.apiKey}`) return send(401, { error: { message: 'bad key', type: 'invalid_request_error' } });
      if (failing > 0) {
        failing--;
        return send(500, { error: { message: 'overloaded', type: 'server_error' } });
      }
      send(200, {
        object: 'list',
        model: raw.model,
        data: input.map((text, index) => ({ object: 'embedding', index, embedding: fakeVector(aliases.get(text) ?? text) })),
        usage: { prompt_tokens: input.length, total_tokens: input.length },
      });
    })().catch(() => res.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  fake.close = () =>
    new Promise<void>((r) => {
      for (const timer of sleeping) clearTimeout(timer);
      server.close(() => r());
      server.closeAllConnections();
    });
  return fake;
}
