/**
 * #/model: the triage model (研判), for administrators (the API under /api/v1/admin/triage is
 * theirs alone): the draft's and the published model with their classes and figures, uploading a
 * triage-model.json from `npm run -s triage -- train`, retraining from the ticket history, and
 * 试一试 against the published model. Editors see a note instead (main.ts hides the nav link).
 */
import type { Classification, Guess, HeadDetail, ModelDetail } from '../../../classifier/types';
import type { TriageModelView, TriageModelWritten, TriageRetrained } from '../../../tickets/triage-model-views';
import { api, asFailure, state } from './api';
import { append, clear, el, fmtTime } from './dom';
import { confidenceLevel, headLabel, pct } from './model-labels';
import { publish, refreshStatus } from './status';

const TRIAGE = '/api/v1/admin/triage';

/** The triage API's calls (outside the editor API's /admin/kb prefix). */
const triage = <T>(method: string, path: string, body?: unknown, raw?: boolean) =>
  api<T>(method, path, body, { base: TRIAGE, ...(raw ? { raw: true, type: 'application/json' } : {}) });

/** A failure as readable lines: the API's message, then each zod issue with its path. */
function problemList(box: HTMLElement, err: unknown): void {
  const f = asFailure(err);
  clear(box);
  box.appendChild(el('p', { class: 'error', text: f.message }));
  if (f.issues.length) box.appendChild(el('ul', { class: 'issues' }, f.issues.slice(0, 20).map((i) => el('li', null, el('code', { text: i.path || '（整个文件）' }), '：' + i.message))));
}

function reliabilityTable(head: HeadDetail): HTMLElement {
  const bands = head.reliability.filter((b) => b.count > 0);
  return el(
    'table',
    { class: 'reliability' },
    el('thead', null, el('tr', null, ['置信度', '消息数', '其中分对'].map((t) => el('th', { text: t })))),
    el(
      'tbody',
      null,
      bands.map((b) => {
        const next = head.reliability[head.reliability.indexOf(b) + 1];
        return el('tr', null, el('td', { text: b.from.toFixed(1) + '–' + (next ? next.from : 1).toFixed(1) }), el('td', { class: 'num', text: b.count }), el('td', { class: 'num', text: b.accuracy === null ? '—' : pct(b.accuracy) }));
      }),
    ),
  );
}

function headSection(head: HeadDetail): HTMLElement {
  const cv = head.crossValidation;
  return el(
    'section',
    { class: 'head', 'data-head': head.label },
    el('h4', { text: headLabel(head.label) + '（' + head.classes.length + ' 个）' }),
    el('p', null, '交叉验证（' + cv.folds + ' 折，每条消息由没见过它的模型判断）：准确率 ', el('strong', { class: 'accuracy', text: pct(cv.accuracy) }), '，宏平均 F1 ' + pct(cv.macroF1) + '；置信度低于 ' + pct(head.reviewBelow) + ' 的交人工研判。'),
    el(
      'table',
      { class: 'classes' },
      el('thead', null, el('tr', null, el('th', { text: headLabel(head.label) }), el('th', { class: 'num', text: '训练消息' }))),
      el('tbody', null, head.classes.map((c) => el('tr', null, el('td', { text: c.name }), el('td', { class: 'num', text: c.count })))),
    ),
    head.reliability.some((b) => b.count > 0) ? el('details', null, el('summary', { text: '各置信度段的正确率' }), reliabilityTable(head)) : null,
  );
}

function modelCard(id: string, title: string, detail: ModelDetail | null, note: string): HTMLElement {
  const card = el('section', { class: 'model-card', id });
  card.appendChild(el('h3', { text: title }));
  if (!detail) {
    card.appendChild(el('p', { class: 'muted', text: note }));
    return card;
  }
  card.appendChild(
    el('p', null, '版本 ', el('code', { class: 'model-version', text: detail.version }), '，' + fmtTime(detail.trainedAt) + ' 训练，', el('strong', { class: 'messages', text: detail.messages }), ' 条消息'),
  );
  for (const head of detail.heads) card.appendChild(headSection(head));
  return card;
}

