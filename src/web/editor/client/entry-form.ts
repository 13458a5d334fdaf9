/**
 * A form for one entry. Every input carries data-path (the issue path without "entry."), and each
 * field an error slot: showErrors(issues) puts every zod issue next to the input it names.
 */
import { clear, el } from './dom';
import { FIELDS, type FieldSpec } from './fields';
import { RulesEditor } from './rules-form';
import type { EntryKind, Issue } from './types';

interface Slot {
  error: HTMLElement;
  input: HTMLElement | null;
}

/** Writes one field's value into the entry being built. */
type Reader = (out: Record<string, unknown>) => void;

type MaterialKey = 'name' | 'form' | 'copies' | 'required' | 'note';
const MATERIAL_KEYS: readonly MaterialKey[] = ['name', 'form', 'copies', 'required', 'note'];
const MATERIAL_LABEL: Record<MaterialKey, string> = { name: '名称', form: '形式', copies: '份数', required: '必需', note: '备注' };

interface MaterialRow {
  inputs: Record<MaterialKey, HTMLInputElement>;
  errors: Record<MaterialKey, HTMLElement>;
  tr: HTMLElement;
}

interface MaterialValue {
  name?: string;
  form?: string;
  copies?: number;
  required?: boolean;
  note?: string;
}

function dropSlots(slots: Map<string, Slot>, prefix: string): void {
  for (const k of [...slots.keys()]) if (k.indexOf(prefix) === 0) slots.delete(k);
}

const text = (value: unknown): string => (value === undefined ? '' : String(value));

export class EntryForm {
  readonly node: HTMLElement;
  /** Issues that name no field. */
  readonly general: HTMLElement;
  private readonly readers: Reader[] = [];
  /** path → its error slot and input. */
  private readonly slots = new Map<string, Slot>();
  /** List fields drop empty rows: for each, the on-screen row of each value sent. */
  private readonly listPaths = new Map<string, () => number[]>();
  /** What the entry holds that the form does not show (a policy's eligibility rules, its source id): kept as it was. */
  private readonly unshown: Record<string, unknown> = {};
  /** A policy's eligibility rules, as their own form. */
  private readonly rules: RulesEditor | undefined;

  constructor(
    readonly kind: EntryKind,
    entry: Record<string, unknown> | null,
    isNew: boolean,
  ) {
    const shown = new Set<string>(['kind', ...FIELDS[kind].map((f) => f.key), ...(kind === 'policy' ? ['rules'] : [])]);
    for (const [key, value] of Object.entries(entry ?? {})) if (!shown.has(key)) this.unshown[key] = value;
    this.node = el('div', { class: 'form', id: 'entry-form', 'data-kind': kind });
    this.general = el('ul', { class: 'issues', id: 'form-issues' });
    for (const f of FIELDS[kind]) this.node.appendChild(this.field(f, entry ? entry[f.key] : undefined, isNew));
    if (kind === 'policy') {
      const valueOf = (id: string) => {
        const input = this.node.querySelector('#' + id) as HTMLInputElement | HTMLTextAreaElement | null;
        return input ? input.value.trim() : '';
      };
      this.rules = new RulesEditor(
        entry ? entry.rules : undefined,
        (path, input) => this.slot(path, input),
        () => dropSlots(this.slots, 'rules.'),
        () => valueOf('f-id'),
        () => valueOf('f-eligibility'),
      );
      this.node.appendChild(this.rules.node);
    }
  }

  private slot(path: string, input: HTMLElement | null): HTMLElement {
    const id = 'err-' + path.replace(/[^A-Za-z0-9_-]/g, '-');
    const p = el('p', { class: 'field-error', id, 'data-error-for': path });
    this.slots.set(path, { error: p, input });
    if (input) {
      input.setAttribute('data-path', path);
      input.setAttribute('aria-describedby', id);
    }
    return p;
  }

