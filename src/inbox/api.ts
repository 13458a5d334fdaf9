/**
 * The inbox and analytics API's answers (src/http/inbox-router.ts), as zod schemas: the router types
 * its answers with them, docs/openapi.yaml is generated from them, and the console pages
 * (src/web/inbox) read them as their inferred types.
 */
import { z } from 'zod';
import { Entry } from '../kb/schema';
import { Analytics } from './analytics';
import { InboxGroup } from './grouping';

const Count = z.number().int();
const EntryKind = z.enum(['item', 'policy', 'faq']);

/** A group as the inbox lists it: the entries titled, the engine's candidates added, the members' texts left out. */
export const InboxGroupView = InboxGroup.omit({ norms: true }).extend({
  answeredEntries: z.array(InboxGroup.shape.answeredEntries.element.extend({ title: z.string().optional(), kind: EntryKind.optional() })),
  /** Entries the engine would suggest for the question. */
  candidates: z.array(z.strictObject({ entryId: z.string(), kind: EntryKind, title: z.string(), department: z.string().optional() })),
});
export type InboxGroupView = z.infer<typeof InboxGroupView>;

/** GET the inbox: groups of questions the assistant could not answer well, the most frequent first. */
export const InboxAnswer = z.strictObject({
  days: Count,
  threshold: z.number(),
  lowConfidence: z.number(),
  /** Groups in all (the list is cut at limit). */
  total: Count,
  groups: z.array(InboxGroupView),
});
export type InboxAnswer = z.infer<typeof InboxAnswer>;

/** Each write from a group dismisses it: `dismissed` counts the member questions hidden. */
export const InboxDismissed = z.strictObject({ id: z.string(), dismissed: Count });
export type InboxDismissed = z.infer<typeof InboxDismissed>;
export const InboxAlternateAnswer = z.strictObject({
  entryId: z.string(),
  kind: EntryKind,
  field: z.enum(['alternates', 'aliases']),
  question: z.string(),
  version: Count,
  /** null: the question was already the entry's title or one of its aliases (nothing changed). */
  changeSetId: z.string().nullable(),
  changed: z.boolean(),
  dismissed: Count,
});
export type InboxAlternateAnswer = z.infer<typeof InboxAlternateAnswer>;
export const InboxFaqAnswer = z.strictObject({ entry: Entry, version: Count, changeSetId: z.string().nullable(), dismissed: Count });
export type InboxFaqAnswer = z.infer<typeof InboxFaqAnswer>;

/** GET analytics: the counts, with the ten most frequent unanswered questions (the inbox's top groups). */
export const AnalyticsAnswer = Analytics.extend({ topUnanswered: z.array(z.strictObject({ id: z.string(), question: z.string(), count: Count })) });
export type AnalyticsAnswer = z.infer<typeof AnalyticsAnswer>;

