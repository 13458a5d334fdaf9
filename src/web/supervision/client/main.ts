/*
 * The 督办 list (GET /api/v1/supervision/tickets): the colour chips with their counts, the filters
 * (待研判 among them; kept in the address, so a reload or a shared link shows the same list), the table, paging, the
 * export links for the same filters, and a ticket's timeline with its similar past cases on click. Text only reaches the DOM
 * as textContent.
 */
import * as C from '../../shared/console';
import { byId, messageOf, onReady } from '../../shared/dom';
import { loadCases } from './cases';
import { APPLICANT_LABELS, COLOUR_LABELS, TEXT, fullTime, shortTime } from './labels';
import { hideTimeline, showTimeline } from './timeline';
import type { ListPage, Options, Row, SlaColour, Timeline } from './types';

const el = C.el;
const PAGE_SIZE = 50;
const COLOURS: SlaColour[] = ['red', 'yellow', 'green', 'grey'];
const FIELDS = ['department', 'category', 'district', 'from', 'to'] as const;

let offset = 0;

const input = (id: string) => byId<HTMLInputElement | HTMLSelectElement>(id);
const reviewBox = () => byId<HTMLInputElement>('review');
const colourBoxes = () => Array.from(document.querySelectorAll<HTMLInputElement>('input[name="colour"]'));

/** The filters as query parameters (colour only when not all four). */
function filterParams(): URLSearchParams {
  const p = new URLSearchParams();
  const colours = colourBoxes().filter((b) => b.checked).map((b) => b.value);
  if (colours.length && colours.length < COLOURS.length) p.set('colour', colours.join(','));
  for (const f of FIELDS) if (input(f).value) p.set(f, input(f).value);
  if (reviewBox().checked) p.set('review', 'true');
  return p;
}

/** The form from the address (?colour=red,yellow&department=…&offset=50). */
function readAddress(): void {
  const q = new URLSearchParams(location.search);
  const colours = (q.get('colour') || '').split(',').filter(Boolean);
  for (const b of colourBoxes()) b.checked = colours.length === 0 || colours.includes(b.value);
  for (const f of FIELDS) input(f).value = q.get(f) || '';
  reviewBox().checked = q.get('review') === 'true';
  offset = Math.max(0, Number(q.get('offset')) || 0);
}

function fillSelect(id: string, values: string[]): void {
  const select = byId<HTMLSelectElement>(id);
  const keep = select.value;
  select.replaceChildren(el('option', null, TEXT.any), ...values.map((v) => el('option', null, v)));
  (select.firstChild as HTMLOptionElement).value = '';
  select.value = values.includes(keep) ? keep : '';
}

function cell(label: string, cls?: string): HTMLTableCellElement {
  const td = el('td', cls);
  td.dataset.label = label;
  return td;
}

/** Whole days past the deadline at `asOf` (calendar days: how long it has been left). */
const daysOverdue = (r: Row, asOf: string) => Math.floor((Date.parse(asOf) - Date.parse(r.dueAt)) / 86_400_000);

function rowOf(r: Row, asOf: string): HTMLTableRowElement {
  const tr = el('tr', r.colour);
  tr.dataset.id = r.id;
  const id = cell('工单编号');
  const open = el('button', 'link', r.id);
  open.type = 'button';
  open.addEventListener('click', () => void openTimeline(r.id, tr));
  id.appendChild(open);
  if (r.urgency === 'urgent') id.appendChild(el('span', 'flag', TEXT.urgent));
  if (r.complexity === 'complex') id.appendChild(el('span', 'flag', TEXT.complex));
  const colour = cell('时限状态');
  colour.appendChild(el('span', 'badge ' + r.colour, r.colourName));
  if (r.outcomeName) colour.appendChild(el('span', 'left', r.outcomeName));
  else if (r.colour === 'red') colour.appendChild(el('span', 'left', TEXT.overdue(daysOverdue(r, asOf))));
  else if (r.workingDaysLeft !== undefined) colour.appendChild(el('span', 'left', TEXT.daysLeft(r.workingDaysLeft)));
  const enterprise = cell('企业', 'summary');
  enterprise.appendChild(el('span', null, r.enterprise || APPLICANT_LABELS[r.applicant ?? 'individual'] || ''));
  enterprise.appendChild(el('span', 'sub', r.summary));
  const category = cell('分类');
  category.appendChild(el('span', null, r.category.level1));
  category.appendChild(el('span', 'sub', r.category.level2));
  const status = cell('办理状态');
  status.appendChild(el('span', null, r.statusName));
  status.appendChild(el('span', 'sub', shortTime(r.statusAt)));
  const filed = cell('提交时间');
  filed.textContent = shortTime(r.createdAt);
  const due = cell('办结时限');
  due.textContent = fullTime(r.dueAt);
  const department = cell('承办部门');
  department.textContent = r.department;
  if (r.review) department.appendChild(el('span', 'flag', TEXT.review));
  const district = cell('区县');
  district.textContent = r.district;
  tr.append(id, colour, enterprise, category, department, district, status, filed, due);
  return tr;
}

