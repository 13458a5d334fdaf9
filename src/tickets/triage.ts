/**
 * Triage (研判): which category, department and level a demand goes to, whether it is complex
 * (7 working days instead of 3) and urgent — with the reason for every choice, because the routing
 * backend's operators check and correct it and need to see why.
 *
 * The rules live in knowledge-base/routing.json so editors can change them without code. Matching
 * is plain substring search on simplified Chinese (the caller converts traditional text first),
 * which is predictable and explainable; regex patterns cover counts like "30多名工人".
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Classification } from '../classifier';
import { RoutingFile, type Category, type DepartmentConfig, type FlagRule, type Level, type LocatedCategory, type RoutingRule } from '../kb';
import type { Complexity, Triage, TriageModelOpinion, TriageReason, Urgency } from './schema';

// The routing file is knowledge (knowledge-base/routing.json, edited in the editor console): its
// schema is src/kb/routing.ts's.
export { DepartmentConfig, FlagRule, RoutingFile, RoutingRule } from '../kb';

// ---------------------------------------------------------------- compiled table

interface CompiledMatcher {
  id: string;
  keywords: string[];
  all: string[][];
  patterns: RegExp[];
  not: string[];
}

export interface RoutingTable {
  readonly file: RoutingFile;
  readonly rules: readonly (CompiledMatcher & { rule: RoutingRule })[];
  readonly complexity: readonly CompiledMatcher[];
  readonly urgency: readonly CompiledMatcher[];
  readonly departments: ReadonlyMap<string, DepartmentConfig>;
  /** Normalised alias → department name, longest alias first. */
  readonly aliases: readonly (readonly [string, string])[];
  /**
   * The learned triage model published with this table, if any. It travels with the table so the
   * operator's preview and the filed ticket are always triaged by the same model.
   */
  readonly model?: TriageModel;
}

/** NFKC folds full-width letters and digits; spaces and case carry no meaning for matching. */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
}

/** Department names vary in connectives and prefixes: 人力资源和社会保障局 = 人力资源社会保障局. */
function normalizeDepartment(name: string): string {
  return normalizeText(name).replace(/[和与及]/g, '');
}

function compileMatcher(m: z.infer<typeof FlagRule>): CompiledMatcher {
  return {
    id: m.id,
    keywords: m.keywords.map(normalizeText),
    all: m.all.map((g) => g.map(normalizeText)),
    patterns: m.patterns.map((p) => new RegExp(p, 'u')),
    not: m.not.map(normalizeText),
  };
}

export function compileRouting(file: RoutingFile, model?: TriageModel): RoutingTable {
  const aliases: [string, string][] = [];
  for (const d of file.departments) {
    const own = d.name.replace(/^市/, '');
    for (const a of new Set([d.name, own, ...d.aliases])) aliases.push([normalizeDepartment(a), d.name]);
  }
  aliases.sort((a, b) => b[0].length - a[0].length);
  return {
    file,
    rules: file.rules.map((rule) => ({ ...compileMatcher(rule), rule })),
    complexity: file.complexity.map(compileMatcher),
    urgency: file.urgency.map(compileMatcher),
    departments: new Map(file.departments.map((d) => [d.name, d])),
    aliases,
    ...(model ? { model } : {}),
  };
}

export function parseRouting(data: unknown): RoutingTable {
  return compileRouting(RoutingFile.parse(data));
}

/** A routing table, or where to read the current one (the published table changes on publish). */
export type RoutingSource = RoutingTable | (() => RoutingTable);

export const routingOf = (source: RoutingSource): RoutingTable => (typeof source === 'function' ? source() : source);

/** Loader: the only I/O in this module. */
export function loadRouting(path: string): RoutingTable {
  return parseRouting(JSON.parse(readFileSync(path, 'utf8')));
}

/** Our department for a department name from the knowledge base, by the longest alias it contains. */
export function resolveDepartment(table: RoutingTable, name: string): string | undefined {
  const n = normalizeDepartment(name);
  if (n.length === 0) return undefined;
  return table.aliases.find(([alias]) => n.includes(alias))?.[1];
}

// ---------------------------------------------------------------- matching

interface Texts {
  /** The summary: what the demand is about. Matches here weigh double. */
  summary: string;
  /** Summary, detail and the user's and operator's turns. */
  all: string;
}

interface MatchResult {
  terms: string[];
  inSummary: Set<string>;
}

