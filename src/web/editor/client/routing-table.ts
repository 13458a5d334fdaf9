/** #/routing: the ticket routing table as JSON, checked on save, with its history. */
import { api, asFailure, failed } from './api';
import { append, clear, el, flash } from './dom';
import { refreshStatus } from './status';
import type { VersionRecord, WriteResult } from './types';
import { renderVersions } from './versions';

export function viewRouting(main: HTMLElement): void {
  const area = el('textarea', { id: 'routing', class: 'code', spellcheck: 'false', 'aria-label': '分派规则表（JSON）' });
  const issues = el('ul', { class: 'issues', id: 'routing-issues' });
  const save = el('button', { type: 'button', class: 'primary', id: 'save-routing', text: '保存分派规则' });
  const history = el('section', { class: 'history' });
  let version = 0;
  append(main, [
    el('h2', { text: '分派规则表' }),
    el('p', { class: 'muted', text: '工单按这张表分派到部门（departments、rules、complexity、urgency）。直接编辑 JSON；保存时逐项校验，错误列在下方并注明位置。' }),
    area,
    issues,
    el('div', { class: 'toolbar' }, save),
    history,
  ]);
  function load(): void {
    api<{ version: number; routing: unknown }>('GET', '/routing')
      .then((r) => {
        version = r.version;
        area.value = r.routing ? JSON.stringify(r.routing, null, 2) : '';
      })
      .catch(failed);
    api<{ versions: VersionRecord[] }>('GET', '/routing/versions')
      .then((r) => renderVersions(history, '/routing', r.versions.slice(0, 20), r.versions.length, load))
      .catch(() => undefined);
  }
  load();
  save.addEventListener('click', () => {
    clear(issues);
    let routing: unknown;
    try {
      routing = JSON.parse(area.value);
    } catch (e) {
      issues.appendChild(el('li', null, '不是有效的 JSON：' + (e as Error).message));
      area.setAttribute('aria-invalid', 'true');
      return;
    }
    area.removeAttribute('aria-invalid');
    save.disabled = true;
    api<WriteResult>('PUT', '/routing', { expectedVersion: version, routing })
      .then((res) => {
        flash(res.changed ? '分派规则已保存（版本 ' + res.version + '），发布后生效。' : '没有改动。', 'ok');
        void refreshStatus();
        load();
      })
      .catch((e: unknown) => {
        const err = asFailure(e);
        for (const i of err.issues) {
          issues.appendChild(el('li', null, el('code', { text: String(i.path || '').replace(/^routing\.?/, '') || '（整张表）' }), '：' + i.message));
        }
        if (err.issues.length) area.setAttribute('aria-invalid', 'true');
        failed(err.status === 409 ? { message: err.message + '：别人刚修改了分派规则，请刷新页面后再改。' } : err);
      })
      .then(() => {
        save.disabled = false;
      });
  });
}
