/** The embeddings client against an OpenAI-compatible server over HTTP: what it sends, what it accepts. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEmbedder, unit } from '../../src/llm/embedder';
import { fakeVector, startFakeOpenAi, type FakeOpenAi } from '../support/fake-openai';

let fake: FakeOpenAi;
beforeAll(async () => {
  fake = await startFakeOpenAi({ apiKey: 'sk-test-0123' });
});
afterAll(() => fake.close());

const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);

it('asks for float vectors of its model with the key, in batches, and returns unit vectors in order', async () => {
  const embedder = createEmbedder({ baseURL: fake.url, apiKey: 'sk-test-0123', model: 'bge-m3', timeoutMs: 2000, batchSize: 2 });
  const before = fake.requests.length;
  const texts = ['开药店要什么材料', '药品零售企业许可', '营业执照', '开药店要什么材料'];
  const vectors = await embedder.embed(texts);
  const sent = fake.requests.slice(before);
  expect(sent.map((r) => r.input)).toEqual([texts.slice(0, 2), texts.slice(2)]);
  for (const r of sent) expect(r).toMatchObject({ model: 'bge-m3', encoding_format: 'float', authorization: 'Bearer sk-test-0123' });
  expect(vectors).toHaveLength(4);
  for (const v of vectors) expect(dot(v, v)).toBeCloseTo(1, 5);
  expect(Array.from(vectors[0]!)).toEqual(Array.from(unit(fakeVector(texts[0]!))));
  expect(dot(vectors[0]!, vectors[3]!)).toBeCloseTo(1, 5);
  expect(dot(vectors[0]!, vectors[2]!)).toBeLessThan(0.5);
});

it('fails on a wrong key, a server error and a reply that does not fit the question', async () => {
  const wrongKey = createEmbedder({ baseURL: fake.url, apiKey: 'sk-wrong', model: 'm', timeoutMs: 2000 });
  await expect(wrongKey.embed(['你好'])).rejects.toThrow();
  const embedder = createEmbedder({ baseURL: fake.url, apiKey: 'sk-test-0123', model: 'm', timeoutMs: 2000 });
  fake.failNext(1);
  await expect(embedder.embed(['你好'])).rejects.toThrow();
  await expect(embedder.embed(['你好'])).resolves.toHaveLength(1);

  // A server that answers one vector for two texts, then vectors of two sizes.
  const replies = [
    { data: [{ index: 0, embedding: [1, 0] }] },
    { data: [{ index: 0, embedding: [1, 0] }, { index: 1, embedding: [1, 0, 0] }] },
    { data: 'nonsense' },
  ];
  const odd = createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ object: 'list', model: 'm', usage: { prompt_tokens: 1, total_tokens: 1 }, ...replies.shift() }));
  });
  await new Promise<void>((r) => odd.listen(0, '127.0.0.1', () => r()));
  try {
    const oddEmbedder = createEmbedder({ baseURL: `http://127.0.0.1:${(odd.address() as AddressInfo).port}/v1`, model: 'm', timeoutMs: 2000 });
    await expect(oddEmbedder.embed(['一', '二'])).rejects.toThrow(/asked for 2, got 1/);
    await expect(oddEmbedder.embed(['一', '二'])).rejects.toThrow(/different sizes/);
    await expect(oddEmbedder.embed(['一'])).rejects.toThrow();
  } finally {
    await new Promise<void>((r) => odd.close(() => r()));
  }
});

it('gives up after its timeout', async () => {
  const embedder = createEmbedder({ baseURL: fake.url, apiKey: 'sk-test-0123', model: 'm', timeoutMs: 200 });
  fake.delayMs = 1000;
  try {
    const started = Date.now();
    await expect(embedder.embed(['你好'])).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(900);
  } finally {
    fake.delayMs = 0;
  }
});
