/** The status bar (draft and published revisions, unpublished changes) and publishing. */
import { api, failed, state } from './api';
import { byId, flash, fmtTime } from './dom';
import type { Status } from './types';

export function refreshStatus(): Promise<void> {
  return api<Status>('GET', '/status')
    .then((s) => {
      state.status = s;
      const parts = ['草稿版本 ' + s.seq];
      if (s.published) parts.push('已发布 ' + s.published.revision + '（' + fmtTime(s.published.at) + '，' + s.published.author + '）');
      else parts.push('尚未发布');
      parts.push(s.unpublishedChanges > 0 ? '未发布的变更：' + s.unpublishedChanges + ' 个变更集' : '没有未发布的变更');
      if (s.live && s.live.revision) parts.push('本实例正在使用 ' + s.live.revision);
      byId('status-text').textContent = parts.join(' · ');
      byId('status-bar').classList.toggle('dirty', s.unpublishedChanges > 0);
      byId<HTMLButtonElement>('publish').disabled = !(s.unpublishedChanges > 0);
    })
    .catch((err: unknown) => {
      byId('status-text').textContent = '状态读取失败：' + (err as { message?: string }).message;
    });
}

export function publish(): void {
  const note = byId<HTMLInputElement>('publish-note');
  const button = byId<HTMLButtonElement>('publish');
  button.disabled = true;
  button.textContent = '正在发布…';
  const body = note.value.trim() ? { note: note.value.trim() } : {};
  void api<{ changed: boolean; revision: string }>('POST', '/publish', body)
    .then((r) => {
      note.value = '';
      flash(r.changed ? '已发布 ' + r.revision + '，现已生效。' : '没有需要发布的变更。', 'ok');
    })
    .catch(failed)
    .then(() => {
      button.textContent = '发布';
      return refreshStatus();
    });
}
