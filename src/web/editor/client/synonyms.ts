/** #/synonyms: the synonym groups as text, one group a line, with their history. */
import { api, asFailure, failed } from './api';
import { append, clear, el, flash } from './dom';
import { refreshStatus } from './status';
import type { VersionRecord, WriteResult } from './types';
import { renderVersions } from './versions';

export function viewSynonyms(main: HTMLElement): void {
  const area = el('textarea', { id: 'synonyms', class: 'code', 'aria-describedby': 'synonyms-help', spellcheck: 'false' });
  const issues = el('ul', { class: 'issues', id: 'synonyms-issues' });
  const save = el('button', { type: 'button', class: 'primary', id: 'save-synonyms', text: '保存同义词' });
  const history = el('section', { class: 'history' });
  let version = 0;
  append(main, [
    el('h2', { text: '同义词' }),
    el('p', { id: 'synonyms-help', class: 'muted', text: '每行一组，词之间用空格、逗号或顿号分隔；每组至少两个词，第一个是标准说法。' }),
    area,
    issues,
    el('div', { class: 'toolbar' }, save),
    history,
  ]);
  function load(): void {
    api<{ version: number; groups: string[][] }>('GET', '/synonyms')
      .then((s) => {
        version = s.version;
        area.value = s.groups.map((g) => g.join('，')).join('\n');
      })
      .catch(failed);
    api<{ versions: VersionRecord[] }>('GET', '/synonyms/versions')
      .then((r) => renderVersions(history, '/synonyms', r.versions.slice(0, 20), r.versions.length, load))
      .catch(() => undefined);
  }
  load();
  save.addEventListener('click', () => {
    clear(issues);
    const lines = area.value.split('\n');
    const lineOf: number[] = [];
    const groups: string[][] = [];
    lines.forEach((line, i) => {
      const words = line.split(/[\s,，、;；]+/).filter(Boolean);
      if (!words.length) return;
      lineOf.push(i + 1);
      groups.push(words);
    });
    save.disabled = true;
    api<WriteResult>('PUT', '/synonyms', { expectedVersion: version, groups })
      .then((res) => {
        flash(res.changed ? '同义词已保存（版本 ' + res.version + '），发布后生效。' : '没有改动。', 'ok');
        void refreshStatus();
        load();
      })
      .catch((e: unknown) => {
        const err = asFailure(e);
        for (const i of err.issues) {
          const m = /^(?:groups|synonyms\.groups)\.(\d+)/.exec(i.path || '');
          const where = m ? '第 ' + lineOf[Number(m[1])] + ' 行' : i.path;
          issues.appendChild(el('li', null, (where ? where + '：' : '') + i.message));
        }
        failed(err.status === 409 ? { message: err.message + '：别人刚修改了同义词，请刷新页面后再改。' } : err);
      })
      .then(() => {
        save.disabled = false;
      });
  });
}
