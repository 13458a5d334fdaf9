/**
 * The knowledge base model. Every type is inferred from these schemas; nothing is written twice.
 * Three kinds of entry (service item, policy, FAQ) plus synonym groups.
 */
import { z } from 'zod';
import { Eligibility } from '../policies/eligibility';
import { ENTRY_ID_PATTERN, KB_SCHEMA_MESSAGES, kbRule } from './schema-messages';

/** Entry ids travel in URLs, ticket payloads and eval files: keep them plain. */
export const EntryId = z
  .string()
  .min(1)
  .max(80)
  .regex(ENTRY_ID_PATTERN, KB_SCHEMA_MESSAGES.id_chars.en());

const Text = z.string().trim().min(1);
const OptionalText = z.string().trim().min(1).optional();
const WorkingDays = z.number().int().min(0).max(3650);

export const Material = z.strictObject({
  name: Text,
  /** 原件 / 复印件 / 原件及复印件 / 电子版 … as the catalogue states it. */
  form: OptionalText,
  copies: z.number().int().min(1).max(99).optional(),
  required: z.boolean().default(true),
  note: OptionalText,
});
export type Material = z.infer<typeof Material>;

export const OnlineService = z.strictObject({
  /** Whether the item can be applied for online (全程网办 or 网上预审). */
  available: z.boolean(),
  url: z.url().optional(),
  note: OptionalText,
});

export const ServiceItem = z.strictObject({
  kind: z.literal('item'),
  id: EntryId,
  name: Text,
  aliases: z.array(Text).default([]),
  department: Text,
  /** 行政许可 / 行政确认 / 公共服务 / 其他行政权力 … */
  itemType: OptionalText,
  /** 国家 / 省级 / 市级 / 区县级 / 乡镇 */
  level: OptionalText,
  materials: z.array(Material).default([]),
  /** 法定办结时限, working days. */
  statutoryDays: WorkingDays.optional(),
  /** 承诺办结时限, working days (0 = 即办). */
  promisedDays: WorkingDays.optional(),
  /** Free text when the catalogue states the limit in another way (e.g. "即办件"). */
  timeLimitNote: OptionalText,
  /** 跑动次数: 0 = 零跑动, 1 = 最多跑一次. */
  visits: z.number().int().min(0).max(10).optional(),
  location: OptionalText,
  hours: OptionalText,
  fees: OptionalText,
  consultPhone: OptionalText,
  complaintPhone: OptionalText,
  online: OnlineService.optional(),
  conditions: OptionalText,
  legalBasis: OptionalText,
  region: OptionalText,
  tags: z.array(Text).default([]),
  source: OptionalText,
});
export type ServiceItem = z.infer<typeof ServiceItem>;

export const PolicyLevel = z.enum(['国家', '省', '市', '区县']);

export const Policy = z
  .strictObject({
    kind: z.literal('policy'),
    id: EntryId,
    /** The id in the source catalogue, when it could not be used as an id as it was. */
    sourceId: OptionalText,
    title: Text,
    aliases: z.array(Text).default([]),
    level: PolicyLevel.optional(),
    department: OptionalText,
    summary: OptionalText,
    /** 申报条件 as the policy states them (原文). */
    eligibility: OptionalText,
    /** The same split into checkable items (src/policies/eligibility.ts): what policy matching evaluates. */
    rules: Eligibility.optional(),
    benefits: OptionalText,
    howToApply: OptionalText,
    /** 免申即享: granted without an application. */
    noApplication: z.boolean().default(false),
    validFrom: z.iso.date().optional(),
    validTo: z.iso.date().optional(),
    region: OptionalText,
    phone: OptionalText,
    tags: z.array(Text).default([]),
    source: OptionalText,
  })
  .refine((p) => !p.validFrom || !p.validTo || p.validFrom <= p.validTo, {
    ...kbRule('valid_range'),
    path: ['validTo'],
  })
  .refine((p) => p.summary || p.eligibility || p.benefits || p.rules, {
    message: 'a policy needs at least one of summary, eligibility, benefits or rules',
    path: ['summary'],
  });
export type Policy = z.infer<typeof Policy>;

export const Faq = z.strictObject({
  kind: z.literal('faq'),
  id: EntryId,
  question: Text,
  alternates: z.array(Text).default([]),
  answer: Text,
  department: OptionalText,
  tags: z.array(Text).default([]),
  source: OptionalText,
});
export type Faq = z.infer<typeof Faq>;

export const Entry = z.discriminatedUnion('kind', [ServiceItem, Policy, Faq]);
export type Entry = z.infer<typeof Entry>;
export type EntryKind = Entry['kind'];

/** Each group lists words users treat as the same thing; the first is the canonical one. */
export const SynonymGroup = z.array(Text).min(2);
export const SynonymsFile = z.strictObject({ groups: z.array(SynonymGroup) });
export type SynonymsFile = z.infer<typeof SynonymsFile>;

export const KbManifest = z.strictObject({
  name: Text,
  description: OptionalText,
  /** True for hand-written sample data that must not be mistaken for an official catalogue. */
  sample: z.boolean().default(false),
  generatedAt: z.iso.datetime().optional(),
});
export type KbManifest = z.infer<typeof KbManifest>;

/** A loaded, validated knowledge base. */
export interface KnowledgeBase {
  manifest: KbManifest;
  entries: Entry[];
  synonyms: string[][];
}

/** The title users know an entry by. */
export function entryTitle(entry: Entry): string {
  switch (entry.kind) {
    case 'item':
      return entry.name;
    case 'policy':
      return entry.title;
    case 'faq':
      return entry.question;
  }
}

/** Other names users may call an entry by. */
export function entryAliases(entry: Entry): string[] {
  return entry.kind === 'faq' ? entry.alternates : entry.aliases;
}

// The routing table's category and level are models too: re-exported for the models that use them.
export { Category, Level } from './routing';
