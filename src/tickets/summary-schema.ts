/**
 * The 督办 daily summary's shape (GET /api/v1/supervision/summary), as a zod schema: the server
 * builds it (supervision-summary.ts), the summary page's script reads it with the same inferred
 * type (this module imports only zod, so the browser program type-checks it), and the API test
 * parses the real answer with it.
 */
import { z } from 'zod';

export const TallySchema = z.strictObject({ key: z.string(), count: z.number().int() });
export type Tally = z.infer<typeof TallySchema>;

export const DepartmentAnswersSchema = z.strictObject({
  department: z.string(),
  answered: z.number().int(),
  met: z.number().int(),
  averageHours: z.number(),
});
export type DepartmentAnswers = z.infer<typeof DepartmentAnswersSchema>;

const rate = z.number().min(0).max(1).nullable();

export const DailySummarySchema = z.strictObject({
  date: z.iso.date(),
  /** The instant the open and overdue figures describe: the day's end, or now while it lasts. */
  asOf: z.iso.datetime({ offset: true }),
  filed: z.strictObject({
    total: z.number().int(),
    byDepartment: z.array(TallySchema),
    byCategory: z.array(TallySchema),
    byDistrict: z.array(TallySchema),
    byChannel: z.array(TallySchema),
  }),
  answered: z.strictObject({
    total: z.number().int(),
    met: z.number().int(),
    missed: z.number().int(),
    /** met / total; null when nothing was answered. */
    onTimeRate: rate,
    /** Mean hours from filing to the first answer; null when nothing was answered. */
    averageHours: z.number().nullable(),
    byDepartment: z.array(DepartmentAnswersSchema),
  }),
  open: z.strictObject({ total: z.number().int(), red: z.number().int(), yellow: z.number().int(), green: z.number().int() }),
  overdue: z.strictObject({ total: z.number().int(), byDepartment: z.array(TallySchema) }),
  satisfaction: z.strictObject({
    ratings: z.number().int(),
    /** Mean score 1–5; null without ratings. */
    average: z.number().nullable(),
    /** Scores of 4 or 5. */
    satisfied: z.number().int(),
    satisfiedRate: rate,
    byScore: z.strictObject({ '1': z.number().int(), '2': z.number().int(), '3': z.number().int(), '4': z.number().int(), '5': z.number().int() }),
  }),
});
export type DailySummary = z.infer<typeof DailySummarySchema>;
