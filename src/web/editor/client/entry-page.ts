/** One entry (#/entry/<id>: form, save, delete, history) and a new one (#/new/<kind>). */
import { api, asFailure, failed, state } from './api';
import { append, byId, el, flash, fmtTime } from './dom';
import { EntryForm } from './entry-form';
import { KIND_LABEL, isKind } from './labels';
import { go, route, type Route } from './router';
import { refreshStatus } from './status';
import type { EntryDetail, WriteResult } from './types';
import { loadVersions, renderHistory } from './versions';

const backLink = () => el('p', null, el('a', { href: '#/entries', text: '← 返回条目列表' }));

export function viewNew(main: HTMLElement, r: Route): void {
  const kind = isKind(r.arg) ? r.arg : 'faq';
  const form = new EntryForm(kind, null, true);
  const save = el('button', { type: 'button', class: 'primary', id: 'save', text: '创建' });
  append(main, [backLink(), el('h2', { text: '新建' + KIND_LABEL[kind] }), form.general, form.node, el('div', { class: 'toolbar' }, save)]);
  save.addEventListener('click', () => {
    save.disabled = true;
    const entry = form.value();
    api<WriteResult & { entry: { id: string } }>('POST', '/entries', { entry })
      .then((res) => {
        flash('已创建 ' + res.entry.id + '（版本 ' + res.version + '），发布后生效。', 'ok');
        void refreshStatus();
        go('#/entry/' + encodeURIComponent(res.entry.id), true);
      })
      .catch((e: unknown) => {
        const err = asFailure(e);
        if (err.issues.length) form.showErrors(err.issues);
        failed(err.status === 400 ? { message: '有 ' + err.issues.length + ' 处需要修改，见各字段下的提示。' } : err);
      })
      .then(() => {
        save.disabled = false;
      });
  });
}

export function viewEntry(main: HTMLElement, r: Route): void {
  const id = r.arg;
  append(main, backLink());
  const holder = el('div', { class: 'layout' });
  main.appendChild(holder);
  api<EntryDetail>('GET', '/entries/' + encodeURIComponent(id))
    .then((data) => renderEntry(holder, data))
    .catch((e: unknown) => {
      const err = asFailure(e);
      failed(err);
      if (err.status === 404) {
        holder.appendChild(el('div', null, el('p', { class: 'muted', text: '这个条目不存在或已被删除。删除的条目仍可在下面的历史中恢复。' })));
        loadVersions(holder, id);
      }
    });
}

function renderEntry(holder: HTMLElement, data: EntryDetail): void {
  let version = data.version;
  const form = new EntryForm(data.kind, data.entry, false);
  const save = el('button', { type: 'button', class: 'primary', id: 'save', text: '保存' });
  const del = el('button', { type: 'button', class: 'danger', id: 'delete', text: '删除' });
  const meta = el('p', { class: 'muted', id: 'entry-meta' });
  const setMeta = () => {
    meta.textContent = KIND_LABEL[data.kind] + ' · 版本 ' + version + ' · ' + fmtTime(data.updatedAt) + ' 由 ' + data.updatedBy + ' 修改';
  };
  setMeta();
  const history = el('section', { class: 'history', id: 'history', 'aria-label': '修改历史' });
  holder.appendChild(el('section', null, el('h2', { id: 'entry-title', text: data.title }), meta, form.general, form.node, el('div', { class: 'toolbar' }, save, del)));
  holder.appendChild(history);
  renderHistory(history, data.id, data.history, data.historyCount);

  save.addEventListener('click', () => {
    save.disabled = true;
    form.clearErrors();
    api<WriteResult>('PUT', '/entries/' + encodeURIComponent(data.id), { expectedVersion: version, entry: form.value() })
      .then((res) => {
        version = res.version;
        data.updatedAt = new Date().toISOString();
        data.updatedBy = state.user ? state.user.username : '';
        setMeta();
        flash(res.changed ? '已保存为版本 ' + res.version + '（变更集 ' + res.changeSetId + '），发布后生效。' : '没有改动，未生成新版本。', 'ok');
        void refreshStatus();
        return api<EntryDetail>('GET', '/entries/' + encodeURIComponent(data.id)).then((fresh) => {
          byId('entry-title').textContent = fresh.title;
          renderHistory(history, fresh.id, fresh.history, fresh.historyCount);
        });
      })
      .catch((e: unknown) => {
        const err = asFailure(e);
        if (err.status === 400 && err.issues.length) {
          form.showErrors(err.issues);
          flash('有 ' + err.issues.length + ' 处需要修改，见各字段下的提示。', 'error');
        } else if (err.status === 409) {
          flash('保存失败：' + err.message + '。别人已经修改了这个条目：请查看右侧历史，重新加载后再改。', 'error');
          const reload = el('button', { type: 'button', text: '重新加载', on: { click: route } });
          byId('flash').appendChild(el('span', null, ' ', reload));
        } else failed(err);
      })
      .then(() => {
        save.disabled = false;
      });
  });

  del.addEventListener('click', () => {
    if (!window.confirm('确定删除条目 ' + data.id + '？删除后可从历史中恢复，发布后才会在线上生效。')) return;
    api('DELETE', '/entries/' + encodeURIComponent(data.id) + '?expectedVersion=' + version)
      .then(() => {
        flash('已删除 ' + data.id + '，发布后生效。', 'ok');
        void refreshStatus();
        go('#/entries', true);
      })
      .catch(failed);
  });
}
