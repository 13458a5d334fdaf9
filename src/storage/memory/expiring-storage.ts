/**
 * Conversation state in memory that expires like the Redis store's: an item not written for
 * `ttlMs` (STATE_TTL_DAYS) is forgotten. botbuilder's MemoryStorage keeps every session forever,
 * which in a long-running embedded default is memory that only grows.
 *
 * Expiry is swept on each read and write, oldest first: items are kept in the order of their last
 * write, so a sweep stops at the first item still young and costs nothing when none is due.
 */
import { MemoryStorage, type StoreItems } from 'botbuilder';

export class ExpiringMemoryStorage extends MemoryStorage {
  /** Key → time of its last write, oldest first (a write moves its key to the end). */
  private readonly written = new Map<string, number>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {
    super();
  }

  /** Items currently kept. */
  get size(): number {
    return this.written.size;
  }

  override async read(keys: string[]): Promise<StoreItems> {
    await this.sweep();
    return super.read(keys);
  }

  override async write(changes: StoreItems): Promise<void> {
    await this.sweep();
    await super.write(changes);
    const t = this.now();
    for (const key of Object.keys(changes)) {
      this.written.delete(key);
      this.written.set(key, t);
    }
  }

  override async delete(keys: string[]): Promise<void> {
    await super.delete(keys);
    for (const key of keys) this.written.delete(key);
  }

  private async sweep(): Promise<void> {
    const due = this.now() - this.ttlMs;
    const expired: string[] = [];
    for (const [key, at] of this.written) {
      if (at > due) break;
      expired.push(key);
    }
    if (expired.length) await this.delete(expired);
  }
}
