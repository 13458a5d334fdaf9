/**
 * The optional semantic layer (see docs/semantic.md): an OpenAI-compatible embeddings client, the
 * embedding cache (memory or file here; Redis in src/storage/redis), the vector index of entry
 * names, and the layer that may replace a no-match hand-off.
 */
export * from './embedder';
export * from './embedding-cache';
export * from './vector-index';
export * from './semantic';
