/**
 * Embeddings from any OpenAI-compatible endpoint (OpenAI, Azure, a local vLLM or Ollama, a city's
 * own model server), through the openai SDK. Vectors come back unit-length, so a dot product is
 * the cosine similarity. The reply is checked with zod: a server that sends the wrong number of
 * vectors, or vectors of different sizes, is an error, not a silent mismatch.
 */
import OpenAI from 'openai';
import { z } from 'zod';

export interface EmbedderOptions {
  baseURL: string;
  /** Some local servers need none; the SDK insists on a string. */
  apiKey?: string;
  model: string;
  /** Per request, retries included: the chat waits for this at most. */
  timeoutMs: number;
  /** Inputs per request (endpoints cap it; OpenAI at 2,048). */
  batchSize?: number;
}

export interface Embedder {
  readonly model: string;
  /** One unit vector per text, in order. */
  embed(texts: readonly string[], signal?: AbortSignal): Promise<Float32Array[]>;
}

const EmbeddingsReply = z.object({
  data: z.array(z.object({ index: z.number().int().min(0), embedding: z.array(z.number()).min(1) })),
});

export const DEFAULT_EMBED_BATCH = 64;

/** The vector scaled to length 1 (a zero vector stays zero: it matches nothing). */
export function unit(values: ArrayLike<number>): Float32Array {
  const v = Float32Array.from(values);
  let norm = 0;
  for (let i = 0; i < v.length; i++) norm += v[i]! * v[i]!;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < v.length; i++) v[i]! /= norm;
  return v;
}

export function createEmbedder(opts: EmbedderOptions): Embedder {
  const client = new OpenAI({ baseURL: opts.baseURL, apiKey: opts.apiKey ?? 'none', timeout: opts.timeoutMs, maxRetries: 0 });
  const batchSize = opts.batchSize ?? DEFAULT_EMBED_BATCH;

  async function embedBatch(texts: readonly string[], signal?: AbortSignal): Promise<Float32Array[]> {
    // encoding_format float: the SDK's default base64 is decoded by the SDK for OpenAI, but
    // compatible servers differ; floats are what every one of them sends the same way.
    const reply = EmbeddingsReply.parse(
      await client.embeddings.create({ model: opts.model, input: [...texts], encoding_format: 'float' }, signal ? { signal } : {}),
    );
    if (reply.data.length !== texts.length) throw new Error(`embeddings: asked for ${texts.length}, got ${reply.data.length}`);
    const out = new Array<Float32Array>(texts.length);
    for (const d of reply.data) {
      if (d.index >= texts.length || out[d.index]) throw new Error(`embeddings: index ${d.index} out of place`);
      out[d.index] = unit(d.embedding);
    }
    const size = out[0]!.length;
    if (out.some((v) => v.length !== size)) throw new Error('embeddings: vectors of different sizes');
    return out;
  }

  return {
    model: opts.model,
    async embed(texts, signal) {
      const out: Float32Array[] = [];
      // A signal of its own per request: the SDK leaves a listener on the signal it is given.
      for (let i = 0; i < texts.length; i += batchSize) out.push(...(await embedBatch(texts.slice(i, i + batchSize), signal && AbortSignal.any([signal]))));
      return out;
    },
  };
}