  private field(f: FieldSpec, value: unknown, isNew: boolean): HTMLElement {
    const id = 'f-' + f.key;
    let label = el('label', { for: id }, f.label, f.required ? ' *' : '', f.hint ? el('span', { class: 'hint' }, '（' + f.hint + '）') : null);
    const wrap = el('div', { class: 'field', 'data-field': f.key });
    let input: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
    switch (f.type) {
      case 'text':
      case 'date': {
        const box = el('input', { type: f.type, id, name: f.key, value: text(value), readOnly: f.key === 'id' && !isNew });
        this.readers.push((out) => {
          const v = box.value.trim();
          if (v || f.required) out[f.key] = v;
        });
        input = box;
        break;
      }
      case 'textarea': {
        const area = el('textarea', { id, name: f.key, rows: f.key === 'answer' ? 6 : 3 });
        area.value = text(value);
        this.readers.push((out) => {
          const v = area.value.trim();
          if (v || f.required) out[f.key] = v;
        });
        input = area;
        break;
      }
      case 'int': {
        const box = el('input', { type: 'number', id, name: f.key, step: 1, value: text(value) });
        this.readers.push((out) => {
          const raw = box.value.trim();
          if (raw === '') {
            // type=number gives "" for text it cannot read: say so instead of dropping it silently.
            if (box.validity && box.validity.badInput) out[f.key] = '（无效数字）';
            return;
          }
          out[f.key] = Number(raw);
        });
        input = box;
        break;
      }
      case 'bool': {
        const box = el('input', { type: 'checkbox', id, name: f.key, checked: Boolean(value) });
        label = el('label', { for: id }, box, ' ', f.label);
        wrap.appendChild(label);
        wrap.appendChild(this.slot(f.key, box));
        this.readers.push((out) => {
          out[f.key] = box.checked;
        });
        return wrap;
      }
      case 'select': {
        const select = el('select', { id, name: f.key }, el('option', { value: '', text: '请选择' }), (f.options ?? []).map((o) => el('option', { value: o, text: o })));
        select.value = text(value);
        this.readers.push((out) => {
          out[f.key] = select.value;
        });
        input = select;
        break;
      }
      case 'list':
        return this.listField(f, Array.isArray(value) ? (value as unknown[]) : [], wrap);
      case 'materials':
        return this.materialsField(f, Array.isArray(value) ? (value as MaterialValue[]) : [], wrap);
      case 'online':
        return this.onlineField(f, value as { available?: boolean; url?: string; note?: string } | undefined, wrap);
    }
    wrap.appendChild(label);
    wrap.appendChild(input);
    wrap.appendChild(this.slot(f.key, input));
    return wrap;
  }

  /** A list of strings edited row by row (aliases, alternates, tags). */
  private listField(f: FieldSpec, values: unknown[], wrap: HTMLElement): HTMLElement {
    const rows = el('div', { class: 'row-list', id: 'f-' + f.key });
    const inputs: HTMLInputElement[] = [];
    const renumber = () => {
      dropSlots(this.slots, f.key + '.');
      inputs.forEach((inp, i) => {
        inp.setAttribute('aria-label', f.label + ' 第 ' + (i + 1) + ' 项');
        const row = inp.closest('.row')!;
        const err = row.querySelector<HTMLElement>('.field-error')!;
        const path = f.key + '.' + i;
        inp.setAttribute('data-path', path);
        err.setAttribute('data-error-for', path);
        this.slots.set(path, { error: err, input: inp });
      });
    };
    const addRow = (v: string): HTMLInputElement => {
      const inp = el('input', { type: 'text', value: v || '' });
      const err = el('p', { class: 'field-error' });
      const row = el(
        'div',
        { class: 'row' },
        el('div', { class: 'cell' }, inp, err),
        el('button', {
          type: 'button',
          class: 'remove',
          text: '删除',
          'aria-label': '删除这一项',
          on: {
            click: () => {
              inputs.splice(inputs.indexOf(inp), 1);
              rows.removeChild(row);
              renumber();
            },
          },
        }),
      );
      inputs.push(inp);
      rows.appendChild(row);
      renumber();
      return inp;
    };
    for (const v of values) addRow(String(v));
    wrap.appendChild(el('div', { class: 'label' }, f.label, f.hint ? el('span', { class: 'hint' }, '（' + f.hint + '）') : null));
    wrap.appendChild(rows);
    wrap.appendChild(el('button', { type: 'button', class: 'add', 'data-add': f.key, text: '＋ 添加一项', on: { click: () => addRow('').focus() } }));
    wrap.appendChild(this.slot(f.key, null));
    this.readers.push((out) => {
      // Empty rows are dropped, not sent: an empty alias means nothing.
      out[f.key] = inputs.map((i) => i.value.trim()).filter(Boolean);
    });
    // Dropped rows shift the indexes the server reports: keep the mapping in step.
    this.listPaths.set(f.key, () => {
      const map: number[] = [];
      inputs.forEach((inp, i) => {
        if (inp.value.trim()) map.push(i);
      });
      return map;
    });
    return wrap;
  }

