/** The chat page's storage: localStorage when it works, else memory (private mode, disabled cookies). */

export const KEY_SESSION = 'qihu.chat.session';
export const KEY_HISTORY = 'qihu.chat.history';
export const KEY_OUTBOX = 'qihu.chat.outbox';
const SESSION_RE = /^[A-Za-z0-9._:-]{8,100}$/;

const memory = new Map<string, string>();

export const store = {
  get(key: string): string | null {
    try {
      return window.localStorage.getItem(key);
    } catch {
      return memory.get(key) ?? null;
    }
  },
  /** False when only memory has it (storage unavailable or full). */
  set(key: string, value: string): boolean {
    try {
      window.localStorage.setItem(key, value);
      return true;
    } catch {
      memory.set(key, value);
      return false;
    }
  },
  remove(key: string): void {
    try {
      window.localStorage.removeItem(key);
    } catch {
      /* ignore */
    }
    memory.delete(key);
  },
};

/** The stored JSON under key (never trusted: the caller checks its shape), or fallback. */
export function readJson(key: string, fallback: unknown): unknown {
  const raw = store.get(key);
  if (!raw) return fallback;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return fallback;
  }
}

export function newSessionId(): string {
  const bytes = new Uint8Array(16);
  window.crypto.getRandomValues(bytes);
  return 'web-' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function loadSessionId(): string {
  const saved = store.get(KEY_SESSION);
  if (saved && SESSION_RE.test(saved)) return saved;
  const id = newSessionId();
  store.set(KEY_SESSION, id);
  return id;
}
