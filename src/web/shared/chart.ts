/*
 * qihu's bundled chart library: small SVG bar and line charts, no dependencies, no DOM needed to
 * build them. barChart / lineChart return a plain tree ({tag, attrs, children, text}); render()
 * turns a tree into SVG elements with createElementNS and textContent only (no HTML parsing, so
 * any label is shown as text, and it works under Trusted Types). Every bar and point carries a
 * <title> tooltip. Imported by the analytics page and, in Node, by its tests (it uses no DOM type).
 */

const SVG_NS = 'http://www.w3.org/2000/svg';

export interface ChartTree {
  tag: string;
  attrs: Record<string, string | number>;
  children: ChartTree[];
  text?: string;
}

export interface Bar {
  label: string;
  value: number;
  cls?: string;
}

export interface Series {
  name: string;
  values: number[];
  cls?: string;
}

export interface ChartOptions {
  title?: string;
  width?: number;
  height?: number;
  format?: (v: number) => string;
  rotateLabels?: boolean;
  /** Tooltip suffix. */
  unit?: string;
  maxLabels?: number;
  labelChars?: number;
  emptyText?: string;
  /** Line charts: draw a legend (default true). */
  legend?: boolean;
}

interface Frame {
  width: number;
  height: number;
  m: { top: number; right: number; bottom: number; left: number };
  w: number;
  h: number;
}

interface Scale {
  max: number;
  step: number;
}

function node(tag: string, attrs?: Record<string, string | number>, children?: ChartTree[], text?: string | number): ChartTree {
  const n: ChartTree = { tag, attrs: attrs || {}, children: children || [] };
  if (text !== undefined) n.text = String(text);
  return n;
}

/** A "nice" axis maximum and tick step for values up to max (1, 2, 5 × 10^n steps). */
export function niceScale(max: number, ticks = 4): Scale {
  if (!(max > 0)) return { max: 1, step: 1 };
  const raw = max / ticks;
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const f = raw / mag;
  let step = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
  if (step < 1 && max >= 1) step = 1;
  return { max: Math.ceil(max / step) * step, step };
}

function fmt(v: number): string {
  if (Math.abs(v) >= 1 || v === 0) return String(Math.round(v * 100) / 100);
  return String(Math.round(v * 1000) / 1000);
}

function frame(opts: ChartOptions): Frame {
  const width = opts.width || 640;
  const height = opts.height || 260;
  const m = { top: 16, right: 16, bottom: opts.rotateLabels ? 64 : 40, left: 48 };
  return { width, height, m, w: width - m.left - m.right, h: height - m.top - m.bottom };
}

function yAxis(f: Frame, scale: Scale, format: (v: number) => string): ChartTree[] {
  const out: ChartTree[] = [];
  for (let v = 0; v <= scale.max + 1e-9; v += scale.step) {
    const y = f.m.top + f.h - (v / scale.max) * f.h;
    out.push(node('line', { class: 'qc-grid', x1: f.m.left, x2: f.m.left + f.w, y1: y, y2: y }));
    out.push(node('text', { class: 'qc-tick qc-y', x: f.m.left - 6, y: y + 4, 'text-anchor': 'end' }, [], format(v)));
  }
  out.push(node('line', { class: 'qc-axis', x1: f.m.left, x2: f.m.left, y1: f.m.top, y2: f.m.top + f.h }));
  out.push(node('line', { class: 'qc-axis', x1: f.m.left, x2: f.m.left + f.w, y1: f.m.top + f.h, y2: f.m.top + f.h }));
  return out;
}

/** x labels, thinned so that at most maxLabels show. */
function xLabels(f: Frame, labels: readonly string[], xOf: (i: number) => number, opts: ChartOptions): ChartTree[] {
  const every = Math.max(1, Math.ceil(labels.length / (opts.maxLabels || 12)));
  const out: ChartTree[] = [];
  for (let i = 0; i < labels.length; i += every) {
    const x = xOf(i);
    const y = f.m.top + f.h + 16;
    const attrs: Record<string, string | number> = { class: 'qc-tick qc-x', x, y, 'text-anchor': opts.rotateLabels ? 'end' : 'middle' };
    if (opts.rotateLabels) attrs.transform = 'rotate(-35 ' + x + ' ' + y + ')';
    out.push(node('text', attrs, [], clip(labels[i] ?? '', opts.labelChars || 12)));
  }
  return out;
}

function clip(s: string, n: number): string {
  const chars = Array.from(String(s));
  return chars.length > n ? chars.slice(0, n - 1).join('') + '…' : chars.join('');
}

function svg(f: Frame, title: string | undefined, children: ChartTree[]): ChartTree {
  return node('svg', { xmlns: SVG_NS, class: 'qc-chart', viewBox: '0 0 ' + f.width + ' ' + f.height, role: 'img', 'aria-label': title || '' }, [
    node('title', {}, [], title || ''),
    ...children,
  ]);
}

