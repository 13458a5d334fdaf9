/** #/change-sets (newest first, paged) and #/change-set/<id> (its changes, 整体回滚). */
import { PAGE, api, asFailure, failed } from './api';
import { append, byId, el, flash, fmtTime, headRow } from './dom';
import { actionLabel, opLabel } from './labels';
import { go, type Route } from './router';
import { refreshStatus } from './status';
import type { ChangeSetDetail, ChangeSetSummary } from './types';
import { diffTable } from './versions';

export function viewChangeSets(main: HTMLElement, r: Route): void {
  const offset = Math.max(0, parseInt(r.params.get('offset') || '0', 10) || 0);
  const body = el('tbody');
  const prev = el('button', { type: 'button', text: '较新', disabled: offset <= 0, on: { click: () => go('#/change-sets?offset=' + Math.max(0, offset - PAGE)) } });
  const next = el('button', { type: 'button', text: '较早', disabled: true, on: { click: () => go('#/change-sets?offset=' + (offset + PAGE)) } });
  append(main, [
    el('h2', { text: '变更集' }),
    el('p', { class: 'muted', text: '每次保存、删除、导入、回滚都是一个变更集；导入可在详情中整体回滚。' }),
    el('table', { id: 'change-sets' }, headRow(['编号', '时间', '修改人', '操作', '来源', '新增', '修改', '删除']), body),
    el('div', { class: 'pager' }, prev, next),
  ]);
  api<{ items: ChangeSetSummary[] }>('GET', '/change-sets?offset=' + offset + '&limit=' + PAGE)
    .then((list) => {
      for (const cs of list.items) {
        body.appendChild(
          el(
            'tr',
            null,
            el('td', { class: 'mono' }, el('a', { href: '#/change-set/' + encodeURIComponent(cs.id), text: cs.id })),
            el('td', { text: fmtTime(cs.at) }),
            el('td', { text: cs.author }),
            el('td', { text: actionLabel(cs.action) + (cs.revertOf ? '（撤销 ' + cs.revertOf + '）' : '') }),
            el('td', { text: cs.source || '' }),
            el('td', { class: 'num', text: cs.counts.added }),
            el('td', { class: 'num', text: cs.counts.changed }),
            el('td', { class: 'num', text: cs.counts.removed }),
          ),
        );
      }
      next.disabled = list.items.length < PAGE;
    })
    .catch(failed);
}

export function viewChangeSet(main: HTMLElement, r: Route): void {
  const id = r.arg;
  append(main, el('p', null, el('a', { href: '#/change-sets', text: '← 返回变更集列表' })));
  api<ChangeSetDetail>('GET', '/change-sets/' + encodeURIComponent(id))
    .then((cs) => renderChangeSet(main, cs))
    .catch(failed);
}

function renderChangeSet(main: HTMLElement, cs: ChangeSetDetail): void {
  const rollback = el('button', { type: 'button', class: 'danger', id: 'rollback-change-set', text: '整体回滚这个变更集' });
  function doRollback(force: boolean): void {
    rollback.disabled = true;
    api<{ changeSetId: string | null }>('POST', '/change-sets/' + encodeURIComponent(cs.id) + '/rollback', { force })
      .then((res) => {
        flash('已回滚 ' + cs.id + '：新变更集 ' + res.changeSetId + '，发布后生效。', 'ok');
        void refreshStatus();
        if (res.changeSetId) go('#/change-set/' + encodeURIComponent(res.changeSetId), true);
      })
      .catch((e: unknown) => {
        const err = asFailure(e);
        failed(err);
        if (err.status === 409 && !force) {
          const again = el('button', { type: 'button', id: 'rollback-force', text: '仍然回滚（覆盖之后的修改）', on: { click: () => doRollback(true) } });
          byId('flash').appendChild(el('span', null, ' ', again));
        }
      })
      .then(() => {
        rollback.disabled = false;
      });
  }
  rollback.addEventListener('click', () => {
    if (!window.confirm('把 ' + cs.id + ' 涉及的 ' + cs.targets.length + ' 个对象全部恢复到它之前的样子？')) return;
    doRollback(false);
  });
  append(main, [
    el('h2', { text: '变更集 ' + cs.id + ' · ' + actionLabel(cs.action) }),
    el(
      'p',
      { class: 'muted' },
      fmtTime(cs.at) +
        ' · ' +
        cs.author +
        (cs.source ? ' · 来源 ' + cs.source : '') +
        (cs.mode ? ' · ' + cs.mode : '') +
        ' · 新增 ' +
        cs.counts.added +
        '，修改 ' +
        cs.counts.changed +
        '，删除 ' +
        cs.counts.removed,
      cs.revertOf ? el('span', null, ' · 撤销了 ', el('a', { href: '#/change-set/' + encodeURIComponent(cs.revertOf), text: cs.revertOf })) : null,
    ),
    el('div', { class: 'toolbar' }, rollback),
  ]);
  if (cs.targets.length > cs.changes.length) main.appendChild(el('p', { class: 'muted', text: '共 ' + cs.targets.length + ' 个对象，下面列出前 ' + cs.changes.length + ' 个。' }));
  for (const c of cs.changes) {
    const isEntry = c.target.charAt(0) !== '$';
    const href = isEntry ? '#/entry/' + encodeURIComponent(c.target) : c.target === '$synonyms' ? '#/synonyms' : c.target === '$routing' ? '#/routing' : null;
    main.appendChild(
      el(
        'article',
        { class: 'version' },
        el(
          'header',
          null,
          href ? el('a', { href, class: 'mono', text: c.target }) : el('span', { class: 'mono', text: c.target }),
          ' · ' + opLabel(c.op) + ' · 版本 ' + c.from + ' → ' + c.to,
        ),
        diffTable(c.diff),
      ),
    );
  }
}
