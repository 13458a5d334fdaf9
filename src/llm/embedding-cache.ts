/**
 * Embeddings already paid for, by model and text: a knowledge base is embedded once, not at every
 * start, and an edit re-embeds only the entries it changed. In memory (tests), in a JSON-lines file
 * per model under DATA_DIR (the embedded default), or in a Redis hash per model shared by every
 * instance (with REDIS_URL: src/storage/redis/embedding-cache.ts).
 */
import { hash } from 'node:crypto';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

export interface EmbeddingCache {
  /** The vectors stored for these keys (undefined where none is). */
  get(keys: readonly string[]): Promise<(Float32Array | undefined)[]>;
  put(items: readonly { key: string; vector: Float32Array }[]): Promise<void>;
}

/** The cache key of a text embedded by a model. */
export const embeddingKey = (model: string, text: string): string => hash('sha256', `${model}\n${text}`, 'hex').slice(0, 32);

export const toBase64 = (v: Float32Array): string => Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');

/** A stored vector, or undefined when it is not a whole number of 32-bit floats. */
export function fromBase64(text: string): Float32Array | undefined {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length === 0 || bytes.length % 4 !== 0) return undefined;
  // Copied: a Buffer may sit at an offset a Float32Array cannot start at.
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
}

/**
 * What a cache keeps of a put: a copy (the caller may reuse its buffer), and nothing for an empty
 * vector (which the file and Redis cannot tell from a missing one: it is asked for again).
 */
export const keepable = (items: readonly { key: string; vector: Float32Array }[]): { key: string; vector: Float32Array }[] =>
  items.flatMap(({ key, vector }) => (vector.length > 0 ? [{ key, vector: vector.slice() }] : []));

/** Vectors held in this process are handed out as copies, as the Redis cache's are: a caller may change its own. */
const handOut = (v: Float32Array | undefined): Float32Array | undefined => v?.slice();

export function createMemoryEmbeddingCache(): EmbeddingCache {
  const vectors = new Map<string, Float32Array>();
  return {
    async get(keys) {
      return keys.map((k) => handOut(vectors.get(k)));
    },
    async put(items) {
      for (const { key, vector } of keepable(items)) vectors.set(key, vector);
    },
  };
}

const Line = z.object({ k: z.string().min(1), v: z.string().min(1) });

/** `<dir>/<model>.jsonl`: read once, appended to. A line that does not parse is skipped. */
export function createFileEmbeddingCache(dir: string, model: string): EmbeddingCache {
  const file = join(dir, `${model.replace(/[^A-Za-z0-9._-]/g, '_')}.jsonl`);
  let loaded: Promise<Map<string, Float32Array>> | undefined;
  /** The file ends in a line cut short: the next append starts a new line. */
  let torn = false;
  const load = () =>
    (loaded ??= (async () => {
      const vectors = new Map<string, Float32Array>();
      const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return '';
        throw err;
      });
      torn = text.length > 0 && !text.endsWith('\n');
      for (const line of text.split('\n')) {
        if (!line.trim()) continue;
        try {
          const parsed = Line.safeParse(JSON.parse(line));
          const vector = parsed.success ? fromBase64(parsed.data.v) : undefined;
          if (parsed.success && vector) vectors.set(parsed.data.k, vector);
        } catch {
          // A line cut short by a crash mid-append: that embedding is asked for again.
        }
      }
      return vectors;
    })());
  return {
    async get(keys) {
      const vectors = await load();
      return keys.map((k) => handOut(vectors.get(k)));
    },
    async put(given) {
      const items = keepable(given);
      if (items.length === 0) return;
      const vectors = await load();
      await mkdir(dir, { recursive: true });
      const lines = items.map(({ key, vector }) => JSON.stringify({ k: key, v: toBase64(vector) }) + '\n').join('');
      await appendFile(file, (torn ? '\n' : '') + lines, { mode: 0o600 });
      torn = false;
      for (const { key, vector } of items) vectors.set(key, vector);
    },
  };
}