function guessRow(label: string, g: Guess): HTMLElement {
  const level = confidenceLevel(g);
  return el(
    'tr',
    null,
    el('th', { text: label }),
    el('td', { class: 'label', text: g.label }),
    el('td', null, el('span', { class: 'badge confidence ' + level.key, text: level.text }), ' ' + pct(g.confidence)),
    el('td', { class: 'evidence', text: g.evidence.join('、') || '—' }),
    el('td', { class: 'review', text: g.review ? '待研判（交人工）' : '—' }),
  );
}

function renderTry(box: HTMLElement, c: Classification): void {
  clear(box);
  append(box, [
    el(
      'table',
      { id: 'try-result' },
      el('thead', null, el('tr', null, ['', '判断', '把握', '起作用的词', '人工研判'].map((t) => el('th', { text: t })))),
      el('tbody', null, guessRow('分类', c.category), c.department ? guessRow('部门', c.department) : null),
    ),
    c.category.alternative ? el('p', { class: 'muted', text: '其次：' + c.category.alternative.label + '（' + pct(c.category.alternative.confidence) + '）' }) : null,
    el('p', { class: 'muted', text: '模型版本 ' + c.modelVersion }),
  ]);
}

function adminOnly(main: HTMLElement): void {
  append(main, [el('h2', { text: '分类模型' }), el('p', { class: 'muted', id: 'model-admin-only', text: '分类模型由管理员上传、重新训练和查看。当前账号是知识编辑，可以在“分派规则”里调整关键词规则。' })]);
}

