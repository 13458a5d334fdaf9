/**
 * The policy dialog's pieces: telling a discovery request ("我们能享受哪些政策", "有啥补贴") from a
 * question about one policy, starting the dialog, asking the next question (src/policies/chooser.ts
 * picks it), reading an answer, and the result: the policies that fit as cards, the ones that may
 * fit with what is missing. The state's handler is states/policy-dialog.ts.
 */
import { entryTitle, type Entry, type Policy } from '../kb/schema';
import { normalizeUscc, validateUscc } from '../identifiers';
import {
  assess,
  chooseQuestion,
  knowledgeOf,
  industryName,
  readAnswer,
  stepOf,
  withAnswer,
  type AnswerOption,
  type Assessment,
  type AskableFact,
  type NumberFact,
  type Range,
} from '../policies';
import { districtNames } from '../tickets/districts';
import { createDiscoveryClassifier, loadDiscoveryExamples, type DiscoveryClassifier, type DiscoveryExamples } from './policy-request';
import { askCode, factCode, sayPolicy, type PolicyTextCode } from './policy-messages';
import { inScript, send, type DialogDeps, type PolicyDialogDeps, type Turn } from './turn';
import type { AnswerCard, Choice } from './types';

/** Cards shown at most; the rest of the policies that fit are named in one line. */
const MAX_CARDS = 5;
const MAX_MAYBE_LINES = 8;
const MAX_BUTTONS = 10;

const p = (turn: Turn, code: PolicyTextCode, vars?: Record<string, string | number>): string => sayPolicy(code, turn.state.script, vars);
const textChoice = (label: string): Choice => ({ label, input: { text: label } });

let examples: DiscoveryExamples | undefined;
/** One classifier and policy list per published entry list. */
const built = new WeakMap<readonly Entry[], { classifier: DiscoveryClassifier; policies: Policy[] }>();
function catalogue(deps: PolicyDialogDeps) {
  const entries = deps.entries();
  let b = built.get(entries);
  if (!b) {
    examples ??= loadDiscoveryExamples();
    const named = entries.map((e) => ({ kind: e.kind, title: entryTitle(e), aliases: 'aliases' in e ? e.aliases : [] }));
    b = { classifier: createDiscoveryClassifier(examples, named), policies: entries.filter((e): e is Policy => e.kind === 'policy') };
    built.set(entries, b);
  }
  return b;
}

/** Whether the text asks which policies fit (the dialog), not about one policy (the engine). */
export function isPolicyDiscovery(deps: DialogDeps, text: string): boolean {
  return deps.policies !== undefined && catalogue(deps.policies).classifier.isDiscovery(text);
}

export function startPolicyDialog(deps: DialogDeps, turn: Turn): void {
  const { state } = turn;
  state.clarify = undefined;
  if (deps.policies?.directory) {
    state.policy = { step: 'code', knowledge: {}, asked: [] };
    send(turn, { type: 'text', text: p(turn, 'start_code'), choices: [textChoice(p(turn, 'choice_questions'))] });
    return;
  }
  state.policy = { step: 'question', knowledge: {}, asked: [] };
  send(turn, { type: 'text', text: p(turn, 'start_questions') });
  askNext(deps, turn);
}

/** A valid credit code in the text, normalised (spaces and hyphens dropped). */
export function creditCodeIn(text: string): { code: string; valid: boolean } | undefined {
  const run = normalizeUscc(text.normalize('NFKC').toUpperCase().replace(/[\s-]/g, '')).match(/[0-9A-Z]{18}/);
  return run ? { code: run[0], valid: validateUscc(run[0]).ok } : undefined;
}

/** Step code / confirm: the code looked up in the registry. */
export async function lookUpCode(deps: DialogDeps, turn: Turn, code: string): Promise<void> {
  const dialog = turn.state.policy!;
  const found = await deps.policies?.directory?.findByCreditCode(code);
  if (!found) {
    send(turn, { type: 'text', text: p(turn, 'code_not_found') });
    dialog.enterprise = undefined;
    return askNext(deps, turn);
  }
  dialog.step = 'confirm';
  dialog.enterprise = { name: found.name, creditCode: code };
  send(turn, { type: 'text', text: p(turn, 'code_found', { name: found.name }), choices: [textChoice(p(turn, 'choice_yes')), textChoice(p(turn, 'choice_no'))] });
}

