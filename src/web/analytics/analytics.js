/* Analytics (GET /api/v1/admin/kb/analytics) drawn with the bundled chart library (chart.js). */
(function () {
  'use strict';
  var C = window.QihuConsole;
  var Chart = window.QihuChart;
  var el = C.el;
  var SLA = { green: '正常', yellow: '即将到期', red: '已超期', closed: '已办结' };

  function pct(v) { return Math.round(v * 1000) / 10 + '%'; }

  /** yyyy-mm-dd of a Date in Beijing time. */
  function ymd(d) { return new Date(d.getTime() + 8 * 3600e3).toISOString().slice(0, 10); }

  function draw(id, tree) {
    var slot = document.getElementById(id);
    slot.replaceChildren(Chart.render(tree, document));
  }

  function kpi(label, value) {
    var d = el('div', 'kpi');
    d.appendChild(el('span', 'kpi-value', value));
    d.appendChild(el('span', 'kpi-label', label));
    return d;
  }

  function shortLabel(start, bucket) {
    return bucket === 'hour' ? start.slice(5, 13).replace('T', ' ') + '时' : start.slice(5, 10);
  }

  function render(a) {
    var t = a.totals;
    var k = document.getElementById('kpis');
    k.replaceChildren(
      kpi('会话数', t.conversations),
      kpi('回答率', pct(t.answerRate)),
      kpi('转人工率', pct(t.handoffRate)),
      kpi('澄清率', pct(t.clarifyRate)),
      kpi('👍', t.helpful),
      kpi('👎', t.unhelpful),
      kpi('工单', t.tickets),
    );
    // The optional semantic layer (embeddings): shown once it has decided something.
    var s = a.semantic;
    if (s && s.answers + s.clarifies > 0) {
      k.appendChild(kpi('语义匹配回答 / 澄清', s.answers + ' / ' + s.clarifies));
      k.appendChild(kpi('语义回答 👍 / 👎', s.helpful + ' / ' + s.unhelpful));
    }
    var labels = a.series.map(function (p) { return shortLabel(p.start, a.bucket); });
    var pick = function (key) { return a.series.map(function (p) { return p[key]; }); };
    draw('chart-time', Chart.lineChart(labels, [
      { name: '会话', values: pick('conversations') },
      { name: '回答', values: pick('answers') },
      { name: '澄清', values: pick('clarifies') },
      { name: '转人工', values: pick('handoffs') },
      { name: '工单', values: pick('tickets') },
    ], { title: '会话、回答、澄清、转人工与工单', width: 900, height: 280 }));
    draw('chart-feedback', Chart.barChart([
      { label: '👍 有用', value: t.helpful, cls: 'qc-good' },
      { label: '👎 没用', value: t.unhelpful, cls: 'qc-bad' },
    ], { title: '反馈', unit: ' 次', width: 480 }));
    draw('chart-entries', Chart.barChart(a.topEntries.map(function (e) {
      return { label: e.title || e.entryId, value: e.count };
    }), { title: '回答最多的条目', unit: ' 次', width: 480 }));
    draw('chart-unanswered', Chart.barChart(a.topUnanswered.map(function (g) {
      return { label: g.question, value: g.count, cls: 'qc-bad' };
    }), { title: '待答问题', unit: ' 次', width: 480 }));
    draw('chart-category', Chart.barChart(a.tickets.byCategory.map(function (c) { return { label: c.key, value: c.count }; }), { title: '工单类别', unit: ' 件', width: 480 }));
    draw('chart-department', Chart.barChart(a.tickets.byDepartment.map(function (c) { return { label: c.key, value: c.count }; }), { title: '工单部门', unit: ' 件', width: 480 }));
    draw('chart-sla', Chart.barChart(['green', 'yellow', 'red', 'closed'].map(function (s) {
      return { label: SLA[s], value: a.tickets.bySla[s], cls: 'qc-' + s };
    }), { title: '工单时限状态', unit: ' 件', width: 480 }));
    document.body.dataset.loaded = 'true';
  }

  async function load() {
    var from = document.getElementById('from').value;
    var to = document.getElementById('to').value;
    var bucket = document.getElementById('bucket').value;
    // Whole Beijing days: from 00:00 of `from` to 24:00 of `to`.
    var q = '?bucket=' + bucket + '&from=' + encodeURIComponent(from + 'T00:00:00+08:00') +
      '&to=' + encodeURIComponent(new Date(Date.parse(to + 'T00:00:00+08:00') + 86400e3).toISOString());
    C.status('加载中…');
    try {
      render(await C.api('GET', '/api/v1/admin/kb/analytics' + q));
      C.status('');
    } catch (err) {
      C.status(err.message, true);
    }
  }

  async function start() {
    var user = await C.me();
    if (!user) return;
    C.showUser(user);
    var now = new Date();
    document.getElementById('to').value = ymd(now);
    document.getElementById('from').value = ymd(new Date(now.getTime() - 13 * 86400e3));
    document.getElementById('range').addEventListener('submit', function (ev) { ev.preventDefault(); load(); });
    await load();
  }
  start().catch(function (err) { C.status(err.message, true); });
})();
