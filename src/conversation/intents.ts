/**
 * Conversation intents (greeting, 转人工, 取消, "那要多久？" …) as data in intents/*.json, validated
 * here, and the matcher that runs them over normalised text (simplified, lower case, NFKC), so one
 * pattern serves simplified and traditional input alike.
 *
 * Two kinds of matching, because an intent must only short-circuit where it makes sense:
 *  - `whole`: the message as a whole is the intent. "你好" is a greeting, "你好，开药店要什么材料" is a
 *    question for the engine. Patterns are anchored at both ends (after spaces and trailing
 *    particles such as 啊/呢/吗 are dropped); examples must equal the message.
 *  - `contains`: a pattern anywhere in the message counts ("电话填错了，应该是…").
 *  - `similar`: the examples are training utterances; a short message whose character pairs nearly
 *    all occur in them matches ("明天天气好吗" for chitchat). A guess: the caller checks it against
 *    the knowledge base's vocabulary (smalltalk.ts) before taking it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { z } from 'zod';
import { normalise, type Field } from '../engine';
import { IntakeSlot } from './state';

export const INTENT_NAMES = [
  'greeting',
  'thanks',
  'goodbye',
  'ask_person',
  'ticket_status',
  'complaint',
  'feedback',
  'cancel',
  'confirm',
  'deny',
  'correct',
  'materials',
  'time_limit',
  'location',
  'phone',
  'online',
  'fees',
  'conditions',
  'chitchat',
  'about_bot',
  'applicant',
  'no_value',
] as const;
export const IntentName = z.enum(INTENT_NAMES);
export type IntentName = z.infer<typeof IntentName>;

/** Field questions asked on their own ("那要多久？"): they continue the entry of the previous answer. */
export const FIELD_INTENTS = {
  materials: 'materials',
  time_limit: 'time_limit',
  location: 'location',
  phone: 'phone',
  online: 'online',
  fees: 'fees',
  conditions: 'conditions',
} as const satisfies Partial<Record<IntentName, Field>>;
export type FieldIntent = keyof typeof FIELD_INTENTS;

export const FEEDBACK_SLOTS = ['negative', 'positive'] as const;
/** Who files a demand when it is not an enterprise (the ticket's applicant kinds but enterprise). */
export const APPLICANT_SLOTS = ['individual', 'founder'] as const;

/** Which slot names an intent may define: the handler reads them, so a typo must fail at load. */
const SLOT_NAMES: Partial<Record<IntentName, readonly string[]>> = {
  correct: IntakeSlot.options,
  feedback: FEEDBACK_SLOTS,
  applicant: APPLICANT_SLOTS,
};

/**
 * `similar`: a message matches when at least this share of its character pairs occurs in the
 * intent's training utterances ("今天天气好吗" after 今天天气怎么样 and 天气好不好), and it is short:
 * small talk is, and a long message is a demand whatever its words.
 */
export const SIMILAR_MIN_SHARE = 0.8;
export const SIMILAR_MAX_CHARS = 20;

const Pattern = z
  .string()
  .min(1)
  .check((ctx) => {
    try {
      new RegExp(ctx.value, 'u');
    } catch (err) {
      ctx.issues.push({ code: 'custom', message: `invalid regular expression: ${(err as Error).message}`, input: ctx.value });
    }
  });

const Words = z.array(z.string().trim().min(1)).min(1);

export const IntentDef = z
  .strictObject({
    $comment: z.string().optional(),
    name: IntentName,
    match: z.enum(['whole', 'contains', 'similar']),
    /** Regular expressions (JavaScript, `u` flag) over normalised, space-free text. */
    patterns: z.array(Pattern).default([]),
    /** Phrases that are this intent as they stand; also the documentation of what the intent means. */
    examples: z.array(z.string().trim().min(1)).default([]),
    /** Named word lists the handler reads: which intake field to correct, praise or criticism. */
    slots: z.record(z.string(), Words).default({}),
  })
  .check((ctx) => {
    const def = ctx.value;
    if (def.patterns.length === 0 && def.examples.length === 0)
      ctx.issues.push({ code: 'custom', message: 'an intent needs patterns or examples', path: ['patterns'], input: def });
    if (def.match === 'similar' && def.examples.length < 5)
      ctx.issues.push({ code: 'custom', message: 'a similar intent is learned from its examples: give at least 5', path: ['examples'], input: def });
    const allowed = SLOT_NAMES[def.name] ?? [];
    for (const slot of Object.keys(def.slots))
      if (!allowed.includes(slot))
        ctx.issues.push({
          code: 'custom',
          message: allowed.length ? `unknown slot (allowed: ${allowed.join(', ')})` : `intent ${def.name} takes no slots`,
          path: ['slots', slot],
          input: def.slots,
        });
  });
export type IntentDef = z.infer<typeof IntentDef>;

/** A file holds one intent, or a list of them. */
export const IntentFile = z.union([IntentDef, z.strictObject({ $comment: z.string().optional(), intents: z.array(IntentDef).min(1) })]);

export const DEFAULT_INTENTS_DIR = join(__dirname, '../../intents');

export class IntentLoadError extends Error {
  constructor(readonly problems: string[]) {
    super(`intents are invalid:\n${problems.join('\n')}`);
  }
}