function match(m: CompiledMatcher, t: Texts): MatchResult | undefined {
  if (m.not.some((n) => t.all.includes(n))) return undefined;
  const groupTerms: string[] = [];
  for (const group of m.all) {
    const found = group.filter((term) => t.all.includes(term));
    if (found.length === 0) return undefined;
    groupTerms.push(...found);
  }
  const terms = m.keywords.filter((k) => t.all.includes(k));
  for (const p of m.patterns) {
    const hit = p.exec(t.all);
    if (hit) terms.push(hit[0]);
  }
  if ((m.keywords.length > 0 || m.patterns.length > 0) && terms.length === 0) return undefined;
  // "拖欠" already says "欠": list (and score) only the longest overlapping terms.
  const unique = [...new Set([...terms, ...groupTerms])];
  const all = unique.filter((x) => !unique.some((y) => y !== x && y.includes(x)));
  return { terms: all, inSummary: new Set(all.filter((x) => t.summary.includes(x))) };
}

function score(terms: string[], inSummary: Set<string>, priority: number): number {
  let s = priority;
  for (const term of terms) s += [...term].length * (inSummary.has(term) ? 2 : 1);
  return s;
}

/** Keep reason details short and readable. */
const detail = (text: string): string => (text.length > 500 ? text.slice(0, 499) + '…' : text);
const quote = (terms: string[]): string => terms.map((t) => `“${t}”`).join('、');

// ---------------------------------------------------------------- triage

export interface TriageInput {
  summary: string;
  detail?: string;
  turns?: readonly { role: 'user' | 'bot' | 'operator'; text: string }[];
  /** The enterprise is registered at city level (市本级). */
  cityLevel?: boolean;
  /** 乡镇/街道 of the enterprise, when known. */
  town?: string;
}

/** A department from a knowledge-base entry the assistant offered, best first. */
export type KbDepartmentHint = string | { entryId: string; department: string };

/** The learned triage model (src/classifier's TriageClassifier, or anything that classifies alike). */
export interface TriageModel {
  classify(text: string): Classification;
}

export interface TriageOptions {
  kbDepartments?: readonly KbDepartmentHint[];
  model?: TriageModel;
}

/**
 * Another department counts as involved when its own rule scores at least half the winner's and at
 * least 6 (a three-character term in the summary, or several shorter ones): one stray two-character
 * word is not enough to make a demand complex.
 */
const SECOND_DEPARTMENT_SHARE = 0.5;
const SECOND_DEPARTMENT_MIN_SCORE = 6;
const KB_AGREEMENT_BONUS = 3;
/** A keyword rule whose category the model also names outranks one it does not. */
const MODEL_AGREEMENT_BONUS = 3;

/** The category and department a model's first-level category routes to: the table's route, else a department of that category. */
function routeOfCategory(table: RoutingTable, level1: string): { category: Category; department: string } | undefined {
  const route = table.file.categories.find((c) => c.category.level1 === level1);
  if (route) return route;
  const department = table.file.departments.find((d) => d.category.level1 === level1);
  return department ? { category: department.category, department: department.name } : undefined;
}

function opinionOf(result: Classification): TriageModelOpinion {
  return {
    version: result.modelVersion,
    category: result.category.label,
    confidence: Math.round(result.category.confidence * 1000) / 1000,
    ...(result.department ? { department: result.department.label } : {}),
    evidence: result.category.evidence,
  };
}

