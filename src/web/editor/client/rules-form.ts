/**
 * A policy's eligibility (rules) as a form: groups (全部满足 all / 满足其一 any / 不满足 not) holding
 * condition items (fact, operator and value from the closed lists the server sends, the value input
 * by the fact's kind, the policy's own words) and manual items. Every input has data-path
 * rules.… as the server's zod issues name it (entry.rules.all.0.value), so an issue lands next to
 * its input; the server refuses an invalid eligibility at save. Two helpers: the impact of the
 * change on the enterprise registry before publishing, and items suggested from the conditions text
 * to accept or ignore.
 */
import { api, asFailure, failed } from './api';
import { clear, el } from './dom';
import type { Issue } from './types';

interface FactSpec {
  fact: string;
  kind: 'text' | 'industry' | 'size' | 'taxCredit' | 'number' | 'set';
  operators: string[];
}
export interface Vocabulary {
  facts: FactSpec[];
  qualifications: string[];
  sizes: string[];
  taxCredits: string[];
  districts: string[];
  industries: { code: string; name: string }[];
}

type Value = number | string | string[];
interface CondItem {
  id: string;
  fact: string;
  op: string;
  value: Value;
  text: string;
}
interface ManualItem {
  id: string;
  text: string;
  check: 'manual';
}
type Node = CondItem | ManualItem | { all: Node[] } | { any: Node[] } | { not: Node };

interface Counts {
  eligible: number;
  ineligible: number;
  unknown: number;
}
interface Impact {
  total: number;
  before: Counts | null;
  after: Counts;
  changed: { toEligible: number; toIneligible: number; toUnknown: number } | null;
}
interface Suggestion {
  id: string;
  fact: string;
  op: string;
  value: Value;
  text: string;
}

const FACT_LABEL: Record<string, string> = {
  district: '注册地（区县）',
  industry: '行业代码',
  size: '企业规模',
  taxCredit: '纳税信用等级',
  employees: '从业人员（人）',
  revenue: '营业收入（万元）',
  assets: '资产总额（万元）',
  registeredCapital: '注册资本（万元）',
  rdRatio: '研发投入占比（%）',
  establishedYears: '成立年限（年）',
  qualifications: '资质',
};
const OP_LABEL: Record<string, string> = {
  in: '属于',
  notIn: '不属于',
  prefix: '代码开头为',
  '>=': '≥',
  '>': '>',
  '<=': '≤',
  '<': '<',
  '==': '等于',
  includes: '具有',
};
const GROUP_LABEL = { all: '全部满足', any: '满足其一', not: '不满足' } as const;
type GroupKey = keyof typeof GROUP_LABEL;

let vocabulary: Promise<Vocabulary> | undefined;
const loadVocabulary = (): Promise<Vocabulary> => (vocabulary ??= api<Vocabulary>('GET', '/policies/vocabulary'));

const isGroup = (n: Node): n is { all: Node[] } | { any: Node[] } | { not: Node } => !('id' in n);
const groupKey = (n: Node): GroupKey => ('all' in n ? 'all' : 'any' in n ? 'any' : 'not');
const children = (n: Node): Node[] => ('all' in n ? n.all : 'any' in n ? n.any : 'not' in n ? [n.not] : []);
const listOf = (v: Value): string[] => (Array.isArray(v) ? v.map(String) : v === '' ? [] : [String(v)]);

function allItems(n: Node): (CondItem | ManualItem)[] {
  return isGroup(n) ? children(n).flatMap(allItems) : [n];
}

export class RulesEditor {
  readonly node: HTMLElement;
  private root: Node | undefined;
  private vocab: Vocabulary | undefined;
  private readonly tree = el('div', { class: 'rules-tree', id: 'rules-tree' });
  private readonly impactBox = el('div', { class: 'rules-impact', id: 'rules-impact', 'aria-live': 'polite' });
  private readonly suggestBox = el('div', { class: 'rules-suggest', id: 'rules-suggest' });