/** Reads and validates every *.json in dir; every intent must be defined exactly once. */
export function loadIntents(dir: string = DEFAULT_INTENTS_DIR): IntentDef[] {
  const problems: string[] = [];
  const defs: IntentDef[] = [];
  const where = new Map<IntentName, string>();
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  for (const name of files) {
    const file = relative(process.cwd(), join(dir, name)) || name;
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(join(dir, name), 'utf8'));
    } catch (err) {
      problems.push(`${file}: not valid JSON: ${(err as Error).message}`);
      continue;
    }
    const parsed = IntentFile.safeParse(data);
    if (!parsed.success) {
      // The union's own error is unhelpful; report against the shape the file seems to use.
      const shaped = data && typeof data === 'object' && 'intents' in data ? parsed.error : IntentDef.safeParse(data).error;
      for (const issue of (shaped ?? parsed.error).issues)
        problems.push(`${file}: ${issue.path.map(String).join('.') || '(file)'}: ${issue.message}`);
      continue;
    }
    for (const def of 'intents' in parsed.data ? parsed.data.intents : [parsed.data]) {
      const before = where.get(def.name);
      if (before) problems.push(`${file}: name: intent ${def.name} is already defined in ${before}`);
      where.set(def.name, file);
      defs.push(def);
    }
  }
  for (const name of INTENT_NAMES) if (!where.has(name)) problems.push(`${dir}: intent ${name} is not defined`);
  if (problems.length) throw new IntentLoadError(problems);
  return defs;
}

export interface IntentMatch {
  name: IntentName;
  /** The slot whose word occurs in the message (the longest one when several do). */
  slot?: string;
  /** Matched by similarity to training utterances (match "similar"), not by a pattern: a guess to check. */
  similar?: true;
}

export interface IntentMatcher {
  /** Every intent the text matches, in INTENT_NAMES order. */
  match(text: string): IntentMatch[];
  /** The intent's slot named in the text, whether or not its patterns match ("企业名称" after "改哪一项？"). */
  slot(name: IntentName, text: string): string | undefined;
  /** Whether a word occurs in the training utterances of the `similar` intents (small talk's own words). */
  learned(word: string): boolean;
}

/** Adjacent character pairs of a compact text: what `similar` intents compare. */
function pairsOf(form: string): string[] {
  const chars = Array.from(form);
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  return out;
}

/** Particles that do not change what a short message means: "好的呀", "在哪办呢", "收费吗". */
const TRAILING_PARTICLES = /[啊呀呢吗吧哦嘛啦哈呐噢喔嗯～~]+$/u;

/** The last text's forms: a turn asks for the same text's forms several times (intents, a score, a clarify pick). */
let lastText: string | undefined;
let lastForms = { compact: '', bare: '' };

/** Normalised, without spaces (punctuation became spaces), with and without trailing particles. */
export function compactForms(text: string): { compact: string; bare: string } {
  if (text === lastText) return lastForms;
  const compact = normalise(text).text.replace(/\s+/g, '');
  lastForms = { compact, bare: compact.replace(TRAILING_PARTICLES, '') || compact };
  lastText = text;
  return lastForms;
}

export function createIntentMatcher(defs: readonly IntentDef[]): IntentMatcher {
  const compiled = defs
    .map((def) => ({
      name: def.name,
      whole: def.match === 'whole',
      patterns: def.patterns.map((p) => new RegExp(def.match === 'whole' ? `^(?:${p})$` : p, 'u')),
      examples: new Set(def.examples.flatMap((e) => Object.values(compactForms(e)))),
      slots: Object.entries(def.slots).map(([slot, words]) => ({ slot, words: words.map((w) => compactForms(w).compact) })),
      /** For `similar`: every character pair of the training utterances. */
      pairs: def.match === 'similar' ? new Set(def.examples.flatMap((e) => pairsOf(compactForms(e).bare))) : undefined,
    }))
    .sort((a, b) => INTENT_NAMES.indexOf(a.name) - INTENT_NAMES.indexOf(b.name));
  const training = defs
    .filter((d) => d.match === 'similar')
    .flatMap((d) => d.examples.map((e) => compactForms(e).compact))
    .join('|');

  type Compiled = (typeof compiled)[number];
  const slotOf = (c: Compiled, compact: string): string | undefined => {
    let best: { slot: string; length: number } | undefined;
    for (const { slot, words } of c.slots)
      for (const w of words) if (compact.includes(w) && w.length > (best?.length ?? 0)) best = { slot, length: w.length };
    return best?.slot;
  };

  const matches = (c: Compiled, form: string): boolean => {
    if (c.examples.has(form)) return true;
    for (const p of c.patterns) if (p.test(form)) return true;
    return false;
  };

  /** Nearly every character pair of the (short) message occurs in the training utterances. */
  const resembles = (pairs: ReadonlySet<string>, bare: string): boolean => {
    if (Array.from(bare).length > SIMILAR_MAX_CHARS) return false;
    const own = pairsOf(bare);
    if (own.length === 0) return false;
    let known = 0;
    for (const p of own) if (pairs.has(p)) known++;
    return known / own.length >= SIMILAR_MIN_SHARE;
  };

  return {
    match(text) {
      const { compact, bare } = compactForms(text);
      if (!compact) return [];
      const out: IntentMatch[] = [];
      // Plain loops: this runs on every message, and closures per intent and form added up.
      for (const c of compiled) {
        if (c.pairs) {
          if (c.examples.has(compact) || c.examples.has(bare) || resembles(c.pairs, bare)) out.push({ name: c.name, similar: true });
          continue;
        }
        if (!(matches(c, compact) || (c.whole && bare !== compact && matches(c, bare)))) continue;
        const slot = slotOf(c, compact);
        out.push(slot ? { name: c.name, slot } : { name: c.name });
      }
      return out;
    },
    learned(word) {
      const { compact } = compactForms(word);
      return compact.length > 0 && training.includes(compact);
    },
    slot(name, text) {
      const c = compiled.find((x) => x.name === name);
      const { compact } = compactForms(text);
      return c && compact ? slotOf(c, compact) : undefined;
    },
  };
}