  /** Materials, one table row per material: name, form, copies, required, note. */
  private materialsField(f: FieldSpec, values: MaterialValue[], wrap: HTMLElement): HTMLElement {
    const body = el('tbody');
    const rows: MaterialRow[] = [];
    const renumber = () => {
      dropSlots(this.slots, 'materials.');
      rows.forEach((r, i) => {
        for (const k of MATERIAL_KEYS) {
          const path = 'materials.' + i + '.' + k;
          r.inputs[k].setAttribute('data-path', path);
          r.inputs[k].setAttribute('aria-label', '材料 ' + (i + 1) + ' ' + MATERIAL_LABEL[k]);
          r.errors[k].setAttribute('data-error-for', path);
          this.slots.set(path, { error: r.errors[k], input: r.inputs[k] });
        }
        this.slots.set('materials.' + i, { error: r.errors.name, input: r.inputs.name });
      });
    };
    const addRow = (given?: MaterialValue): MaterialRow => {
      const m = given || { required: true };
      const inputs: Record<MaterialKey, HTMLInputElement> = {
        name: el('input', { type: 'text', value: m.name || '' }),
        form: el('input', { type: 'text', value: m.form || '', list: 'material-forms' }),
        copies: el('input', { type: 'number', step: 1, value: m.copies === undefined ? '' : String(m.copies) }),
        required: el('input', { type: 'checkbox', checked: m.required !== false }),
        note: el('input', { type: 'text', value: m.note || '' }),
      };
      const errors = {} as Record<MaterialKey, HTMLElement>;
      const cells = MATERIAL_KEYS.map((k) => {
        errors[k] = el('p', { class: 'field-error' });
        return el('td', null, inputs[k], errors[k]);
      });
      const r: MaterialRow = { inputs, errors, tr: el('tr') };
      const remove = el('button', {
        type: 'button',
        class: 'remove',
        text: '删除',
        on: {
          click: () => {
            rows.splice(rows.indexOf(r), 1);
            body.removeChild(r.tr);
            renumber();
          },
        },
      });
      r.tr = el('tr', null, cells, el('td', null, remove));
      rows.push(r);
      body.appendChild(r.tr);
      renumber();
      return r;
    };
    for (const m of values) addRow(m);
    wrap.appendChild(el('div', { class: 'label' }, f.label));
    wrap.appendChild(el('table', { class: 'materials', id: 'f-materials' }, el('thead', null, el('tr', null, ['名称 *', '形式', '份数', '必需', '备注', ''].map((t) => el('th', { text: t })))), body));
    wrap.appendChild(el('datalist', { id: 'material-forms' }, ['原件', '复印件', '原件及复印件', '电子版'].map((v) => el('option', { value: v }))));
    wrap.appendChild(el('button', { type: 'button', class: 'add', 'data-add': 'materials', text: '＋ 添加材料', on: { click: () => addRow().inputs.name.focus() } }));
    wrap.appendChild(this.slot('materials', null));
    this.readers.push((out) => {
      out.materials = rows.map((r) => {
        const m: MaterialValue = { name: r.inputs.name.value.trim(), required: r.inputs.required.checked };
        const form = r.inputs.form.value.trim();
        const note = r.inputs.note.value.trim();
        const copies = r.inputs.copies.value.trim();
        if (form) m.form = form;
        if (copies) m.copies = Number(copies);
        if (note) m.note = note;
        return m;
      });
    });
    return wrap;
  }

