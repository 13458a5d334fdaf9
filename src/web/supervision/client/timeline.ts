/* A ticket's course (GET /api/v1/supervision/tickets/:id/timeline) drawn into #timeline, as text only. */
import { el } from '../../shared/console';
import { byId } from '../../shared/dom';
import { forgetCases } from './cases';
import { APPLICANT_LABELS, CHANNEL_LABELS, EVENT_LABELS, TEXT, fullTime } from './labels';
import type { Timeline, TimelineEvent } from './types';

function fact(list: HTMLElement, term: string, value: string | Node): void {
  list.appendChild(el('dt', null, term));
  const dd = el('dd');
  if (typeof value === 'string') dd.textContent = value;
  else dd.appendChild(value);
  list.appendChild(dd);
}

function colourBadge(t: Timeline): HTMLElement {
  const span = el('span');
  span.appendChild(el('span', 'badge ' + t.colour, t.colourName));
  if (t.outcomeName) span.appendChild(el('span', 'badge' + (t.outcome === 'missed' ? ' missed' : ''), t.outcomeName));
  else if (t.colour === 'red') span.appendChild(el('span', 'left', TEXT.overdue(Math.floor((Date.parse(t.asOf) - Date.parse(t.ticket.sla.dueAt)) / 86_400_000))));
  else if (t.workingDaysLeft !== undefined) span.appendChild(el('span', 'left', TEXT.daysLeft(t.workingDaysLeft)));
  return span;
}

function eventItem(e: TimelineEvent): HTMLLIElement {
  const li = el('li', e.kind);
  const time = el('time', null, fullTime(e.at));
  time.setAttribute('datetime', e.at);
  li.appendChild(time);
  const what = e.kind === 'status' || e.kind === 'filed' ? (e.kind === 'filed' ? EVENT_LABELS.filed : e.statusName || EVENT_LABELS.status) : EVENT_LABELS[e.kind];
  li.appendChild(el('span', 'what', what));
  const more: string[] = [];
  if (e.department) more.push(TEXT.department + '：' + e.department);
  if (e.answer) more.push(TEXT.answer + '：' + e.answer);
  if (e.reason) more.push(TEXT.reason + '：' + e.reason);
  if (e.note) more.push(TEXT.note + '：' + e.note);
  if (e.score !== undefined) more.push(TEXT.score(e.score) + (e.comment ? '　' + e.comment : ''));
  if (more.length) li.appendChild(el('span', 'more', more.join('\n')));
  return li;
}

export function showTimeline(t: Timeline): void {
  const k = t.ticket;
  byId('timeline-title').textContent = TEXT.timelineTitle(k.id);
  const facts = byId('facts');
  facts.replaceChildren();
  fact(facts, '时限状态', colourBadge(t));
  fact(facts, '办理状态', t.statusName);
  fact(facts, '承办部门', t.department + (t.department !== k.triageDepartment ? `（研判：${k.triageDepartment}）` : ''));
  const place = k.enterprise ?? k.applicant;
  if (k.enterprise) fact(facts, '企业', k.enterprise.name + (k.enterprise.creditCode ? `（${k.enterprise.creditCode}）` : ''));
  else if (k.applicant) fact(facts, '诉求人', APPLICANT_LABELS[k.applicant.kind] ?? k.applicant.kind);
  if (place?.district) fact(facts, '所属区县', place.district + (place.town ? ' ' + place.town : ''));
  fact(facts, '分类', [k.category.level1, k.category.level2, k.category.level3].filter(Boolean).join(' / '));
  fact(facts, '渠道', CHANNEL_LABELS[k.channel] || k.channel);
  fact(facts, '联系人', `${k.contact.name} ${k.contact.phone}`);
  fact(facts, '办结时限', `${fullTime(k.sla.dueAt)}（${k.sla.workingDays} 个工作日${k.urgency === 'urgent' ? '，' + TEXT.urgent : ''}）`);
  fact(facts, '诉求摘要', k.summary);
  if (k.detail) fact(facts, '诉求详情', k.detail);
  if (t.delivery.lastError && !t.delivery.deliveredAt) fact(facts, '推送', TEXT.deliveryFailed(t.delivery.attempts, t.delivery.lastError));
  byId('events').replaceChildren(...t.events.map(eventItem));
  const panel = byId('timeline');
  panel.hidden = false;
  panel.dataset.ticket = k.id;
  panel.focus();
}

export function hideTimeline(): void {
  const panel = byId('timeline');
  panel.hidden = true;
  delete panel.dataset.ticket;
  forgetCases();
}
