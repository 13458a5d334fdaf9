/** Field diffs and version histories (entries, synonyms, routing table), each with 回滚到此版本. */
import { api, failed } from './api';
import { clear, el, flash, fmtTime, show } from './dom';
import { opLabel } from './labels';
import { go } from './router';
import { refreshStatus } from './status';
import type { FieldChange, VersionRecord, WriteResult } from './types';

export function diffTable(diff: readonly FieldChange[] | undefined): HTMLElement {
  if (!diff || !diff.length) return el('p', { class: 'muted', text: '（没有字段变化）' });
  return el(
    'table',
    { class: 'diff' },
    el('thead', null, el('tr', null, el('th', { text: '字段' }), el('th', { text: '修改前' }), el('th', { text: '修改后' }))),
    el(
      'tbody',
      null,
      diff.map((d) =>
        el(
          'tr',
          null,
          el('td', { class: 'path', text: d.path }),
          el('td', { class: 'before', text: 'before' in d ? show(d.before) : '—' }),
          el('td', { class: 'after', text: 'after' in d ? show(d.after) : '—' }),
        ),
      ),
    ),
  );
}

/** Versions with diffs, newest first, each with 回滚到此版本. base: '/entries/<id>' | '/synonyms' | '/routing'. */
export function renderVersions(container: HTMLElement, base: string, versions: readonly VersionRecord[], total: number, after?: () => void): void {
  clear(container);
  container.appendChild(el('h3', { text: '修改历史' + (total ? '（共 ' + total + ' 个版本）' : '') }));
  const current = versions.length ? versions[0]!.version : 0;
  for (const v of versions) {
    const rollback =
      v.version === current
        ? el('span', { class: 'badge', text: '当前' })
        : el('button', {
            type: 'button',
            class: 'rollback',
            'data-version': v.version,
            text: '回滚到此版本',
            on: {
              click: () => {
                if (!window.confirm('把当前内容恢复成版本 ' + v.version + ' 的样子？这会生成一个新版本。')) return;
                api<WriteResult>('POST', base + '/rollback', { toVersion: v.version })
                  .then((res) => {
                    flashRollback(res);
                    void refreshStatus();
                    if (after) after();
                  })
                  .catch(failed);
              },
            },
          });
    container.appendChild(
      el(
        'article',
        { class: 'version', 'data-version': v.version },
        el(
          'header',
          null,
          el('strong', { text: '版本 ' + v.version + ' · ' + opLabel(v.op) }),
          el('span', { class: 'muted' }, fmtTime(v.at) + ' · ' + v.author + ' · ', el('a', { href: '#/change-set/' + encodeURIComponent(v.changeSetId), text: v.changeSetId })),
          rollback,
        ),
        v.diff && v.diff.length > 6 ? el('details', null, el('summary', { text: '查看 ' + v.diff.length + ' 个字段的变化' }), diffTable(v.diff)) : diffTable(v.diff),
      ),
    );
  }
}

function flashRollback(res: WriteResult): void {
  flash(res.changed ? '已回滚：新版本 ' + res.version + '（变更集 ' + res.changeSetId + '），发布后生效。' : '内容与该版本相同，未生成新版本。', 'ok');
}

export function renderHistory(container: HTMLElement, id: string, versions: readonly VersionRecord[] | undefined, total: number): void {
  renderVersions(container, '/entries/' + encodeURIComponent(id), versions || [], total, () => go(window.location.hash, true));
}

/** The history of a deleted entry (its page is gone, its versions are not). */
export function loadVersions(holder: HTMLElement, id: string): void {
  const container = el('section', { class: 'history', id: 'history' });
  holder.appendChild(container);
  api<{ versions: VersionRecord[] }>('GET', '/entries/' + encodeURIComponent(id) + '/versions')
    .then((r) => renderHistory(container, id, r.versions, r.versions.length))
    .catch(() => undefined);
}
