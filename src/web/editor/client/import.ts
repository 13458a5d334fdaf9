/** #/import: import a file (dry run first, then confirm) and download the export. */
import { API, api, asFailure, failed } from './api';
import { append, clear, el, flash } from './dom';
import { refreshStatus } from './status';
import type { ImportReport } from './types';
import { diffTable } from './versions';

const FORMATS: readonly (readonly [string, string])[] = [
  ['faq-csv', '常见问题 CSV（faq-csv）'],
  ['xlsx', 'Excel 表格（xlsx）'],
  ['gd-items', '广东事项目录 JSON Lines（gd-items）'],
  ['bundle', '本系统导出的整库文件（bundle，整体替换）'],
];

function idList(title: string, ids: readonly string[], count: number): HTMLElement | null {
  if (!count) return null;
  return el('details', null, el('summary', { text: title + '（' + count + '）' }), el('p', { class: 'mono', text: ids.join('，') + (count > ids.length ? ' …' : '') }));
}

function renderReport(box: HTMLElement, r: ImportReport): void {
  clear(box);
  box.appendChild(el('h3', { text: r.dryRun ? '试运行报告（尚未写入）' : '导入完成' + (r.changeSetId ? '：变更集 ' + r.changeSetId : '') }));
  const counts = [r.accepted, r.rejectedCount, r.warningCount, r.added.count, r.changed.count, r.removed.count, r.unchanged];
  box.appendChild(
    el(
      'table',
      { class: 'report-counts', id: 'report-counts' },
      el('thead', null, el('tr', null, ['可导入', '被拒绝', '警告', '新增', '修改', '删除', '不变'].map((t) => el('th', { class: 'num', text: t })))),
      el('tbody', null, el('tr', null, counts.map((n) => el('td', { class: 'num', text: n })))),
    ),
  );
  if (r.synonymsChanged || r.routingChanged) {
    box.appendChild(el('p', { text: [r.synonymsChanged ? '同义词将被替换' : '', r.routingChanged ? '分派规则将被替换' : ''].filter(Boolean).join('；') }));
  }
  if (r.rejected && r.rejected.length) {
    box.appendChild(el('h3', { text: '被拒绝的行' }));
    box.appendChild(
      el(
        'table',
        { id: 'report-rejected' },
        el('thead', null, el('tr', null, el('th', { text: '行' }), el('th', { text: '编号' }), el('th', { text: '原因' }))),
        el('tbody', null, r.rejected.map((x) => el('tr', null, el('td', { text: x.row }), el('td', { text: x.id || '' }), el('td', { text: x.reason })))),
      ),
    );
  }
  if (r.warnings && r.warnings.length) {
    box.appendChild(el('h3', { text: '警告' }));
    box.appendChild(el('ul', null, r.warnings.map((w) => el('li', null, (w.row ? '第 ' + w.row + ' 行：' : '') + w.message))));
  }
  append(box, [idList('新增条目', r.added.ids, r.added.count), idList('删除条目', r.removed.ids, r.removed.count)]);
  if (r.changed.count) {
    box.appendChild(el('h3', { text: '修改的条目（' + r.changed.count + '）' }));
    for (const c of r.changed.items) {
      box.appendChild(el('details', null, el('summary', { class: 'mono', text: c.id + '（当前版本 ' + c.version + '，' + c.diff.length + ' 个字段）' }), diffTable(c.diff)));
    }
  }
}

export function viewImport(main: HTMLElement): void {
  const file = el('input', { type: 'file', id: 'import-file', accept: '.csv,.xlsx,.jsonl,.json,.txt' });
  const format = el('select', { id: 'import-format' }, FORMATS.map((f) => el('option', { value: f[0], text: f[1] })));
  const mode = el(
    'select',
    { id: 'import-mode' },
    el('option', { value: 'merge', text: '合并：新增并更新文件中的条目' }),
    el('option', { value: 'replace', text: '替换：同类条目中文件没有的将被删除' }),
  );
  const dry = el('button', { type: 'button', class: 'primary', id: 'import-dry-run', text: '试运行' });
  const confirm = el('button', { type: 'button', id: 'import-confirm', text: '确认导入', disabled: true });
  const issues = el('ul', { class: 'issues', id: 'import-issues' });
  const report = el('div', { id: 'import-report' });
  let force = false;
  file.addEventListener('change', () => {
    const f = file.files && file.files[0];
    confirm.disabled = true;
    clear(report);
    if (!f) return;
    if (/\.xlsx$/i.test(f.name)) format.value = 'xlsx';
    else if (/\.csv$/i.test(f.name)) format.value = 'faq-csv';
    else if (/\.jsonl$/i.test(f.name)) format.value = 'gd-items';
    else if (/\.json$/i.test(f.name)) format.value = 'bundle';
  });
  for (const s of [format, mode]) {
    s.addEventListener('change', () => {
      confirm.disabled = true;
      force = false;
    });
  }
  function send(dryRun: boolean): void {
    const f = file.files && file.files[0];
    clear(issues);
    if (!f) {
      issues.appendChild(el('li', { text: '请先选择文件。' }));
      return;
    }
    const q = new URLSearchParams({ from: format.value, mode: mode.value, dryRun: String(dryRun), source: f.name.slice(0, 200) });
    if (force) q.set('force', 'true');
    dry.disabled = confirm.disabled = true;
    api<ImportReport>('POST', '/import?' + q.toString(), f, { raw: true })
      .then((r) => {
        renderReport(report, r);
        if (dryRun) {
          confirm.disabled = false;
          flash('试运行完成：请检查报告，无误后点“确认导入”。', 'ok');
        } else {
          force = false;
          flash('已导入为变更集 ' + (r.changeSetId || '（无改动）') + '，发布后生效；可在“变更集”中整体回滚。', 'ok');
          void refreshStatus();
        }
      })
      .catch((e: unknown) => {
        const err = asFailure(e);
        for (const i of err.issues) issues.appendChild(el('li', null, (i.path ? i.path + '：' : '') + i.message));
        failed(err);
        if (!dryRun && err.status === 400 && /force=true/.test(err.message)) {
          force = true;
          confirm.textContent = '仍然导入（force）';
          confirm.disabled = false;
        }
      })
      .then(() => {
        dry.disabled = false;
      });
  }
  dry.addEventListener('click', () => {
    force = false;
    confirm.textContent = '确认导入';
    send(true);
  });
  confirm.addEventListener('click', () => {
    if (!window.confirm('按试运行报告写入知识库？写入后是一个变更集，可以整体回滚。')) return;
    send(false);
  });
  append(main, [
    el('h2', { text: '导入' }),
    el(
      'div',
      { class: 'form' },
      el('div', { class: 'field' }, el('label', { for: 'import-file', text: '文件' }), file),
      el('div', { class: 'field' }, el('label', { for: 'import-format', text: '格式' }), format),
      el('div', { class: 'field' }, el('label', { for: 'import-mode', text: '方式' }), mode),
    ),
    el('div', { class: 'toolbar' }, dry, confirm),
    issues,
    report,
    el('h2', { text: '导出' }),
    el('p', null, '把整个草稿（条目、同义词、分派规则）下载为一个 JSON 文件，可作备份，也可用“整库文件”格式导回。 '),
    el('p', null, el('a', { href: API + '/export', id: 'export', download: 'qihu-kb.json', class: 'button', text: '下载导出文件' })),
  ]);
}
