/**
 * The eligibility form's server side, for editors (role editor; admin passes): the closed lists the
 * form offers, the impact of a draft eligibility on the enterprise registry before it is published,
 * and condition items suggested from a policy's conditions text (src/policies/extract.ts).
 *
 *   GET  /api/v1/admin/kb/policies/vocabulary   facts (with their kind and operators), qualifications,
 *                                               sizes, 纳税信用等级, districts, industry sections
 *   POST /api/v1/admin/kb/policies/impact       {policyId?, eligibility, before?} → over every
 *                                               registry enterprise, eligible / ineligible / unknown
 *                                               before and after, and how many change
 *   POST /api/v1/admin/kb/policies/suggest      {text} → suggested items {id, fact, op, value, text}
 *
 * `before` is the eligibility the change starts from (the form sends the saved one); without it the
 * published entry's. A draft that is not valid is 400 with its issues under `eligibility.…`, as the
 * entry routes name them under `entry.rules.…`.
 */
import { json, Router, type RequestHandler } from 'express';
import { z } from 'zod';
import type { Role } from '../auth';
import type { KnowledgeBase } from '../kb';
import { issuesOf, sendError } from '../http-kit';
import {
  Eligibility,
  evaluate,
  ExtractedItem,
  extractConditions,
  FactName,
  Operator,
  Qualification,
  factsOf,
  FACTS,
  operatorsFor,
  QUALIFICATIONS,
  SIZES,
  TaxCredit,
  industryNames,
  type EligibilityNode,
  type Fact,
  type EnterpriseDirectory,
  type Verdict,
} from '../policies';
import { todayInChina } from '../util';
import { createKbHandler, EDITOR_PREFIX } from './editor-router';

export const ImpactRequest = z.strictObject({
  policyId: z.string().trim().min(1).max(80).optional(),
  eligibility: Eligibility,
  before: Eligibility.optional(),
});

export const SuggestRequest = z.strictObject({ text: z.string().trim().min(1).max(5000) });

export interface EditorPoliciesRouterDeps {
  /** The published knowledge base (the eligibility a change starts from when the form sends none). */
  kb: () => KnowledgeBase;
  directory: EnterpriseDirectory;
  /** The city's district names, offered for `district`. */
  districts: readonly string[];
  requireRole: (role: Role) => RequestHandler;
  today?: () => string;
  onError?: (err: unknown, where: string) => void;
}

/** Enterprises of the registry by verdict. */
/** What the rules editor offers: each fact with its kind and operators, and the values to pick from. */
export const PolicyVocabulary = z.strictObject({
  facts: z.array(z.strictObject({ fact: FactName, kind: z.enum([...new Set(Object.values(FACTS))] as [(typeof FACTS)[Fact], ...(typeof FACTS)[Fact][]]), operators: z.array(Operator).readonly() })),
  qualifications: z.array(Qualification).readonly(),
  sizes: z.array(z.enum(SIZES)).readonly(),
  taxCredits: z.array(TaxCredit).readonly(),
  districts: z.array(z.string()).readonly(),
  /** The industry sections (门类): a letter and its name. */
  industries: z.array(z.strictObject({ code: z.string(), name: z.string() })),
});
export type PolicyVocabulary = z.infer<typeof PolicyVocabulary>;

/** Conditions suggested from a policy's text, for the editor to check (ids s1, s2, …). */
export const PolicySuggestions = z.strictObject({ items: z.array(ExtractedItem.extend({ id: z.string() })) });
export type PolicySuggestions = z.infer<typeof PolicySuggestions>;

export const VerdictCounts = z.strictObject({ eligible: z.number().int().min(0), ineligible: z.number().int().min(0), unknown: z.number().int().min(0) });
type Counts = z.infer<typeof VerdictCounts> & Record<Verdict, number>;
const zero = (): Counts => ({ eligible: 0, ineligible: 0, unknown: 0 });

export const Impact = z.strictObject({
  total: z.number().int().min(0),
  before: VerdictCounts.nullable(),
  after: VerdictCounts,
  /** Enterprises whose verdict the change moves into each verdict (null without a before). */
  changed: z.strictObject({ toEligible: z.number().int().min(0), toIneligible: z.number().int().min(0), toUnknown: z.number().int().min(0) }).nullable(),
});
export type Impact = z.infer<typeof Impact>;

/** The answer of POST …/policies/impact: the counts on the date they were measured. */
export const ImpactAnswer = Impact.extend({ on: z.iso.date() });
export type ImpactAnswer = z.infer<typeof ImpactAnswer>;

/** Counts every registry enterprise's verdict before and after, on one date. */
export async function measureImpact(directory: EnterpriseDirectory, after: EligibilityNode, before: EligibilityNode | undefined, on: string): Promise<Impact> {
  const impact: Impact = { total: 0, before: before ? zero() : null, after: zero(), changed: before ? { toEligible: 0, toIneligible: 0, toUnknown: 0 } : null };
  const key = { eligible: 'toEligible', ineligible: 'toIneligible', unknown: 'toUnknown' } as const;
  for await (const enterprise of directory.list()) {
    const facts = factsOf(enterprise, on);
    const now = evaluate(after, facts).verdict;
    impact.total++;
    impact.after[now]++;
    if (before) {
      const was = evaluate(before, facts).verdict;
      impact.before![was]++;
      if (was !== now) impact.changed![key[now]]++;
    }
  }
  return impact;
}

export function createEditorPoliciesRouter(deps: EditorPoliciesRouterDeps): Router {
  const router = Router();
  const path = `${EDITOR_PREFIX}/policies`;
  const today = deps.today ?? (() => todayInChina());
  router.use(path, deps.requireRole('editor'));
  const h = createKbHandler(deps.onError);
  const jsonBody = json({ limit: 1024 * 1024 });

  router.get(
    `${path}/vocabulary`,
    h('policy vocabulary', async (_req, res) => {
      const facts = FactName.options.map((fact) => ({ fact, kind: FACTS[fact], operators: operatorsFor(fact) }));
      const sections = [...industryNames()].filter(([code]) => code.length === 1).map(([code, name]) => ({ code, name }));
      res.json({ facts, qualifications: QUALIFICATIONS, sizes: SIZES, taxCredits: TaxCredit.options, districts: deps.districts, industries: sections } satisfies PolicyVocabulary);
    }),
  );

  router.post(
    `${path}/impact`,
    jsonBody,
    h('policy impact', async (req, res) => {
      const parsed = ImpactRequest.safeParse(req.body);
      if (!parsed.success) return sendError(res, 'QH_ERR_VALIDATION', { issues: issuesOf(parsed.error) });
      const { policyId, eligibility, before } = parsed.data;
      const published = policyId ? deps.kb().entries.find((e) => e.kind === 'policy' && e.id === policyId) : undefined;
      const from = before ?? (published?.kind === 'policy' ? published.rules : undefined);
      res.json({ on: today(), ...(await measureImpact(deps.directory, eligibility, from, today())) } satisfies ImpactAnswer);
    }),
  );

  router.post(
    `${path}/suggest`,
    jsonBody,
    h('policy suggest', async (req, res) => {
      const parsed = SuggestRequest.safeParse(req.body);
      if (!parsed.success) return sendError(res, 'QH_ERR_VALIDATION', { issues: issuesOf(parsed.error) });
      const items = extractConditions(parsed.data.text).map((item, i) => ({ id: `s${i + 1}`, ...item }));
      res.json({ items } satisfies PolicySuggestions);
    }),
  );
  return router;
}