/** Step confirm, "是的": what the registry knows, then questions for what it does not. */
export async function confirmEnterprise(deps: DialogDeps, turn: Turn): Promise<void> {
  const dialog = turn.state.policy!;
  const found = dialog.enterprise && (await deps.policies?.directory?.findByCreditCode(dialog.enterprise.creditCode));
  if (found) {
    dialog.knowledge = knowledgeOf(found, deps.policies!.today());
    send(turn, { type: 'text', text: p(turn, 'confirmed', { name: found.name }) });
    await tellNotices(deps, turn, found.creditCode ?? dialog.enterprise!.creditCode);
  } else dialog.enterprise = undefined;
  askNext(deps, turn);
}

/** 免申即享 notices already kept for this enterprise: told here, since it has just said who it is. */
async function tellNotices(deps: DialogDeps, turn: Turn, creditCode: string): Promise<void> {
  const notices = (await deps.policies?.notices?.(creditCode)) ?? [];
  if (notices.length === 0) return;
  const list = notices
    .slice(0, 5)
    .map((n) => inScript(turn, n.benefit ? `《${n.policyTitle}》（${n.benefit}）` : `《${n.policyTitle}》`))
    .join('；');
  send(turn, { type: 'text', text: p(turn, 'notices', { count: notices.length, list }) });
}

export function declineEnterprise(deps: DialogDeps, turn: Turn): void {
  turn.state.policy!.enterprise = undefined;
  send(turn, { type: 'text', text: p(turn, 'not_that') });
  askNext(deps, turn);
}

const UNIT: Partial<Record<AskableFact, PolicyTextCode>> = {
  employees: 'unit_employees',
  revenue: 'unit_money',
  assets: 'unit_money',
  registeredCapital: 'unit_money',
  rdRatio: 'unit_rdRatio',
  establishedYears: 'unit_establishedYears',
};

const round = (n: number): string => String(Number(n.toFixed(2)));

/** Whether a number is a bound as rules write them (to two decimals), not a step beside one. */
const isBound = (n: number): boolean => Math.abs(n * 100 - Math.round(n * 100)) < 1e-6;

/**
 * Years established as a button says them: "不到3年", "1–3年", "3年及以上" where the bounds are 满 / 不满,
 * "超过3年", "不超过3年", "满1年、不超过3年" where a rule says 超过 / 不超过 (a range then starts a day past
 * the bound, or ends on it). Read back as the same range by src/policies/answers.ts.
 */
function yearsLabel(turn: Turn, r: Range): string {
  const day = stepOf('establishedYears');
  const lowOver = r.min > 0 && !isBound(r.min) && isBound(r.min - day);
  const highUpto = r.max !== undefined && isBound(r.max);
  if (!lowOver && !highUpto) return rangeLabel(turn, 'establishedYears', r, true);
  const low = r.min === 0 ? '' : lowOver ? p(turn, 'years_over', { n: round(r.min - day) }) : p(turn, 'years_from', { n: round(r.min) });
  const high = r.max === undefined ? '' : highUpto ? p(turn, 'years_upto', { n: round(r.max) }) : p(turn, 'years_under', { n: round(r.max + day) });
  return low && high ? p(turn, 'years_span', { low, high }) : low || high;
}

/** A range as its button says it; the label reads back as the same range (src/policies/answers.ts). */
export function rangeLabel(turn: Turn, fact: AskableFact, r: Range, plain = false): string {
  if (fact === 'establishedYears' && !plain) return yearsLabel(turn, r);
  const unit = p(turn, UNIT[fact] ?? 'unit_employees');
  // A count's button names its last value ("20–99人"); any other's the next button's first ("3–5年").
  const integer = fact === 'employees';
  if (r.max === undefined) return p(turn, 'range_above', { min: round(r.min), unit });
  const upper = r.max + stepOf(fact as NumberFact);
  if (r.min === 0) return p(turn, 'range_below', { max: round(upper), unit });
  return p(turn, 'range_between', { min: round(r.min), max: round(integer ? r.max : upper), unit });
}

