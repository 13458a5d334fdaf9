/*
 * qihu's bundled chart library: small SVG bar and line charts, no dependencies, no DOM needed to
 * build them. barChart / lineChart return a plain tree ({tag, attrs, children, text}); render()
 * turns a tree into SVG elements with createElementNS and textContent only (no HTML parsing, so
 * any label is shown as text, and it works under Trusted Types). Every bar and point carries a
 * <title> tooltip. Works in the browser (window.QihuChart) and in Node (module.exports, for tests).
 */
(function (root) {
  'use strict';

  var SVG_NS = 'http://www.w3.org/2000/svg';

  function node(tag, attrs, children, text) {
    var n = { tag: tag, attrs: attrs || {}, children: children || [] };
    if (text !== undefined) n.text = String(text);
    return n;
  }

  /** A "nice" axis maximum and tick step for values up to max (1, 2, 5 × 10^n steps). */
  function niceScale(max, ticks) {
    ticks = ticks || 4;
    if (!(max > 0)) return { max: 1, step: 1 };
    var raw = max / ticks;
    var mag = Math.pow(10, Math.floor(Math.log10(raw)));
    var f = raw / mag;
    var step = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
    if (step < 1 && max >= 1) step = 1;
    return { max: Math.ceil(max / step) * step, step: step };
  }

  function fmt(v) {
    if (Math.abs(v) >= 1 || v === 0) return String(Math.round(v * 100) / 100);
    return String(Math.round(v * 1000) / 1000);
  }

  function frame(opts) {
    var width = opts.width || 640;
    var height = opts.height || 260;
    var m = { top: 16, right: 16, bottom: opts.rotateLabels ? 64 : 40, left: 48 };
    return { width: width, height: height, m: m, w: width - m.left - m.right, h: height - m.top - m.bottom };
  }

  function yAxis(f, scale, format) {
    var out = [];
    for (var v = 0; v <= scale.max + 1e-9; v += scale.step) {
      var y = f.m.top + f.h - (v / scale.max) * f.h;
      out.push(node('line', { class: 'qc-grid', x1: f.m.left, x2: f.m.left + f.w, y1: y, y2: y }));
      out.push(node('text', { class: 'qc-tick qc-y', x: f.m.left - 6, y: y + 4, 'text-anchor': 'end' }, [], format(v)));
    }
    out.push(node('line', { class: 'qc-axis', x1: f.m.left, x2: f.m.left, y1: f.m.top, y2: f.m.top + f.h }));
    out.push(node('line', { class: 'qc-axis', x1: f.m.left, x2: f.m.left + f.w, y1: f.m.top + f.h, y2: f.m.top + f.h }));
    return out;
  }

  /** x labels, thinned so that at most maxLabels show. */
  function xLabels(f, labels, xOf, opts) {
    var every = Math.max(1, Math.ceil(labels.length / (opts.maxLabels || 12)));
    var out = [];
    for (var i = 0; i < labels.length; i += every) {
      var x = xOf(i);
      var y = f.m.top + f.h + 16;
      var attrs = { class: 'qc-tick qc-x', x: x, y: y, 'text-anchor': opts.rotateLabels ? 'end' : 'middle' };
      if (opts.rotateLabels) attrs.transform = 'rotate(-35 ' + x + ' ' + y + ')';
      out.push(node('text', attrs, [], clip(labels[i], opts.labelChars || 12)));
    }
    return out;
  }

  function clip(s, n) {
    var chars = Array.from(String(s));
    return chars.length > n ? chars.slice(0, n - 1).join('') + '…' : chars.join('');
  }

  function svg(f, title, children) {
    return node('svg', { xmlns: SVG_NS, class: 'qc-chart', viewBox: '0 0 ' + f.width + ' ' + f.height, role: 'img', 'aria-label': title || '' }, [
      node('title', {}, [], title || ''),
    ].concat(children));
  }

  /**
   * Bars: data = [{label, value, cls?}]. opts: title, width, height, format(v), rotateLabels,
   * unit (tooltip suffix).
   */
  function barChart(data, opts) {
    opts = opts || {};
    var f = frame(opts);
    var format = opts.format || fmt;
    var max = 0;
    data.forEach(function (d) { if (d.value > max) max = d.value; });
    var scale = niceScale(max);
    var band = data.length ? f.w / data.length : f.w;
    var barW = Math.min(64, Math.max(2, band * 0.7));
    var xOf = function (i) { return f.m.left + band * i + band / 2; };
    var bars = data.map(function (d, i) {
      var h = (d.value / scale.max) * f.h;
      return node('rect', {
        class: 'qc-bar' + (d.cls ? ' ' + d.cls : ''),
        x: xOf(i) - barW / 2,
        y: f.m.top + f.h - h,
        width: barW,
        height: Math.max(0, h),
        'data-label': d.label,
        'data-value': d.value,
      }, [node('title', {}, [], d.label + '：' + format(d.value) + (opts.unit || ''))]);
    });
    var empty = data.length ? [] : [node('text', { class: 'qc-empty', x: f.m.left + f.w / 2, y: f.m.top + f.h / 2, 'text-anchor': 'middle' }, [], opts.emptyText || '暂无数据')];
    // Labels fit their band (the whole label is in the tooltip).
    var labelOpts = { maxLabels: opts.maxLabels || 40, rotateLabels: opts.rotateLabels, labelChars: opts.labelChars || Math.max(2, Math.floor(band / 12)) };
    return svg(f, opts.title, yAxis(f, scale, format).concat(bars, xLabels(f, data.map(function (d) { return d.label; }), xOf, labelOpts), empty));
  }

  /**
   * Lines: labels = x labels; series = [{name, values, cls?}]. opts as barChart, plus legend (default true).
   */
  function lineChart(labels, series, opts) {
    opts = opts || {};
    var f = frame(opts);
    var format = opts.format || fmt;
    var max = 0;
    series.forEach(function (s) { s.values.forEach(function (v) { if (v > max) max = v; }); });
    var scale = niceScale(max);
    var n = labels.length;
    var xOf = function (i) { return n <= 1 ? f.m.left + f.w / 2 : f.m.left + (f.w * i) / (n - 1); };
    var yOf = function (v) { return f.m.top + f.h - (v / scale.max) * f.h; };
    var drawn = [];
    series.forEach(function (s, si) {
      var cls = s.cls || 'qc-s' + si;
      var d = s.values.map(function (v, i) { return (i ? 'L' : 'M') + round(xOf(i)) + ' ' + round(yOf(v)); }).join(' ');
      var points = s.values.map(function (v, i) {
        return node('circle', { class: 'qc-point ' + cls, cx: round(xOf(i)), cy: round(yOf(v)), r: 3, 'data-value': v },
          [node('title', {}, [], s.name + ' · ' + labels[i] + '：' + format(v) + (opts.unit || ''))]);
      });
      drawn.push(node('g', { class: 'qc-series ' + cls, 'data-name': s.name }, [node('path', { class: 'qc-line ' + cls, d: d, fill: 'none' })].concat(points)));
    });
    var legend = opts.legend === false ? [] : series.map(function (s, si) {
      var x = f.m.left + si * 110;
      return node('g', { class: 'qc-legend' }, [
        node('rect', { class: 'qc-key ' + (s.cls || 'qc-s' + si), x: x, y: f.height - 14, width: 10, height: 10 }),
        node('text', { class: 'qc-legend-text', x: x + 14, y: f.height - 5 }, [], s.name),
      ]);
    });
    return svg(f, opts.title, yAxis(f, scale, format).concat(drawn, xLabels(f, labels, xOf, opts), legend));
  }

  function round(v) { return Math.round(v * 10) / 10; }

  /** The tree as SVG elements of `doc` (attributes and textContent only). */
  function render(tree, doc) {
    var el = doc.createElementNS(SVG_NS, tree.tag);
    Object.keys(tree.attrs).forEach(function (k) {
      if (k === 'xmlns') return;
      el.setAttribute(k, String(tree.attrs[k]));
    });
    if (tree.text !== undefined) el.textContent = tree.text;
    tree.children.forEach(function (c) { el.appendChild(render(c, doc)); });
    return el;
  }

  /** Every text of a tree, in order (for tests). */
  function texts(tree) {
    var out = tree.text !== undefined ? [tree.text] : [];
    tree.children.forEach(function (c) { out = out.concat(texts(c)); });
    return out;
  }

  /** Nodes of a tree with this tag (for tests). */
  function find(tree, tag) {
    var out = tree.tag === tag ? [tree] : [];
    tree.children.forEach(function (c) { out = out.concat(find(c, tag)); });
    return out;
  }

  var api = { barChart: barChart, lineChart: lineChart, render: render, niceScale: niceScale, texts: texts, find: find };
  if (typeof module === 'object' && module.exports) module.exports = api;
  else root.QihuChart = api;
})(typeof globalThis !== 'undefined' ? globalThis : this);