function render(page: ListPage): void {
  for (const c of COLOURS) byId('count-' + c).textContent = String(page.counts[c] ?? '–');
  const rows = byId('rows');
  if (page.items.length === 0) {
    const tr = el('tr', 'empty');
    const td = el('td', null, TEXT.none);
    td.colSpan = 9;
    tr.appendChild(td);
    rows.replaceChildren(tr);
  } else {
    rows.replaceChildren(...page.items.map((r) => rowOf(r, page.asOf)));
  }
  const from = page.total === 0 ? 0 : page.offset + 1;
  const to = page.offset + page.items.length;
  byId('range').textContent = page.total ? TEXT.range(from, to) : '';
  byId<HTMLButtonElement>('prev').disabled = page.offset === 0;
  byId<HTMLButtonElement>('next').disabled = to >= page.total;
  C.status(TEXT.loaded(TEXT.asOf(fullTime(page.asOf)), page.total));
}

async function load(): Promise<void> {
  const params = filterParams();
  for (const format of ['csv', 'xlsx']) {
    const p = new URLSearchParams(params);
    p.set('format', format);
    byId<HTMLAnchorElement>('export-' + format).href = '/api/v1/supervision/export?' + p.toString();
  }
  const address = new URLSearchParams(params);
  if (offset) address.set('offset', String(offset));
  history.replaceState(null, '', location.pathname + (address.toString() ? '?' + address.toString() : ''));
  params.set('offset', String(offset));
  params.set('limit', String(PAGE_SIZE));
  document.body.dataset.loaded = 'false';
  C.status(TEXT.loading);
  try {
    render(await C.api<ListPage>('GET', '/api/v1/supervision/tickets?' + params.toString()));
  } catch (err) {
    C.status(messageOf(err), true);
  } finally {
    document.body.dataset.loaded = 'true';
  }
}

async function openTimeline(id: string, tr: HTMLTableRowElement): Promise<void> {
  for (const selected of Array.from(document.querySelectorAll('tr.selected'))) selected.classList.remove('selected');
  tr.classList.add('selected');
  try {
    showTimeline(await C.api<Timeline>('GET', '/api/v1/supervision/tickets/' + encodeURIComponent(id) + '/timeline'));
    void loadCases(id);
  } catch (err) {
    C.status(messageOf(err), true);
  }
}

function search(): void {
  if (input('from').value && input('to').value && input('from').value > input('to').value) {
    C.status(TEXT.badDate, true);
    return;
  }
  offset = 0;
  hideTimeline();
  void load();
}

async function start(): Promise<void> {
  const who = await C.me();
  if (!who) return;
  C.showUser(who);
  for (const b of colourBoxes()) b.title = COLOUR_LABELS[b.value as SlaColour];
  readAddress();
  try {
    const options = await C.api<Options>('GET', '/api/v1/supervision/filters');
    fillSelect('department', options.departments);
    fillSelect('category', options.categories);
    fillSelect('district', options.districts);
    readAddress();
  } catch (err) {
    C.status(messageOf(err), true);
  }
  byId('filters').addEventListener('submit', (e) => {
    e.preventDefault();
    search();
  });
  for (const b of colourBoxes()) b.addEventListener('change', search);
  byId('reset').addEventListener('click', () => {
    for (const b of colourBoxes()) b.checked = true;
    for (const f of FIELDS) input(f).value = '';
    reviewBox().checked = false;
    search();
  });
  byId('prev').addEventListener('click', () => {
    offset = Math.max(0, offset - PAGE_SIZE);
    void load();
  });
  byId('next').addEventListener('click', () => {
    offset += PAGE_SIZE;
    void load();
  });
  byId('close-timeline').addEventListener('click', hideTimeline);
  await load();
}

onReady(() => {
  start().catch((err) => C.status(messageOf(err), true));
});
