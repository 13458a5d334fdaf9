/**
 * Answers built from one knowledge-base entry: the answer card a channel renders (asked field
 * first, then a materials checklist and the other facts the entry records), and answers for a
 * known entry without a new search (a clarify choice, or a bare follow-up such as "那要多久？").
 * Text comes from the engine's composeAnswer, so card and plain text never disagree.
 */
import {
  FIELD_LABELS,
  composeAnswer,
  convertScript,
  fieldForKind,
  type AnswerDecision,
  type Candidate,
  type Engine,
  type Field,
  type Script,
} from '../engine';
import { entryTitle, type Entry } from '../kb/schema';
import { say } from './messages';
import type { AnswerCard } from './types';

/** The composed answer without its heading, "还可以问我" hint and citation: the field's own text. */
function fieldBody(entry: Entry, field: Field, question: string): { body: string; found: boolean } {
  const { text, found } = composeAnswer(entry, field, question);
  const lines = text.split('\n').filter((l) => !l.startsWith('来源：') && !l.startsWith('还可以问我'));
  if (found && entry.kind !== 'faq') lines.shift(); // 「title」label
  return { body: lines.join('\n').trim(), found };
}

function facts(entry: Entry, asked: Field, question: string, script: Script): AnswerCard['facts'] {
  const out: AnswerCard['facts'] = [];
  const add = (label: string, value: string | undefined) => {
    if (value) out.push({ label, value: convertScript(value, script) });
  };
  const composed = (field: Field) => (field === asked ? undefined : fieldBody(entry, field, question));
  const body = (field: Field) => {
    const c = composed(field);
    return c?.found ? c.body : undefined;
  };
  if (entry.kind === 'item') {
    add(say('fact_time_limit', script), body('time_limit'));
    if (asked !== 'location') {
      add(say('fact_location', script), entry.location);
      add(say('fact_hours', script), entry.hours);
    }
    if (asked !== 'phone') add(say('fact_phone', script), entry.consultPhone);
    if (asked !== 'online' && entry.online)
      add(say('fact_online', script), say(entry.online.available ? 'fact_online_yes' : 'fact_online_no', script));
    if (asked !== 'fees') add(say('fact_fees', script), entry.fees);
    add(say('fact_visits', script), body('visits'));
  } else if (entry.kind === 'policy') {
    add(say('fact_level', script), entry.level);
    if (entry.noApplication) add(say('fact_no_application', script), say('fact_yes', script));
    if (asked !== 'time_limit' && (entry.validFrom || entry.validTo))
      add(
        say('fact_validity', script),
        say('validity', script, { from: entry.validFrom ?? say('valid_from_open', script), to: entry.validTo ?? say('valid_to_open', script) }),
      );
    if (asked !== 'phone') add(say('fact_phone', script), entry.phone);
  }
  return out;
}

function materials(entry: Entry, script: Script): AnswerCard['materials'] {
  if (entry.kind !== 'item' || entry.materials.length === 0) return undefined;
  return entry.materials.map((m) => {
    const detail = [
      m.form,
      m.copies ? say('material_copies', script, { copies: m.copies }) : undefined,
      m.required ? undefined : say('material_optional', script),
      m.note,
    ]
      .filter(Boolean)
      .join('，');
    const name = convertScript(m.name, script);
    return detail ? { name, detail: convertScript(detail, script) } : { name };
  });
}

export function buildCard(entry: Entry, field: Field, question: string, script: Script): AnswerCard {
  const { body } = fieldBody(entry, field, question);
  const card: AnswerCard = {
    entryId: entry.id,
    kind: entry.kind,
    title: convertScript(entryTitle(entry), script),
    field,
    fieldLabel: entry.kind === 'faq' ? say('faq_label', script) : convertScript(FIELD_LABELS[field], script),
    body: convertScript(body, script),
    // A fact the answer already states (an overview lists time limit, place, phone …) is not repeated.
    facts: facts(entry, field, question, script).filter((f) => !convertScript(body, script).includes(f.value)),
    source: convertScript([entry.department, entry.source].filter(Boolean).join(' · ') || entry.id, script),
  };
  if (entry.department) card.department = convertScript(entry.department, script);
  const list = materials(entry, script);
  if (list) card.materials = list;
  if (entry.kind === 'item' && entry.online?.available && entry.online.url) card.onlineUrl = entry.online.url;
  return card;
}

/** An answer about a known entry, as the engine would give it, without searching again. */
export function answerFromEntry(
  engine: Engine,
  entryId: string,
  field: Field | null | undefined,
  question: string,
  script: Script,
  candidates: Candidate[] = [],
): AnswerDecision | undefined {
  const entry = engine.entry(entryId);
  if (!entry) return undefined;
  const f = fieldForKind(field ?? undefined, entry.kind);
  return {
    kind: 'answer',
    entryId: entry.id,
    field: f,
    confidence: 1,
    candidates,
    script,
    text: convertScript(composeAnswer(entry, f, question).text, script),
    source: { entryId: entry.id, kind: entry.kind, title: entryTitle(entry), department: entry.department, source: entry.source },
  };
}
