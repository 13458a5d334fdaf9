/**
 * The parts of `npm run eval:cases` (docs/cases.md): the held-out split, the two baselines and the
 * two measures. Pure, so test/cases/eval.test.ts checks them on small inputs.
 */
import { createHash } from 'node:crypto';
import { normalise, Tokenizer } from '../../src/engine';
import type { PastCase } from '../../src/kb';
import { departmentKey } from '../../src/kb/import';
import type { CaseIndex, ScoredCase } from '../../src/cases';
import { seededRandom } from '../../src/util';

/** Share of the cases held out, by a hash of their id: the same cases on every run and machine. */
export const HELD_OUT_PERCENT = 20;

export function isHeldOut(id: string): boolean {
  const h = createHash('sha256').update(`cases-split:${id}`).digest();
  return h.readUInt32BE(0) % 100 < HELD_OUT_PERCENT;
}

let tokenizer: Tokenizer | undefined;
export function words(text: string): string[] {
  tokenizer ??= new Tokenizer();
  return tokenizer.words(normalise(text).text);
}

/** What a retrieval method offers: the top cases for a query. */
export type Retrieve = (query: string, limit: number, exclude?: string) => ScoredCase[];

export const byIndex =
  (index: CaseIndex): Retrieve =>
  (query, limit, exclude) =>
    index.similar(query, limit, exclude ? { exclude } : {});

/** Baseline: `limit` cases drawn at random (seeded), whatever the query. */
export function randomPick(cases: readonly PastCase[], seed = 12345): Retrieve {
  const next = seededRandom(seed);
  return (_query, limit, exclude) => {
    const out: ScoredCase[] = [];
    const taken = new Set<number>();
    while (out.length < Math.min(limit, cases.length - (exclude ? 1 : 0))) {
      const i = Math.floor(next() * cases.length);
      if (taken.has(i) || cases[i]!.id === exclude) continue;
      taken.add(i);
      out.push({ case: cases[i]!, similarity: 0 });
    }
    return out;
  };
}

/** Baseline: plain BM25 (k1 1.2, b 0.75) over the jieba words of title and message. */
export function bm25Words(cases: readonly PastCase[]): Retrieve {
  const k1 = 1.2;
  const b = 0.75;
  const docs = cases.map((c) => {
    const tf = new Map<string, number>();
    const ws = words(`${c.title} ${c.text}`);
    for (const w of ws) tf.set(w, (tf.get(w) ?? 0) + 1);
    return { tf, len: ws.length };
  });
  const avg = docs.reduce((s, d) => s + d.len, 0) / Math.max(1, docs.length);
  const df = new Map<string, number>();
  for (const d of docs) for (const w of d.tf.keys()) df.set(w, (df.get(w) ?? 0) + 1);
  const postings = new Map<string, number[]>();
  docs.forEach((d, i) => {
    for (const w of d.tf.keys()) {
      const list = postings.get(w) ?? [];
      list.push(i);
      postings.set(w, list);
    }
  });
  const n = docs.length;
  return (query, limit, exclude) => {
    const scores = new Map<number, number>();
    for (const w of new Set(words(query))) {
      const f = df.get(w);
      if (!f) continue;
      const idf = Math.log(1 + (n - f + 0.5) / (f + 0.5));
      for (const i of postings.get(w)!) {
        const d = docs[i]!;
        const tf = d.tf.get(w)!;
        scores.set(i, (scores.get(i) ?? 0) + (idf * tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * d.len) / avg)));
      }
    }
    return [...scores]
      .filter(([i]) => cases[i]!.id !== exclude)
      .sort((x, y) => y[1] - x[1])
      .slice(0, limit)
      .map(([i, s]) => ({ case: cases[i]!, similarity: s }));
  };
}

/**
 * How alike two replies are: TF-IDF cosine of their jieba words, IDF over the replies of the index.
 * Boilerplate every reply has (您好, 感谢您对我们工作的支持) weighs next to nothing.
 */
export function replySimilarity(replies: readonly string[]) {
  const df = new Map<string, number>();
  const cache = new Map<string, Map<string, number>>();
  const tfOf = (text: string) => {
    let tf = cache.get(text);
    if (!tf) {
      tf = new Map();
      for (const w of words(text)) tf.set(w, (tf.get(w) ?? 0) + 1);
      cache.set(text, tf);
    }
    return tf;
  };
  for (const r of replies) for (const w of tfOf(r).keys()) df.set(w, (df.get(w) ?? 0) + 1);
  const n = replies.length;
  const vector = (text: string) => {
    const v = new Map<string, number>();
    let norm = 0;
    for (const [w, c] of tfOf(text)) {
      const x = (1 + Math.log(c)) * Math.log(1 + n / (df.get(w) ?? 0.5));
      v.set(w, x);
      norm += x * x;
    }
    norm = Math.sqrt(norm) || 1;
    for (const [w, x] of v) v.set(w, x / norm);
    return v;
  };
  return (a: string, b: string): number => {
    const va = vector(a);
    const vb = vector(b);
    let dot = 0;
    for (const [w, x] of va) dot += x * (vb.get(w) ?? 0);
    return dot;
  };
}

export interface MethodScore {
  queries: number;
  /** Mean reply similarity of the first case, and of the best of the top three. */
  reply1: number;
  reply3: number;
  /** Queries whose own department is known, and how often the first / any of three cases has it. */
  withDepartment: number;
  dept1: number;
  dept3: number;
}

export interface Query {
  case: PastCase;
  text: string;
}

/** Scores a retrieval method on queries whose true case (reply, department) is known. */
export function scoreMethod(retrieve: Retrieve, queries: readonly Query[], similarity: (a: string, b: string) => number, leaveOneOut = false): MethodScore {
  const s: MethodScore = { queries: queries.length, reply1: 0, reply3: 0, withDepartment: 0, dept1: 0, dept3: 0 };
  for (const q of queries) {
    const top = retrieve(q.text, 3, leaveOneOut ? q.case.id : undefined);
    const sims = top.map((t) => similarity(t.case.reply, q.case.reply));
    s.reply1 += sims[0] ?? 0;
    s.reply3 += sims.length ? Math.max(...sims) : 0;
    if (q.case.department) {
      const key = departmentKey(q.case.department);
      const same = top.map((t) => t.case.department !== undefined && departmentKey(t.case.department) === key);
      s.withDepartment++;
      if (same[0]) s.dept1++;
      if (same.some(Boolean)) s.dept3++;
    }
  }
  s.reply1 /= Math.max(1, s.queries);
  s.reply3 /= Math.max(1, s.queries);
  s.dept1 /= Math.max(1, s.withDepartment);
  s.dept3 /= Math.max(1, s.withDepartment);
  return s;
}

/** Queries as the operator console sends them: the whole message, or its title only (a short summary). */
export function queriesOf(cases: readonly PastCase[], mode: 'message' | 'title'): Query[] {
  return cases.map((c) => ({ case: c, text: mode === 'title' ? c.title : `${c.title} ${c.text}` }));
}