  constructor(
    initial: unknown,
    private readonly slot: (path: string, input: HTMLElement | null) => HTMLElement,
    private readonly dropSlots: () => void,
    private readonly policyId: () => string,
    private readonly conditionsText: () => string,
  ) {
    const copy = (): Node | undefined => (initial && typeof initial === 'object' ? (JSON.parse(JSON.stringify(initial)) as Node) : undefined);
    // Two copies: the form edits one, the impact preview compares with the other.
    const saved = copy();
    this.root = copy();
    const preview = el('button', { type: 'button', id: 'rules-preview', text: '预览对企业库的影响', on: { click: () => this.preview(saved) } });
    const suggest = el('button', { type: 'button', id: 'rules-extract', text: '从申请条件提取建议', on: { click: () => this.suggest() } });
    this.node = el(
      'fieldset',
      { class: 'field rules', 'data-field': 'rules' },
      el('legend', { text: '申报条件（可核验）' }),
      el('p', { class: 'hint', text: '事实、运算符和取值来自固定列表；保存时逐项校验，错误显示在对应输入框下。' }),
      this.slot('rules', null),
      this.tree,
      el('div', { class: 'toolbar' }, preview, suggest),
      this.impactBox,
      this.suggestBox,
    );
    this.tree.appendChild(el('p', { class: 'muted', text: '正在加载条件词表…' }));
    loadVocabulary()
      .then((v) => {
        this.vocab = v;
        this.render();
      })
      .catch(failed);
  }

  /** The eligibility as the form holds it (undefined: none). */
  value(): unknown {
    return this.root;
  }

  /** Issues the server names under eligibility.… (the impact route) shown as the save's are. */
  static asRulesIssues(issues: readonly Issue[]): Issue[] {
    return issues.map((i) => ({ ...i, path: String(i.path || '').replace(/^eligibility/, 'entry.rules') }));
  }

  private render(): void {
    this.dropSlots();
    clear(this.tree);
    if (!this.root) {
      this.tree.appendChild(
        el(
          'div',
          { class: 'toolbar' },
          el('span', { class: 'muted', text: '尚无可核验的条件。' }),
          el('button', { type: 'button', id: 'rules-start', text: '添加条件组', on: { click: () => this.change(() => (this.root = { all: [] })) } }),
        ),
      );
      return;
    }
    this.tree.appendChild(this.renderNode(this.root, 'rules', (n) => (this.root = n), () => (this.root = undefined)));
  }

  private change(fn: () => void): void {
    fn();
    this.render();
  }

  private renderNode(n: Node, path: string, replace: (n: Node) => void, remove: () => void): HTMLElement {
    return isGroup(n) ? this.renderGroup(n, path, replace, remove) : 'check' in n ? this.renderManual(n, path, remove) : this.renderItem(n, path, remove);
  }

  private renderGroup(n: Node, path: string, replace: (n: Node) => void, remove: () => void): HTMLElement {
    const key = groupKey(n);
    const kids = children(n);
    const kind = el('select', { 'aria-label': '条件组类型', class: 'group-kind' }, (Object.keys(GROUP_LABEL) as GroupKey[]).map((k) => el('option', { value: k, text: GROUP_LABEL[k] })));
    kind.value = key;
    kind.addEventListener('change', () =>
      this.change(() => {
        const k = kind.value as GroupKey;
        if (k === 'not') replace({ not: kids[0] ?? this.newItem() });
        else replace({ [k]: kids } as Node);
      }),
    );
    const add = (make: () => Node) => () =>
      this.change(() => {
        if (key === 'not') replace({ all: [...kids, make()] });
        else kids.push(make());
      });
    const box = el(
      'div',
      { class: 'rules-group', 'data-path': path },
      el(
        'div',
        { class: 'toolbar' },
        kind,
        el('button', { type: 'button', class: 'add-item', text: '+ 条件', on: { click: add(() => this.newItem()) } }),
        el('button', { type: 'button', class: 'add-manual', text: '+ 人工核验项', on: { click: add(() => ({ id: this.freshId('m'), text: '', check: 'manual' })) } }),
        el('button', { type: 'button', class: 'add-group', text: '+ 分组', on: { click: add(() => ({ any: [] })) } }),
        el('button', { type: 'button', class: 'danger remove', text: '删除此组', on: { click: () => this.change(remove) } }),
      ),
      this.slot(`${path}.${key}`, null),
    );
    const list = el('ol', { class: 'rules-children' });
    kids.forEach((child, i) => {
      const childPath = key === 'not' ? `${path}.not` : `${path}.${key}.${i}`;
      const li = el('li');
      li.appendChild(
        this.renderNode(
          child,
          childPath,
          (c) => (key === 'not' ? replace({ not: c }) : (kids[i] = c)),
          () => (key === 'not' ? replace({ all: [] }) : kids.splice(i, 1)),
        ),
      );
      list.appendChild(li);
    });
    box.appendChild(list);
    return box;
  }

