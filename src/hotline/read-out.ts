/**
 * What the operator reads to the caller for one field of one entry: the engine's answer for that
 * field (answerBody, the same words the chat gives) under the entry's name, without what only a
 * chat needs: no "还可以问我：…" list of follow-up questions, no "说转人工", no source line (the
 * card shows the entry and its department beside the text). An item's overview is put together
 * from the engine's answers for its fields, the materials counted rather than listed.
 */
import { answerBody, FIELD_LABELS, fieldForKind, type Field } from '../engine';
import { entryTitle, type Entry, type ServiceItem } from '../kb';
import { READ_OUT } from './messages';

export interface ReadOut {
  text: string;
  /** False when the entry does not state the field: the text says so and where to ask. */
  found: boolean;
}

/** The fields an item's overview reads out, in order, each as the engine answers it. */
const ITEM_OVERVIEW_BEFORE_MATERIALS: readonly Field[] = ['time_limit', 'visits'];
const ITEM_OVERVIEW_AFTER_MATERIALS: readonly Field[] = ['location', 'online', 'fees', 'phone'];

function itemOverview(item: ServiceItem, question: string): string {
  const body = (field: Field) => answerBody(item, field, question);
  const lines = [
    READ_OUT.department(item.department),
    ...ITEM_OVERVIEW_BEFORE_MATERIALS.map(body),
    item.materials.length > 0 ? READ_OUT.materialsCount(item.materials.length) : undefined,
    ...ITEM_OVERVIEW_AFTER_MATERIALS.map(body),
  ];
  return lines.filter((line): line is string => Boolean(line)).join('\n');
}

/**
 * `field` is mapped onto what the entry's kind can answer first (an item has no 支持标准: its
 * overview). `question`: the caller's words, normalised (the phone field puts 投诉电话 first for a
 * complaint).
 */
export function readOutFor(entry: Entry, asked: Field, question = ''): ReadOut {
  if (entry.kind === 'faq') return { text: entry.answer, found: true };
  const field = fieldForKind(asked, entry.kind);
  const name = entryTitle(entry);
  const body = field === 'overview' && entry.kind === 'item' ? itemOverview(entry, question) : answerBody(entry, field, question);
  if (body === undefined || body === '') {
    const phone = entry.kind === 'item' ? entry.consultPhone : entry.phone;
    return { text: READ_OUT.notStated(name, FIELD_LABELS[field], phone), found: false };
  }
  const heading = field === 'overview' ? READ_OUT.overviewHeading(name) : READ_OUT.heading(name, FIELD_LABELS[field]);
  return { text: `${heading}\n${body}`, found: true };
}
