/**
 * Past cases: citizens' messages with the reply that settled them (往期案例), kept with the
 * knowledge base so they are versioned and published like its entries. Operators see the most
 * similar ones while they listen (src/cases), and the chat's hand-off may say how a very similar
 * case was settled. Every type is inferred from these schemas.
 */
import { z } from 'zod';
import { EntryId } from './schema';

const Text = z.string().trim().min(1);
const OptionalText = z.string().trim().min(1).optional();

export const PastCase = z.strictObject({
  id: EntryId,
  /** The message's subject as the citizen wrote it. */
  title: Text.max(500),
  /** The message itself. */
  text: Text.max(20_000),
  /** The official reply (答复意见), as published. */
  reply: Text.max(40_000),
  /**
   * The department that replied or that the case was referred to, when the reply names it
   * (src/kb/import/reply-department.ts); absent when it does not: never guessed.
   */
  department: OptionalText,
  /** When the message was sent and answered (YYYY-MM-DD). */
  askedOn: z.iso.date().optional(),
  repliedOn: z.iso.date().optional(),
  /** Hand-written for demonstration, not a real case (the sample knowledge base's). */
  synthetic: z.boolean().optional(),
  /** Where the case came from (the imported file's name). */
  source: OptionalText,
});
export type PastCase = z.infer<typeof PastCase>;

/** `cases.json` in a knowledge-base directory, and the `$cases` part of the knowledge store. */
export const CasesFile = z
  .strictObject({ cases: z.array(PastCase) })
  .superRefine((file, ctx) => {
    const seen = new Map<string, number>();
    file.cases.forEach((c, index) => {
      const first = seen.get(c.id);
      if (first === undefined) seen.set(c.id, index);
      else ctx.addIssue({ code: 'custom', path: ['cases', index, 'id'], message: `duplicate case id ${c.id}, first at ${first}` });
    });
  });
export type CasesFile = z.infer<typeof CasesFile>;
