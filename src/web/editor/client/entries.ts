/** The entry list (#/entries?q&kind&department&offset): search, filters, paging, 新建条目. */
import { PAGE, api, failed } from './api';
import { append, el, fmtTime, headRow } from './dom';
import { KIND_LABEL, KINDS, kindLabel } from './labels';
import { go, type Route } from './router';
import type { EntryList } from './types';

const kindOptions = () => KINDS.map((k) => el('option', { value: k, text: KIND_LABEL[k] }));

export function viewEntries(main: HTMLElement, r: Route): void {
  const p = r.params;
  const offset = Math.max(0, parseInt(p.get('offset') || '0', 10) || 0);
  const q = el('input', { type: 'search', id: 'q', value: p.get('q') || '', placeholder: '编号、名称、别名、部门、正文…', 'aria-label': '搜索' });
  const kind = el('select', { id: 'kind-filter', 'aria-label': '类型' }, el('option', { value: '', text: '全部类型' }), kindOptions());
  kind.value = p.get('kind') || '';
  const dept = el('input', { type: 'text', id: 'department-filter', value: p.get('department') || '', placeholder: '部门', 'aria-label': '部门', list: 'departments' });
  const departments = el('datalist', { id: 'departments' });
  const newKind = el('select', { id: 'new-kind', 'aria-label': '新建条目的类型' }, kindOptions());
  function search(at: number): void {
    const s = new URLSearchParams();
    if (q.value.trim()) s.set('q', q.value.trim());
    if (kind.value) s.set('kind', kind.value);
    if (dept.value.trim()) s.set('department', dept.value.trim());
    if (at) s.set('offset', String(at));
    go('#/entries' + (s.toString() ? '?' + s.toString() : ''));
  }
  const form = el(
    'form',
    {
      class: 'toolbar',
      role: 'search',
      on: {
        submit: (e) => {
          e.preventDefault();
          search(0);
        },
      },
    },
    q,
    kind,
    dept,
    departments,
    el('button', { type: 'submit', text: '搜索' }),
    el('span', { style: null }, ' '),
    newKind,
    el('button', { type: 'button', id: 'new-entry', text: '新建条目', on: { click: () => go('#/new/' + newKind.value) } }),
  );
  kind.addEventListener('change', () => search(0));
  const body = el('tbody');
  const summary = el('span', { class: 'muted' }, '正在加载…');
  const prev = el('button', { type: 'button', text: '上一页', disabled: true });
  const next = el('button', { type: 'button', text: '下一页', disabled: true });
  append(main, [
    el('h2', { text: '知识库条目' }),
    form,
    el('table', { id: 'entries' }, headRow(['编号', '类型', '标题', '部门', '版本', '最后修改']), body),
    el('div', { class: 'pager' }, prev, summary, next),
  ]);
  const s = new URLSearchParams({ offset: String(offset), limit: String(PAGE) });
  for (const key of ['q', 'kind', 'department']) {
    const v = p.get(key);
    if (v) s.set(key, v);
  }
  api<EntryList>('GET', '/entries?' + s.toString())
    .then((list) => {
      const seen = new Set<string>();
      for (const it of list.items) {
        body.appendChild(
          el(
            'tr',
            null,
            el('td', { class: 'mono' }, el('a', { href: '#/entry/' + encodeURIComponent(it.id), text: it.id })),
            el('td', { text: kindLabel(it.kind) }),
            el('td', null, el('a', { href: '#/entry/' + encodeURIComponent(it.id), text: it.title })),
            el('td', { text: it.department || '' }),
            el('td', { class: 'num', text: it.version }),
            el('td', { text: fmtTime(it.updatedAt) + ' ' + (it.updatedBy || '') }),
          ),
        );
        if (it.department && !seen.has(it.department)) {
          seen.add(it.department);
          departments.appendChild(el('option', { value: it.department }));
        }
      }
      if (!list.items.length) body.appendChild(el('tr', null, el('td', { colspan: 6, class: 'muted', text: '没有符合条件的条目。' })));
      summary.textContent = list.total ? '第 ' + (list.offset + 1) + '–' + (list.offset + list.items.length) + ' 条，共 ' + list.total + ' 条' : '共 0 条';
      prev.disabled = list.offset <= 0;
      next.disabled = list.offset + list.items.length >= list.total;
      prev.addEventListener('click', () => search(Math.max(0, list.offset - PAGE)));
      next.addEventListener('click', () => search(list.offset + PAGE));
    })
    .catch((err: unknown) => {
      summary.textContent = '';
      failed(err);
    });
}