  private newItem(): CondItem {
    return { id: this.freshId('c'), fact: 'district', op: 'in', value: [], text: '' };
  }

  private freshId(prefix: string): string {
    const used = new Set(this.root ? allItems(this.root).map((i) => i.id) : []);
    let n = 1;
    while (used.has(prefix + n)) n++;
    return prefix + n;
  }

  private labelled(label: string, input: HTMLElement, path: string): HTMLElement {
    return el('label', { class: 'rules-cell' }, el('span', { class: 'hint', text: label }), input, this.slot(path, input));
  }

  private textInput(path: string, value: string, set: (v: string) => void, label: string, cls: string): HTMLElement {
    const box = el('input', { type: 'text', value, class: cls, 'aria-label': label });
    box.addEventListener('input', () => set(box.value.trim()));
    return this.labelled(label, box, path);
  }

  private renderManual(item: ManualItem, path: string, remove: () => void): HTMLElement {
    return el(
      'div',
      { class: 'rules-item manual', 'data-path': path },
      el('strong', { text: '人工核验' }),
      this.textInput(`${path}.id`, item.id, (v) => (item.id = v), '编号', 'item-id'),
      this.textInput(`${path}.text`, item.text, (v) => (item.text = v), '原文', 'item-text'),
      el('button', { type: 'button', class: 'danger remove', text: '删除', on: { click: () => this.change(remove) } }),
    );
  }

  private renderItem(item: CondItem, path: string, remove: () => void): HTMLElement {
    const vocab = this.vocab!;
    const spec = vocab.facts.find((f) => f.fact === item.fact);
    const fact = el('select', { class: 'item-fact', 'aria-label': '事实' }, vocab.facts.map((f) => el('option', { value: f.fact, text: FACT_LABEL[f.fact] ?? f.fact })));
    fact.value = item.fact;
    fact.addEventListener('change', () =>
      this.change(() => {
        const next = vocab.facts.find((f) => f.fact === fact.value)!;
        item.fact = next.fact;
        if (!next.operators.includes(item.op)) item.op = next.operators[0]!;
        item.value = next.kind === 'number' ? 0 : item.op === 'in' || item.op === 'notIn' ? [] : '';
      }),
    );
    const op = el('select', { class: 'item-op', 'aria-label': '运算符' }, (spec?.operators ?? [item.op]).map((o) => el('option', { value: o, text: OP_LABEL[o] ?? o })));
    op.value = item.op;
    op.addEventListener('change', () =>
      this.change(() => {
        item.op = op.value;
        const many = item.op === 'in' || item.op === 'notIn';
        if (spec?.kind !== 'number') item.value = many ? listOf(item.value) : (listOf(item.value)[0] ?? '');
      }),
    );
    return el(
      'div',
      { class: 'rules-item', 'data-path': path },
      this.textInput(`${path}.id`, item.id, (v) => (item.id = v), '编号', 'item-id'),
      this.labelled('事实', fact, `${path}.fact`),
      this.labelled('运算符', op, `${path}.op`),
      this.labelled('取值', this.valueInput(item, spec), `${path}.value`),
      this.textInput(`${path}.text`, item.text, (v) => (item.text = v), '原文', 'item-text'),
      el('button', { type: 'button', class: 'danger remove', text: '删除', on: { click: () => this.change(remove) } }),
    );
  }