/** Bars: one per datum. opts: title, width, height, format(v), rotateLabels, unit (tooltip suffix). */
export function barChart(data: readonly Bar[], opts: ChartOptions = {}): ChartTree {
  const f = frame(opts);
  const format = opts.format || fmt;
  let max = 0;
  for (const d of data) if (d.value > max) max = d.value;
  const scale = niceScale(max);
  const band = data.length ? f.w / data.length : f.w;
  const barW = Math.min(64, Math.max(2, band * 0.7));
  const xOf = (i: number) => f.m.left + band * i + band / 2;
  const bars = data.map((d, i) => {
    const h = (d.value / scale.max) * f.h;
    return node(
      'rect',
      {
        class: 'qc-bar' + (d.cls ? ' ' + d.cls : ''),
        x: xOf(i) - barW / 2,
        y: f.m.top + f.h - h,
        width: barW,
        height: Math.max(0, h),
        'data-label': d.label,
        'data-value': d.value,
      },
      [node('title', {}, [], d.label + '：' + format(d.value) + (opts.unit || ''))],
    );
  });
  const empty = data.length ? [] : [node('text', { class: 'qc-empty', x: f.m.left + f.w / 2, y: f.m.top + f.h / 2, 'text-anchor': 'middle' }, [], opts.emptyText || '暂无数据')];
  // Labels fit their band (the whole label is in the tooltip).
  const labelOpts: ChartOptions = { maxLabels: opts.maxLabels || 40, rotateLabels: opts.rotateLabels, labelChars: opts.labelChars || Math.max(2, Math.floor(band / 12)) };
  return svg(f, opts.title, [...yAxis(f, scale, format), ...bars, ...xLabels(f, data.map((d) => d.label), xOf, labelOpts), ...empty]);
}

/** Lines: labels = x labels, one line per series. opts as barChart, plus legend (default true). */
export function lineChart(labels: readonly string[], series: readonly Series[], opts: ChartOptions = {}): ChartTree {
  const f = frame(opts);
  const format = opts.format || fmt;
  let max = 0;
  for (const s of series) for (const v of s.values) if (v > max) max = v;
  const scale = niceScale(max);
  const n = labels.length;
  const xOf = (i: number) => (n <= 1 ? f.m.left + f.w / 2 : f.m.left + (f.w * i) / (n - 1));
  const yOf = (v: number) => f.m.top + f.h - (v / scale.max) * f.h;
  const drawn = series.map((s, si) => {
    const cls = s.cls || 'qc-s' + si;
    const d = s.values.map((v, i) => (i ? 'L' : 'M') + round(xOf(i)) + ' ' + round(yOf(v))).join(' ');
    const points = s.values.map((v, i) =>
      node('circle', { class: 'qc-point ' + cls, cx: round(xOf(i)), cy: round(yOf(v)), r: 3, 'data-value': v }, [
        node('title', {}, [], s.name + ' · ' + labels[i] + '：' + format(v) + (opts.unit || '')),
      ]),
    );
    return node('g', { class: 'qc-series ' + cls, 'data-name': s.name }, [node('path', { class: 'qc-line ' + cls, d, fill: 'none' }), ...points]);
  });
  const legend =
    opts.legend === false
      ? []
      : series.map((s, si) => {
          const x = f.m.left + si * 110;
          return node('g', { class: 'qc-legend' }, [
            node('rect', { class: 'qc-key ' + (s.cls || 'qc-s' + si), x, y: f.height - 14, width: 10, height: 10 }),
            node('text', { class: 'qc-legend-text', x: x + 14, y: f.height - 5 }, [], s.name),
          ]);
        });
  return svg(f, opts.title, [...yAxis(f, scale, format), ...drawn, ...xLabels(f, labels, xOf, opts), ...legend]);
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}

/** What render needs of an element: attributes, text and children (a DOM Element has them). */
export interface SvgTarget {
  setAttribute(name: string, value: string): void;
  textContent: string | null;
  appendChild(child: never): unknown;
}

/** The tree as SVG elements of `doc` (attributes and textContent only). */
export function render<E extends SvgTarget>(tree: ChartTree, doc: { createElementNS(ns: string, tag: string): E }): E {
  const el = doc.createElementNS(SVG_NS, tree.tag);
  for (const [k, v] of Object.entries(tree.attrs)) {
    if (k === 'xmlns') continue;
    el.setAttribute(k, String(v));
  }
  if (tree.text !== undefined) el.textContent = tree.text;
  const parent = el as unknown as { appendChild(child: E): unknown };
  for (const c of tree.children) parent.appendChild(render(c, doc));
  return el;
}

/** Every text of a tree, in order (for tests). */
export function texts(tree: ChartTree): string[] {
  const out = tree.text !== undefined ? [tree.text] : [];
  for (const c of tree.children) out.push(...texts(c));
  return out;
}

/** Nodes of a tree with this tag (for tests). */
export function find(tree: ChartTree, tag: string): ChartTree[] {
  const out = tree.tag === tag ? [tree] : [];
  for (const c of tree.children) out.push(...find(c, tag));
  return out;
}
