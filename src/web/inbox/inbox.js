/* The unanswered-questions inbox (GET /api/v1/admin/kb/inbox); every text goes in via textContent. */
(function () {
  'use strict';
  var C = window.QihuConsole;
  var el = C.el;
  var REASONS = {
    asked_for_person: '要求人工',
    complaint: '投诉',
    specific_case: '个案',
    out_of_scope: '超出范围',
    low_confidence: '把握不足',
    empty: '空问题',
    invalid_input: '无效输入',
    prompt_injection: '提示注入',
  };
  var KINDS = { item: '事项', policy: '政策', faq: '常见问题' };

  function days() { return document.getElementById('days').value; }

  function reasonChips(r) {
    var out = [];
    Object.keys(r.handoff).forEach(function (k) { out.push(el('span', 'chip handoff', '转人工·' + (REASONS[k] || k) + ' ' + r.handoff[k])); });
    if (r.unhelpful) out.push(el('span', 'chip unhelpful', '👎 ' + r.unhelpful));
    if (r.lowConfidence) out.push(el('span', 'chip low', '低置信度 ' + r.lowConfidence));
    return out;
  }

  async function act(path, body, done) {
    C.status('处理中…');
    try {
      var r = await C.api('POST', path + '?days=' + encodeURIComponent(days()), body);
      await load();
      C.status(done(r));
    } catch (err) {
      C.status(err.message, true);
    }
  }

  function alternateButton(g, entryId, label) {
    var b = el('button', 'alt', label);
    b.type = 'button';
    b.addEventListener('click', function () {
      var q = g.li.querySelector('.edit-question').value;
      act('/api/v1/admin/kb/inbox/groups/' + g.id + '/alternate', { entryId: entryId, question: q }, function (r) {
        return r.changed ? '已将“' + r.question + '”加入 ' + r.entryId + ' 的' + (r.field === 'alternates' ? '相似问法' : '别名') + '（草稿版本 ' + r.version + '，发布后生效）' : r.entryId + ' 已有此问法，问题组已处理';
      });
    });
    return b;
  }

  function faqForm(g) {
    var form = el('form', 'faq-form');
    form.hidden = true;
    var q = el('input');
    q.name = 'question';
    q.value = g.question;
    q.maxLength = 200;
    var a = el('textarea');
    a.name = 'answer';
    a.rows = 4;
    a.placeholder = '回答（必填）';
    var d = el('input');
    d.name = 'department';
    d.placeholder = '部门（可选）';
    var save = el('button', 'primary', '保存为草稿');
    save.type = 'submit';
    var l1 = el('label', null, '问题');
    l1.appendChild(q);
    var l2 = el('label', null, '回答');
    l2.appendChild(a);
    var l3 = el('label', null, '部门');
    l3.appendChild(d);
    [l1, l2, l3, save].forEach(function (n) { form.appendChild(n); });
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var body = { question: q.value.trim(), answer: a.value.trim() };
      if (d.value.trim()) body.department = d.value.trim();
      act('/api/v1/admin/kb/inbox/groups/' + g.id + '/faq', body, function (r) {
        return '已新建常见问题 ' + r.entry.id + '（草稿，发布后生效）';
      });
    });
    return form;
  }

  function groupItem(g) {
    var li = el('li', 'group');
    g.li = li;
    li.dataset.id = g.id;
    var head = el('div', 'group-head');
    head.appendChild(el('span', 'count', String(g.count)));
    head.appendChild(el('span', 'question', g.question));
    reasonChips(g.reasons).forEach(function (c) { head.appendChild(c); });
    li.appendChild(head);

    var meta = el('p', 'meta', g.distinct + ' 种问法 · 最近 ' + new Date(g.lastAt).toLocaleString('zh-CN'));
    li.appendChild(meta);
    var ex = el('ul', 'examples');
    g.examples.forEach(function (e) { ex.appendChild(el('li', 'example', e.question + (e.count > 1 ? '（' + e.count + ' 次）' : ''))); });
    li.appendChild(ex);

    var edit = el('label', 'edit', '要添加的问法');
    var input = el('input', 'edit-question');
    input.value = g.question;
    input.maxLength = 200;
    edit.appendChild(input);
    li.appendChild(edit);

    var actions = el('div', 'actions');
    var seen = {};
    g.answeredEntries.concat(g.candidates).forEach(function (c) {
      if (seen[c.entryId]) return;
      seen[c.entryId] = true;
      actions.appendChild(alternateButton(g, c.entryId, '加为「' + (c.title || c.entryId) + '」的' + (c.kind === 'faq' ? '相似问法' : '别名') + (c.kind ? '（' + (KINDS[c.kind] || c.kind) + '）' : '')));
    });
    var other = el('input', 'entry-id');
    other.placeholder = '其他条目编号';
    var otherBtn = el('button', 'alt', '加到该条目');
    otherBtn.type = 'button';
    otherBtn.addEventListener('click', function () {
      if (!other.value.trim()) return C.status('请填写条目编号', true);
      alternateButton(g, other.value.trim(), '').click();
    });
    actions.appendChild(other);
    actions.appendChild(otherBtn);
    var form = faqForm(g);
    var faq = el('button', 'new-faq', '新建常见问题');
    faq.type = 'button';
    faq.addEventListener('click', function () {
      form.hidden = !form.hidden;
      if (!form.hidden) form.querySelector('textarea').focus();
    });
    var dismiss = el('button', 'dismiss', '忽略');
    dismiss.type = 'button';
    dismiss.addEventListener('click', function () {
      act('/api/v1/admin/kb/inbox/groups/' + g.id + '/dismiss', undefined, function () { return '已忽略（再次出现时会重新列出）'; });
    });
    actions.appendChild(faq);
    actions.appendChild(dismiss);
    li.appendChild(actions);
    li.appendChild(form);
    return li;
  }

  async function load() {
    var list = document.getElementById('groups');
    try {
      var data = await C.api('GET', '/api/v1/admin/kb/inbox?days=' + encodeURIComponent(days()));
      list.replaceChildren();
      data.groups.forEach(function (g) { list.appendChild(groupItem(g)); });
      document.getElementById('summary').textContent = '共 ' + data.total + ' 组 · 低置信度阈值 ' + data.lowConfidence;
      if (!data.groups.length) list.appendChild(el('li', 'empty', '没有待答问题'));
      document.body.dataset.loaded = 'true';
    } catch (err) {
      C.status(err.message, true);
    }
  }

  async function start() {
    var user = await C.me();
    if (!user) return;
    C.showUser(user);
    document.getElementById('reload').addEventListener('click', function () { C.status(''); load(); });
    document.getElementById('days').addEventListener('change', function () { load(); });
    await load();
  }
  start().catch(function (err) { C.status(err.message, true); });
})();