/** The buttons of a question: each possible answer as the text it sends. */
function buttons(deps: DialogDeps, turn: Turn, fact: AskableFact, options: readonly AnswerOption[]): Choice[] {
  const labels: string[] = [];
  for (const { value } of options) {
    if (fact === 'district') labels.push(inScript(turn, value as string));
    else if (fact === 'industry') {
      const name = industryName(value as string);
      if (name) labels.push(inScript(turn, name));
    } else if (fact === 'qualifications') {
      const list = value as string[];
      if (list.length === 1) labels.push(inScript(turn, list[0]!));
    } else if (fact === 'taxCredit') labels.push(p(turn, 'tax_grade', { grade: value as string }));
    else labels.push(rangeLabel(turn, fact, value as Range));
  }
  const unique = [...new Set(labels)].slice(0, MAX_BUTTONS);
  if (fact === 'qualifications') unique.push(p(turn, 'choice_none'));
  return [...unique, p(turn, 'choice_skip')].map(textChoice);
}

/** The next question, or the result when none is left (MAX_QUESTIONS asked, or nothing would help). */
export function askNext(deps: DialogDeps, turn: Turn): void {
  const dialog = turn.state.policy!;
  const policies = catalogue(deps.policies!).policies;
  const question = chooseQuestion(policies, dialog.knowledge, { asked: dialog.asked, districts: districtNames(deps.districts) });
  if (!question) return showResult(deps, turn);
  dialog.step = 'question';
  dialog.fact = question.fact;
  send(turn, { type: 'text', text: p(turn, askCode(question.fact)), choices: buttons(deps, turn, question.fact, question.options) });
}

export function askAgain(deps: DialogDeps, turn: Turn): void {
  const dialog = turn.state.policy!;
  if (dialog.step !== 'question' || !dialog.fact) {
    send(turn, { type: 'text', text: p(turn, 'code_prompt'), choices: [textChoice(p(turn, 'choice_questions'))] });
    return;
  }
  const policies = catalogue(deps.policies!).policies;
  const question = chooseQuestion(policies, dialog.knowledge, { asked: dialog.asked.filter((f) => f !== dialog.fact), districts: districtNames(deps.districts) });
  const options = question?.fact === dialog.fact ? question.options : [];
  send(turn, { type: 'text', text: p(turn, 'retry', { question: p(turn, askCode(dialog.fact)) }), choices: buttons(deps, turn, dialog.fact, options) });
}

/** An answer to the fact asked: taken (or the fact skipped), then the next question. False: no answer. */
export function takeAnswer(deps: DialogDeps, turn: Turn, text: string, skip: boolean): boolean {
  const dialog = turn.state.policy!;
  const fact = dialog.fact;
  if (!fact) return false;
  const districts = [...deps.districts.districts.map((d) => ({ name: d.name, aliases: d.aliases })), { name: deps.districts.cityLevel, aliases: [] }];
  const answer = readAnswer(fact, text, { districts, on: deps.policies!.today() });
  if (!answer && !skip) return false;
  if (answer) dialog.knowledge = withAnswer(dialog.knowledge, answer);
  dialog.asked.push(fact);
  dialog.fact = undefined;
  askNext(deps, turn);
  return true;
}

/** The words a skip button sends: a skip whatever the fact. */
export const isSkip = (turn: Turn, text: string): boolean => text.trim() === p(turn, 'choice_skip');