  /** Online service: 未说明 (absent) / 可以 / 不可以, plus a URL and a note. */
  private onlineField(f: FieldSpec, value: { available?: boolean; url?: string; note?: string } | undefined, wrap: HTMLElement): HTMLElement {
    const available = el(
      'select',
      { id: 'f-online-available' },
      el('option', { value: '', text: '未说明' }),
      el('option', { value: 'true', text: '可以网上办理' }),
      el('option', { value: 'false', text: '不能网上办理' }),
    );
    available.value = value ? String(Boolean(value.available)) : '';
    const url = el('input', { type: 'text', id: 'f-online-url', value: (value && value.url) || '', placeholder: 'https://…' });
    const note = el('input', { type: 'text', id: 'f-online-note', value: (value && value.note) || '' });
    wrap.appendChild(
      el(
        'fieldset',
        null,
        el('legend', { text: f.label }),
        el('div', { class: 'field' }, el('label', { for: 'f-online-available', text: '是否可网办' }), available, this.slot('online.available', available)),
        el('div', { class: 'field' }, el('label', { for: 'f-online-url', text: '网办地址' }), url, this.slot('online.url', url)),
        el('div', { class: 'field' }, el('label', { for: 'f-online-note', text: '说明' }), note, this.slot('online.note', note)),
        this.slot('online', null),
      ),
    );
    this.readers.push((out) => {
      const u = url.value.trim();
      const n = note.value.trim();
      if (!available.value && !u && !n) return;
      const o: { available: boolean; url?: string; note?: string } = { available: available.value === 'true' };
      if (u) o.url = u;
      if (n) o.note = n;
      out.online = o;
    });
    return wrap;
  }

  /** The entry as the form holds it (the server validates it). */
  value(): Record<string, unknown> {
    const out: Record<string, unknown> = { ...this.unshown, kind: this.kind };
    for (const read of this.readers) read(out);
    if (this.rules) {
      const rules = this.rules.value();
      if (rules === undefined) delete out.rules;
      else out.rules = rules;
    }
    return out;
  }

  clearErrors(): void {
    for (const s of this.slots.values()) {
      s.error.textContent = '';
      if (s.input) s.input.removeAttribute('aria-invalid');
    }
    clear(this.general);
  }

  /** Puts every issue next to its field: the longest path prefix that has a slot; else in the list on top. */
  showErrors(issues: readonly Issue[]): void {
    this.clearErrors();
    let first: HTMLElement | null = null;
    for (const issue of issues) {
      const path = String(issue.path || '')
        .replace(/^entry\.?/, '')
        .split('.')
        .filter(Boolean);
      // List fields drop empty rows: map the server's index back to the row on screen.
      const rowsOf = path.length >= 2 ? this.listPaths.get(path[0]!) : undefined;
      if (rowsOf) {
        const idx = rowsOf()[Number(path[1])];
        if (idx !== undefined) path[1] = String(idx);
      }
      let slot: Slot | undefined;
      for (let n = path.length; n > 0 && !slot; n--) slot = this.slots.get(path.slice(0, n).join('.'));
      if (!slot) {
        this.general.appendChild(el('li', null, (issue.path ? issue.path + '：' : '') + issue.message));
        continue;
      }
      slot.error.textContent = slot.error.textContent ? slot.error.textContent + '；' + issue.message : issue.message;
      if (slot.input) {
        slot.input.setAttribute('aria-invalid', 'true');
        if (!first) first = slot.input;
      } else if (!first) first = slot.error;
    }
    if (first && first.focus) first.focus();
    else if (first && first.scrollIntoView) first.scrollIntoView({ block: 'center' });
  }
}
