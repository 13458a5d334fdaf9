/** #/audit: the latest 200 audit records — who changed what, when. */
import { api, failed } from './api';
import { append, el, fmtTime, headRow, type Child } from './dom';
import { actionLabel } from './labels';
import type { AuditRecord } from './types';

export function viewAudit(main: HTMLElement): void {
  const body = el('tbody');
  append(main, [
    el('h2', { text: '审计日志' }),
    el('p', { class: 'muted', text: '最近 200 条：谁在什么时候改了什么。' }),
    el('table', { id: 'audit' }, headRow(['时间', '修改人', '操作', '摘要', '对象']), body),
  ]);
  api<{ records: AuditRecord[] }>('GET', '/audit?limit=200')
    .then((r) => {
      for (const a of r.records) {
        const targets: Child[] = a.targets.slice(0, 5).map((t, i) => {
          const link = t.charAt(0) === '$' ? el('span', { class: 'mono', text: t }) : el('a', { class: 'mono', href: '#/entry/' + encodeURIComponent(t), text: t });
          return [i ? '，' : '', link];
        });
        body.appendChild(
          el(
            'tr',
            null,
            el('td', { text: fmtTime(a.at) }),
            el('td', { text: a.author }),
            el(
              'td',
              null,
              actionLabel(a.action),
              a.changeSetId ? el('span', null, ' ', el('a', { href: '#/change-set/' + encodeURIComponent(a.changeSetId), text: a.changeSetId })) : null,
              a.revision ? ' ' + a.revision : '',
            ),
            el('td', { text: a.summary }),
            el('td', null, targets, a.targetCount > 5 ? ' 等 ' + a.targetCount + ' 个' : ''),
          ),
        );
      }
      if (!r.records.length) body.appendChild(el('tr', null, el('td', { colspan: 5, class: 'muted', text: '还没有记录。' })));
    })
    .catch(failed);
}