function card(turn: Turn, policy: Policy, a: Assessment): AnswerCard {
  const facts: AnswerCard['facts'] = [];
  const add = (code: PolicyTextCode, value: string | undefined) => {
    if (value) facts.push({ label: p(turn, code), value: inScript(turn, value) });
  };
  add('fact_deadline', policy.validTo);
  add('fact_apply', policy.noApplication ? p(turn, 'no_application') : policy.howToApply);
  const manual = new Set(a.manual);
  const checks = (policy.rules ? itemTexts(policy.rules) : []).filter(([id]) => manual.has(id)).map(([, text]) => text);
  add('fact_manual', checks.join(p(turn, 'manual_separator')) || undefined);
  add('fact_phone', policy.phone);
  const out: AnswerCard = {
    entryId: policy.id,
    kind: 'policy',
    title: inScript(turn, policy.title),
    field: 'benefits',
    fieldLabel: p(turn, 'benefits_label'),
    body: inScript(turn, policy.benefits ?? policy.summary ?? ''),
    facts,
    source: inScript(turn, [policy.department, policy.source].filter(Boolean).join(' · ') || policy.id),
  };
  if (policy.department) out.department = inScript(turn, policy.department);
  return out;
}

function itemTexts(rules: NonNullable<Policy['rules']>): [string, string][] {
  if ('id' in rules) return [[rules.id, rules.text]];
  if ('all' in rules) return rules.all.flatMap(itemTexts);
  if ('any' in rules) return rules.any.flatMap(itemTexts);
  return itemTexts(rules.not);
}

/**
 * The result: the policies whose checkable conditions all hold (eligible, or open on manual checks
 * only) as cards, the ones still open on a fact as "可能符合" with what is missing. The dialog ends.
 */
export function showResult(deps: DialogDeps, turn: Turn): void {
  const dialog = turn.state.policy!;
  const policies = catalogue(deps.policies!).policies.filter((x) => x.rules);
  const byId = new Map(policies.map((x) => [x.id, x]));
  const assessed = assess(policies, dialog.knowledge);
  const fits = assessed
    .filter((a) => a.verdict === 'eligible' || (a.verdict === 'unknown' && a.missingFacts.length === 0))
    .sort((a, b) => Number(b.verdict === 'eligible') - Number(a.verdict === 'eligible') || a.manual.length - b.manual.length);
  const maybe = assessed.filter((a) => a.verdict === 'unknown' && a.missingFacts.length > 0).sort((a, b) => a.missingFacts.length - b.missingFacts.length);
  turn.state.policy = undefined;
  deps.policies!.onMatched?.({
    eligible: assessed.filter((a) => a.verdict === 'eligible').map((a) => a.policyId),
    missingFacts: [...new Set(maybe.flatMap((a) => a.missingFacts))],
  });
  if (fits.length === 0 && maybe.length === 0) {
    send(turn, { type: 'text', text: p(turn, 'result_none') });
    return;
  }
  const counts = { eligible: fits.length, maybe: maybe.length };
  const head = dialog.enterprise ? p(turn, 'result_head_named', { ...counts, name: dialog.enterprise.name }) : p(turn, 'result_head', counts);
  send(turn, { type: 'text', text: head });
  for (const a of fits.slice(0, MAX_CARDS)) {
    const policy = byId.get(a.policyId)!;
    send(turn, { type: 'answer', text: inScript(turn, policy.title), entryId: policy.id, field: 'benefits', card: card(turn, policy, a) });
  }
  if (fits.length > MAX_CARDS) {
    const titles = fits.slice(MAX_CARDS).map((a) => inScript(turn, byId.get(a.policyId)!.title));
    send(turn, { type: 'text', text: p(turn, 'result_more', { count: titles.length, titles: titles.join(p(turn, 'list_separator')) }) });
  }
  if (maybe.length > 0) {
    const lines = maybe.slice(0, MAX_MAYBE_LINES).map((a) =>
      p(turn, 'maybe_line', {
        title: inScript(turn, byId.get(a.policyId)!.title),
        missing: a.missingFacts.map((f) => p(turn, factCode(f))).join(p(turn, 'list_separator')),
      }),
    );
    send(turn, { type: 'text', text: [p(turn, 'maybe_head'), ...lines].join('\n') });
  }
  const example = byId.get((fits[0] ?? maybe[0])!.policyId)!.title;
  send(turn, { type: 'text', text: p(turn, 'result_tail', { example: inScript(turn, example) }) });
}