export function viewModel(main: HTMLElement): void {
  if (state.user?.role !== 'admin') return adminOnly(main);
  const cards = el('div', { class: 'model-cards', id: 'model-cards' }, el('p', { class: 'muted', text: '正在读取…' }));

  const file = el('input', { type: 'file', id: 'model-file', accept: '.json,application/json', 'aria-label': '模型文件（triage-model.json）' });
  const upload = el('button', { type: 'button', class: 'primary', id: 'model-upload', text: '上传为草稿模型' });
  const uploadBox = el('div', { id: 'upload-result', 'aria-live': 'polite' });

  const retrain = el('button', { type: 'button', class: 'primary', id: 'model-retrain', text: '用工单历史重新训练' });
  const retrainBox = el('div', { id: 'retrain-result', 'aria-live': 'polite' });

  const text = el('textarea', { id: 'try-text', rows: 3, maxlength: 20000, 'aria-label': '试一试：一条诉求' });
  const tryButton = el('button', { type: 'button', class: 'primary', id: 'try-classify', text: '试一试' });
  const tryBox = el('div', { id: 'try-box', 'aria-live': 'polite' });

  append(main, [
    el('h2', { text: '分类模型' }),
    el('p', { class: 'muted', text: '模型从已分类的诉求里学会判断分类（和部门），与分派规则表一起决定工单分给谁；规则表里的具体关键词规则优先。新模型先进入草稿，发布后在所有实例生效。' }),
    cards,
    el('section', { class: 'model-action' }, el('h3', { text: '上传模型文件' }), el('p', { class: 'muted', text: '用 npm run -s triage -- train --from 历史.jsonl --out 目录 训练得到的 triage-model.json。' }), el('div', { class: 'toolbar' }, file, upload), uploadBox),
    el(
      'section',
      { class: 'model-action' },
      el('h3', { text: '从工单历史重新训练' }),
      el('p', { class: 'muted', text: '每件已由部门接手的诉求算一条训练消息；转办后的部门就是纠正过的标签。至少需要 50 件、2 个分类。训练在后台进行，期间热线和对话照常应答。' }),
      el('div', { class: 'toolbar' }, retrain),
      retrainBox,
    ),
    el('section', { class: 'model-action' }, el('h3', { text: '试一试（已发布的模型）' }), text, el('div', { class: 'toolbar' }, tryButton), tryBox),
  ]);

  let draftVersion = 0;
  function load(): void {
    triage<TriageModelView>('GET', '/model')
      .then((s) => {
        draftVersion = s.version;
        const same = s.draft && s.published && s.draft.version === s.published.version;
        clear(cards);
        append(cards, [
          modelCard('model-published', '已发布' + (s.revision ? '（' + s.revision + '）' : ''), s.detail.published, '已发布的知识库还没有分类模型：工单只按分派规则表分派。'),
          same ? null : modelCard('model-draft', '草稿（发布后生效）', s.detail.draft, '草稿里没有分类模型。'),
        ]);
      })
      .catch((err: unknown) => problemList(cards, err));
  }
  load();

  function publishButton(): HTMLElement {
    return el('button', { type: 'button', id: 'model-publish', text: '发布（在所有实例生效）', on: { click: publish } });
  }

  upload.addEventListener('click', () => {
    const f = file.files && file.files[0];
    if (!f) {
      problemList(uploadBox, new Error('请先选择模型文件。'));
      return;
    }
    upload.disabled = true;
    clear(uploadBox).appendChild(el('p', { class: 'muted', text: '正在上传 ' + f.name + '（' + Math.round(f.size / 1024) + ' KB）…' }));
    f.text()
      .then((body) => triage<TriageModelWritten>('PUT', '/model?expectedVersion=' + draftVersion, body, true))
      .then((r) => {
        clear(uploadBox);
        append(uploadBox, [el('p', { class: 'ok', text: '已上传：版本 ' + r.model.version + '（' + r.model.messages + ' 条消息训练），现在是草稿模型。' }), publishButton()]);
        void refreshStatus();
        load();
      })
      .catch((err: unknown) => problemList(uploadBox, err))
      .then(() => {
        upload.disabled = false;
      });
  });

  retrain.addEventListener('click', () => {
    retrain.disabled = true;
    const started = Date.now();
    const progress = el('p', { class: 'muted', id: 'retrain-progress', role: 'progressbar', text: '正在读取工单历史并训练…' });
    clear(retrainBox).appendChild(progress);
    const timer = window.setInterval(() => {
      progress.textContent = '正在读取工单历史并训练…已用 ' + Math.round((Date.now() - started) / 1000) + ' 秒';
    }, 1000);
    triage<TriageRetrained>('POST', '/retrain', {})
      .then((r) => {
        clear(retrainBox);
        append(retrainBox, [
          el(
            'dl',
            { class: 'retrain-summary' },
            el('dt', { text: '训练消息' }),
            el('dd', { class: 'examples', text: r.examples }),
            el('dt', { text: '分类' }),
            el('dd', { class: 'categories', text: r.model.categories.join('、') }),
            el('dt', { text: '交叉验证准确率' }),
            el('dd', { class: 'accuracy', text: pct(r.model.accuracy) + '（宏平均 F1 ' + pct(r.model.macroF1) + '）' }),
            el('dt', { text: '版本' }),
            el('dd', { class: 'mono', text: r.model.version }),
          ),
          el('p', { text: '新模型已是草稿模型，用时 ' + Math.round((Date.now() - started) / 1000) + ' 秒。先在下方试一试已发布的模型作对比，确认后发布。' }),
          publishButton(),
        ]);
        void refreshStatus();
        load();
      })
      .catch((err: unknown) => problemList(retrainBox, err))
      .then(() => {
        window.clearInterval(timer);
        retrain.disabled = false;
      });
  });

  tryButton.addEventListener('click', () => {
    if (!text.value.trim()) {
      problemList(tryBox, new Error('请输入一条诉求。'));
      return;
    }
    tryButton.disabled = true;
    triage<Classification>('POST', '/classify', { text: text.value })
      .then((c) => renderTry(tryBox, c))
      .catch((err: unknown) => problemList(tryBox, err))
      .then(() => {
        tryButton.disabled = false;
      });
  });
}