export function triage(input: TriageInput, table: RoutingTable, options: TriageOptions = {}): Triage {
  const texts: Texts = {
    summary: normalizeText(input.summary),
    all: normalizeText(
      [input.summary, input.detail ?? '', ...(input.turns ?? []).filter((t) => t.role !== 'bot').map((t) => t.text)].join('\n'),
    ),
  };
  const reasons: TriageReason[] = [];
  const kbHints = (options.kbDepartments ?? [])
    .map((h) => (typeof h === 'string' ? { department: h } : h))
    .filter((h) => h.department.trim().length > 0)
    .map((h) => ({ ...h, resolved: resolveDepartment(table, h.department) }));
  const kbResolved = new Set(kbHints.map((h) => h.resolved).filter((d): d is string => d !== undefined));
  // The user's own words only: the bot's turns would teach the model nothing about the demand.
  const learned = (options.model ?? table.model)?.classify([input.summary, input.detail ?? '', ...(input.turns ?? []).filter((t) => t.role !== 'bot').map((t) => t.text)].join('\n'));
  const modelSure = learned !== undefined && !learned.category.review;
  const modelCategory = modelSure ? learned.category.label : undefined;

  // Category and department: best-scoring keyword rule. A term inside a longer term matched by
  // any rule is dropped ("出口" inside "出口退税"), so the longer, more specific phrase decides.
  const matched = table.rules
    .map((r) => ({ r, m: match(r, texts) }))
    .filter((x): x is { r: (typeof table.rules)[number]; m: MatchResult } => x.m !== undefined);
  const allTerms = new Set(matched.flatMap((x) => x.m.terms));
  const scored = matched
    .map(({ r, m }) => {
      const terms = m.terms.filter((t) => ![...allTerms].some((u) => u !== t && u.includes(t)));
      const bonus = kbResolved.has(r.rule.department) ? KB_AGREEMENT_BONUS : 0;
      const modelBonus = r.rule.category.level1 === modelCategory ? MODEL_AGREEMENT_BONUS : 0;
      return { r, terms, inSummary: m.inSummary, score: score(terms, m.inSummary, r.rule.priority + bonus + modelBonus), kbAgrees: bonus > 0 };
    })
    .filter((x) => x.terms.length > 0)
    // Specific rules before generic ones, then by score; the sort is stable, so file order breaks ties.
    .sort((a, b) => Number(a.r.rule.generic) - Number(b.r.rule.generic) || b.score - a.score);

  let category = table.file.fallback.category;
  let department = table.file.fallback.department;
  let baseLevel: Level = table.file.fallback.level;
  let levelReason: TriageReason = {
    aspect: 'level',
    code: 'department_default_level',
    detail: `${department}默认层级：${baseLevel}`,
  };
  // A specific keyword rule is the editors' lever and decides; a sure model outranks the catch-all rules.
  const modelRoute = modelCategory !== undefined ? routeOfCategory(table, modelCategory) : undefined;
  const best = scored[0] && (!scored[0].r.rule.generic || !modelRoute) ? scored[0] : undefined;
  let multiple: string[] = [];
  let review = false;

  if (best) {
    const rule = best.r.rule;
    category = rule.category;
    department = rule.department;
    const dept = table.departments.get(department);
    baseLevel = rule.level ?? dept?.level ?? table.file.fallback.level;
    const what = `规则 ${rule.id}：${quote(best.terms)}`;
    reasons.push({ aspect: 'category', code: 'keyword_match', detail: detail(what) });
    reasons.push({
      aspect: 'department',
      code: 'keyword_match',
      detail: detail(`${what} → ${department}` + (best.kbAgrees ? '（与知识库条目所属部门一致）' : '')),
    });
    levelReason = rule.level
      ? { aspect: 'level', code: 'rule_default_level', detail: `规则 ${rule.id} 默认层级：${baseLevel}` }
      : { aspect: 'level', code: 'department_default_level', detail: `${department}默认层级：${baseLevel}` };

    // Another department with a comparable claim of its own makes it a multi-department demand.
    const perDepartment = new Map<string, number>();
    for (const s of scored.slice(1)) {
      const d = s.r.rule.department;
      if (d === department || s.r.rule.generic) continue;
      const own = score(s.terms, s.inSummary, s.r.rule.priority);
      perDepartment.set(d, Math.max(perDepartment.get(d) ?? 0, own));
    }
    multiple = [...perDepartment]
      .filter(([, sc]) => sc >= SECOND_DEPARTMENT_MIN_SCORE && sc >= best.score * SECOND_DEPARTMENT_SHARE)
      .map(([d]) => d);
  } else if (learned && modelRoute) {
    const learnedDepartment = learned.department && !learned.department.review ? resolveDepartment(table, learned.department.label) : undefined;
    const why = `模型 ${learned.modelVersion.slice(0, 8)}：${learned.category.label}（置信度 ${learned.category.confidence.toFixed(2)}；依据 ${quote(learned.category.evidence)}）`;
    category = modelRoute.category;
    department = learnedDepartment ?? modelRoute.department;
    baseLevel = table.departments.get(department)?.level ?? table.file.fallback.level;
    reasons.push({ aspect: 'category', code: 'model_category', detail: detail(why) });
    reasons.push(
      learnedDepartment
        ? { aspect: 'department', code: 'model_department', detail: detail(`模型：${learned.department!.label}（置信度 ${learned.department!.confidence.toFixed(2)}）→ ${department}`) }
        : { aspect: 'department', code: 'model_category', detail: detail(`${learned.category.label} → ${department}（分派规则表）`) },
    );
    levelReason = { aspect: 'level', code: 'department_default_level', detail: `${department}默认层级：${baseLevel}` };
  } else {
    const hint = kbHints[0];
    if (hint) {
      const source = 'entryId' in hint ? `知识库条目 ${hint.entryId} 的部门“${hint.department}”` : `知识库部门“${hint.department}”`;
      const mapped = hint.resolved ? table.departments.get(hint.resolved) : undefined;
      if (mapped) {
        category = mapped.category;
        department = mapped.name;
        baseLevel = mapped.level;
        reasons.push({ aspect: 'category', code: 'kb_department', detail: detail(`${source} → ${department}的默认分类`) });
        reasons.push({ aspect: 'department', code: 'kb_department', detail: detail(`${source} → ${department}`) });
        levelReason = { aspect: 'level', code: 'department_default_level', detail: `${department}默认层级：${baseLevel}` };
      } else {
        department = hint.department.trim().slice(0, 100);
        reasons.push({ aspect: 'category', code: 'no_rule_matched', detail: '未命中规则，采用默认分类' });
        reasons.push({ aspect: 'department', code: 'kb_department_unmapped', detail: detail(`${source}（不在部门表中）`) });
      }
    } else if (learned) {
      review = true;
      const guess = `${learned.category.label}（置信度 ${learned.category.confidence.toFixed(2)}）`;
      const unsure = learned.category.review ? `模型把握不足：${guess}` : `模型判断 ${guess} 不在分派规则表的分类中`;
      reasons.push({ aspect: 'category', code: 'needs_review', detail: detail(`${unsure}，待人工研判`) });
      reasons.push({ aspect: 'department', code: 'needs_review', detail: `未命中规则，转交${department}研判` });
    } else {
      reasons.push({ aspect: 'category', code: 'no_rule_matched', detail: '未命中规则，采用默认分类' });
      reasons.push({ aspect: 'department', code: 'no_rule_matched', detail: `未命中规则，转交${department}研判` });
    }
  }

  // Complexity.
  let complexity: Complexity = 'general';
  for (const flag of table.complexity) {
    const m = match(flag, texts);
    if (!m) continue;
    complexity = 'complex';
    reasons.push({ aspect: 'complexity', code: 'keyword_match', detail: detail(`规则 ${flag.id}：${quote(m.terms)}`) });
  }
  if (multiple.length > 0) {
    complexity = 'complex';
    reasons.push({
      aspect: 'complexity',
      code: 'multiple_departments',
      detail: detail(`涉及${[department, ...multiple].join('、')}`),
    });
  }
  if (complexity === 'general') reasons.push({ aspect: 'complexity', code: 'default_general', detail: '未命中复杂情形规则' });

  // Level.
  let level: Level = baseLevel;
  if (multiple.length > 0) {
    level = '市';
    reasons.push({ aspect: 'level', code: 'multiple_departments', detail: '多部门诉求由市级统筹协调' });
  } else if (input.cityLevel && baseLevel !== '市') {
    level = '市';
    reasons.push({ aspect: 'level', code: 'city_level', detail: '企业属市本级' });
  } else if (baseLevel === '乡镇' && !input.town) {
    level = '区县';
    reasons.push({ ...levelReason, detail: `${levelReason.detail}；未填乡镇（街道），交区县` });
  } else if (baseLevel === '乡镇' && input.town) {
    reasons.push({ aspect: 'level', code: 'town_level', detail: `${levelReason.detail}；由${input.town}办理` });
  } else {
    reasons.push(levelReason);
  }

  // Urgency.
  let urgency: Urgency = 'normal';
  for (const flag of table.urgency) {
    const m = match(flag, texts);
    if (!m) continue;
    urgency = 'urgent';
    reasons.push({ aspect: 'urgency', code: 'keyword_match', detail: detail(`规则 ${flag.id}：${quote(m.terms)}`) });
  }
  if (urgency === 'normal') reasons.push({ aspect: 'urgency', code: 'default_normal', detail: '未命中紧急情形规则' });

  return {
    category,
    department,
    level,
    complexity,
    urgency,
    reasons,
    ...(review ? { review } : {}),
    ...(learned ? { model: opinionOf(learned) } : {}),
  };
}

// ---------------------------------------------------------------- what kind of demand

/** What the routing table says about a demand before it is filed: the chat shapes its intake on it. */
export interface DemandAssessment {
  category: Triage['category'];
  department: string;
  /** A rule of the table matched: the text names a matter departments handle (路灯, 噪音, 欠薪 …). */
  matched: boolean;
  /** The matched category is one of the table's `located` ones: a place is involved, ask where. */
  located: boolean;
}

const coversCategory = (located: LocatedCategory, category: Triage['category']): boolean =>
  located.level1 === category.level1 &&
  (located.level2 === undefined || located.level2 === category.level2) &&
  (located.level3 === undefined || located.level3 === category.level3);

export function assessDemand(text: string, table: RoutingTable): DemandAssessment {
  const t = triage({ summary: text }, table);
  const matched = t.reasons.some((r) => r.aspect === 'category' && r.code === 'keyword_match');
  const located = matched && (table.file.located ?? []).some((c) => coversCategory(c, t.category));
  return { category: t.category, department: t.department, matched, located };
}