  /** The value input by the fact's kind: a number, ticks over a closed list, a choice, or codes. */
  private valueInput(item: CondItem, spec: FactSpec | undefined): HTMLElement {
    const vocab = this.vocab!;
    const many = item.op === 'in' || item.op === 'notIn';
    const closed: Partial<Record<FactSpec['kind'], string[]>> = { size: vocab.sizes, taxCredit: vocab.taxCredits, set: vocab.qualifications, text: vocab.districts };
    const list = spec ? closed[spec.kind] : undefined;
    if (spec?.kind === 'number') {
      const box = el('input', { type: 'number', class: 'item-value', step: 'any', value: String(item.value) });
      box.addEventListener('input', () => {
        // A number the browser cannot read is sent as text: the server names the field.
        item.value = box.value.trim() === '' ? '' : Number(box.value);
      });
      return box;
    }
    if (list && many) {
      const chosen = new Set(listOf(item.value));
      return el(
        'span',
        { class: 'item-value ticks' },
        list.map((v) => {
          const tick = el('input', { type: 'checkbox', value: v, checked: chosen.has(v) });
          tick.addEventListener('change', () => {
            if (tick.checked) chosen.add(v);
            else chosen.delete(v);
            item.value = list.filter((x) => chosen.has(x));
          });
          return el('label', null, tick, v);
        }),
      );
    }
    if (list) {
      const select = el('select', { class: 'item-value' }, el('option', { value: '', text: '请选择' }), list.map((v) => el('option', { value: v, text: v })));
      select.value = listOf(item.value)[0] ?? '';
      select.addEventListener('change', () => (item.value = select.value));
      return select;
    }
    // Industry codes (and anything else): codes separated by commas or spaces.
    const box = el('input', { type: 'text', class: 'item-value', value: listOf(item.value).join('，'), placeholder: spec?.kind === 'industry' ? '如 C, I65, H62' : '' });
    box.addEventListener('input', () => {
      const parts = box.value
        .split(/[\s,，、]+/)
        .map((s) => s.trim())
        .filter(Boolean);
      item.value = many || parts.length > 1 ? parts : (parts[0] ?? '');
    });
    return box;
  }

  private preview(saved: Node | undefined): void {
    clear(this.impactBox).appendChild(el('p', { class: 'muted', text: '正在统计…' }));
    const body: Record<string, unknown> = { eligibility: this.root ?? null, policyId: this.policyId() };
    if (saved) body.before = saved;
    api<Impact & { on: string }>('POST', '/policies/impact', body)
      .then((r) => {
        const row = (label: string, c: Counts | null) =>
          el('tr', null, el('th', { text: label }), ...(['eligible', 'ineligible', 'unknown'] as const).map((k) => el('td', { text: c ? String(c[k]) : '—' })));
        const changed = r.changed
          ? `本次修改使 ${r.changed.toEligible} 家变为符合，${r.changed.toIneligible} 家变为不符合，${r.changed.toUnknown} 家变为需核实。`
          : '这是新的条件，没有修改前的结果可比。';
        clear(this.impactBox).append(
          el('p', { id: 'impact-summary', text: `企业库共 ${r.total} 家（按 ${r.on} 计算）。${changed}` }),
          el('table', { class: 'impact-table' }, el('thead', null, el('tr', null, el('th'), el('th', { text: '符合' }), el('th', { text: '不符合' }), el('th', { text: '需核实' }))), el('tbody', null, row('修改前', r.before), row('修改后', r.after))),
        );
      })
      .catch((e: unknown) => {
        const err = asFailure(e);
        clear(this.impactBox).appendChild(el('p', { class: 'error', text: err.status === 400 ? '条件有误，请先按提示修改：' + err.issues.map((i) => i.message).join('；') : err.message }));
      });
  }

  private suggest(): void {
    const text = this.conditionsText();
    clear(this.suggestBox);
    if (!text) {
      this.suggestBox.appendChild(el('p', { class: 'muted', text: '请先填写“申请条件”原文。' }));
      return;
    }
    api<{ items: Suggestion[] }>('POST', '/policies/suggest', { text })
      .then(({ items }) => {
        if (items.length === 0) {
          this.suggestBox.appendChild(el('p', { class: 'muted', text: '没有从原文中识别出可核验的条件。' }));
          return;
        }
        const list = el('ul', { class: 'suggestions', id: 'suggestions' });
        for (const s of items) {
          const li = el('li', { class: 'suggestion' });
          const accept = el('button', { type: 'button', class: 'accept', text: '采纳' });
          const reject = el('button', { type: 'button', class: 'reject', text: '忽略' });
          accept.addEventListener('click', () => {
            this.change(() => {
              const item: CondItem = { id: this.freshId('c'), fact: s.fact, op: s.op, value: s.value, text: s.text };
              if (!this.root) this.root = { all: [item] };
              else if ('all' in this.root) this.root.all.push(item);
              else this.root = { all: [this.root, item] };
            });
            li.remove();
          });
          reject.addEventListener('click', () => li.remove());
          li.append(el('span', { text: `${FACT_LABEL[s.fact] ?? s.fact} ${OP_LABEL[s.op] ?? s.op} ${listOf(s.value).join('、')}（${s.text}）` }), ' ', accept, ' ', reject);
          list.appendChild(li);
        }
        this.suggestBox.append(el('p', { class: 'hint', text: '从原文识别的条件，请逐条确认：' }), list);
      })
      .catch(failed);
  }
}
