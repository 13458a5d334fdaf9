/**
 * The routing file (knowledge-base/routing.json): the triage rules editors maintain beside the
 * knowledge base and publish with it, and the classification they assign to a demand: a category
 * (three levels) and an administrative level. src/tickets/triage.ts compiles and applies them;
 * src/tickets/schema.ts uses Category and Level in the ticket contract.
 */
import { z } from 'zod';
import { kbRule } from './schema-messages';

// ---------------------------------------------------------------- classification

export const Level = z.enum(['市', '区县', '乡镇']);
export type Level = z.infer<typeof Level>;

const Text = (max: number) => z.string().trim().min(1).max(max);

export const Category = z.strictObject({
  level1: Text(50),
  level2: Text(50),
  level3: Text(50).optional(),
});
export type Category = z.infer<typeof Category>;

// ---------------------------------------------------------------- file schema

const Term = z.string().trim().min(1).max(40);
const Pattern = z
  .string()
  .min(1)
  .max(200)
  .refine(
    (p) => {
      try {
        new RegExp(p, 'u');
        return true;
      } catch {
        return false;
      }
    },
    kbRule('bad_regex'),
  );

const MatcherShape = {
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  /** Why the rule exists, for editors. */
  note: z.string().optional(),
  /** Any one of these makes the rule match (together with `all`, if present). */
  keywords: z.array(Term).default([]),
  /** Each group needs at least one term present: "欠薪" AND ("工人" or "员工"). */
  all: z.array(z.array(Term).min(1)).default([]),
  /** Regular expressions (u flag) tried like keywords. */
  patterns: z.array(Pattern).default([]),
  /** If any of these is present the rule does not match ("无安全隐患"). */
  not: z.array(Term).default([]),
};

function hasPositiveTerm(m: { keywords: string[]; all: string[][]; patterns: string[] }): boolean {
  return m.keywords.length + m.patterns.length + m.all.length > 0;
}

export const RoutingRule = z
  .strictObject({
    ...MatcherShape,
    category: Category,
    department: z.string().min(1),
    /** Defaults to the department's level. */
    level: Level.optional(),
    /** Added to the score; breaks ties between overlapping rules (specific over generic). */
    priority: z.number().int().min(-10).max(10).default(0),
    /**
     * A catch-all rule (办事进度, 窗口, 审批 …): used only when no specific rule matches, and never
     * counted as a second department involved.
     */
    generic: z.boolean().default(false),
  })
  .refine(hasPositiveTerm, kbRule('rule_terms'));
export type RoutingRule = z.infer<typeof RoutingRule>;

export const FlagRule = z.strictObject(MatcherShape).refine(hasPositiveTerm, kbRule('rule_terms'));
export type FlagRule = z.infer<typeof FlagRule>;

export const DepartmentConfig = z.strictObject({
  name: z.string().min(1),
  /** Names the knowledge base (or other cities' data) uses for the same department. */
  aliases: z.array(Term).default([]),
  /** Category used when only the department is known (from a KB entry). */
  category: Category,
  level: Level,
});
export type DepartmentConfig = z.infer<typeof DepartmentConfig>;

/**
 * Where a first-level category goes when the learned triage model (src/classifier) names it and no
 * keyword rule decides: the category the ticket gets and its department.
 */
export const CategoryRoute = z.strictObject({
  category: Category,
  department: z.string().min(1),
});
export type CategoryRoute = z.infer<typeof CategoryRoute>;

/**
 * Categories of demands about a place (a street light, a road, noise, pollution …): the intake asks
 * where. A category matches at the levels it names: `{level1: 环境保护, level2: 环境污染}` covers every
 * kind of pollution, not 环境保护/建设项目审批.
 */
export const LocatedCategory = z.strictObject({
  level1: Text(50),
  level2: Text(50).optional(),
  level3: Text(50).optional(),
});
export type LocatedCategory = z.infer<typeof LocatedCategory>;

export const RoutingFile = z
  .strictObject({
    $comment: z.string().optional(),
    version: z.literal(1),
    fallback: z.strictObject({ category: Category, department: z.string().min(1), level: Level }),
    departments: z.array(DepartmentConfig).min(1),
    rules: z.array(RoutingRule).min(1),
    /** One route per first-level category the triage model may name (absent: the departments' own categories). */
    categories: z.array(CategoryRoute).default([]),
    complexity: z.array(FlagRule),
    urgency: z.array(FlagRule),
    located: z.array(LocatedCategory).optional(),
  })
  .check((ctx) => {
    const f = ctx.value;
    const names = new Set(f.departments.map((d) => d.name));
    const push = (rule: ReturnType<typeof kbRule>, path: (string | number)[]) => ctx.issues.push({ code: 'custom', ...rule, path, input: f });
    if (!names.has(f.fallback.department)) push(kbRule('unknown_department', f.fallback.department), ['fallback', 'department']);
    const ids = new Set<string>();
    const check = (list: { id: string }[], key: string) =>
      list.forEach((r, i) => {
        if (ids.has(r.id)) push(kbRule('duplicate_rule_id', r.id), [key, i, 'id']);
        ids.add(r.id);
      });
    check(f.rules, 'rules');
    check(f.complexity, 'complexity');
    check(f.urgency, 'urgency');
    f.rules.forEach((r, i) => {
      if (!names.has(r.department)) push(kbRule('unknown_department', r.department), ['rules', i, 'department']);
    });
    const level1s = new Set<string>();
    f.categories.forEach((c, i) => {
      if (!names.has(c.department)) push(kbRule('unknown_department', c.department), ['categories', i, 'department']);
      if (level1s.has(c.category.level1)) push(kbRule('duplicate_category', c.category.level1), ['categories', i, 'category', 'level1']);
      level1s.add(c.category.level1);
    });
  });
export type RoutingFile = z.infer<typeof RoutingFile>;

