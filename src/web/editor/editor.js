/*
 * 企呼我应 knowledge editors' console. Plain ES2020, no framework, nothing from other origins, no
 * inline script (the page's CSP forbids it, and Trusted Types block every HTML sink): every node is
 * built with createElement and every value is set with textContent / value, so text from the
 * knowledge base (or an attacker who got into it) always renders as text.
 *
 * Views (location.hash): #/entries?q&kind&department&offset · #/entry/<id> · #/new/<kind> ·
 * #/synonyms · #/routing · #/import · #/change-sets · #/change-set/<id> · #/audit.
 * API: /api/v1/auth/me (user, csrfToken) and /api/v1/admin/kb/* (src/http/editor-router.ts).
 */
'use strict';

(function () {
  var API = '/api/v1/admin/kb';
  var PAGE = 20;
  var KIND_LABEL = { item: '办事事项', policy: '政策', faq: '常见问题' };
  var OP_LABEL = { create: '新建', update: '修改', delete: '删除' };
  var ACTION_LABEL = {
    seed: '初始导入',
    create: '新建',
    update: '修改',
    delete: '删除',
    import: '导入',
    synonyms: '同义词',
    routing: '分派规则',
    'rollback-entry': '回滚条目',
    'rollback-change-set': '回滚变更集',
    publish: '发布',
  };

  var state = { csrf: '', user: null, main: null, status: null };

  // ------------------------------------------------------------------ DOM helpers

  /** el('tag', {attr: value, class: 'x', on: {click: fn}}, child, 'text', [children]) */
  function el(tag, attrs) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        var v = attrs[k];
        if (v === undefined || v === null || v === false) return;
        if (k === 'on') Object.keys(v).forEach(function (ev) { node.addEventListener(ev, v[ev]); });
        else if (k === 'class') node.className = v;
        else if (k === 'text') node.textContent = String(v);
        else if (k === 'value') node.value = v;
        else if (k === 'checked') node.checked = Boolean(v);
        else if (k === 'disabled') node.disabled = Boolean(v);
        else if (k === 'readOnly') node.readOnly = Boolean(v);
        else node.setAttribute(k, v === true ? '' : String(v));
      });
    }
    for (var i = 2; i < arguments.length; i++) append(node, arguments[i]);
    return node;
  }

  function append(node, child) {
    if (child === undefined || child === null || child === false) return;
    if (Array.isArray(child)) return child.forEach(function (c) { append(node, c); });
    node.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  }

  function fmtTime(iso) {
    if (!iso) return '';
    var d = new Date(iso);
    if (isNaN(d.getTime())) return String(iso);
    var p = function (n) { return (n < 10 ? '0' : '') + n; };
    return d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate()) + ' ' + p(d.getHours()) + ':' + p(d.getMinutes()) + ':' + p(d.getSeconds());
  }

  function show(value) {
    if (value === undefined) return '—';
    if (typeof value === 'string') return value;
    return JSON.stringify(value, null, 1);
  }

  var flashTimer = 0;
  function flash(text, kind) {
    var f = document.getElementById('flash');
    f.textContent = text || '';
    f.className = 'flash ' + (kind || '');
    clearTimeout(flashTimer);
    if (text && kind === 'ok') flashTimer = setTimeout(function () { f.textContent = ''; f.className = 'flash'; }, 6000);
  }

  // ------------------------------------------------------------------ API

  function ApiFailure(status, body) {
    this.status = status;
    this.body = body || {};
    this.issues = Array.isArray(this.body.issues) ? this.body.issues : [];
    this.message = this.body.detail || this.body.message || '请求失败（' + status + '）';
  }

  function toLogin() {
    window.location.assign('/login?next=' + encodeURIComponent('/editor' + (window.location.hash || '')));
  }

  /** fetch + JSON; unsafe methods carry X-CSRF-Token. Rejects with ApiFailure. */
  function api(method, path, body, opts) {
    opts = opts || {};
    var headers = { Accept: 'application/json' };
    if (method !== 'GET') headers['X-CSRF-Token'] = state.csrf;
    var init = { method: method, credentials: 'same-origin', headers: headers };
    if (opts.raw) {
      headers['Content-Type'] = 'application/octet-stream';
      init.body = body;
    } else if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return fetch(API + path, init).then(
      function (res) {
        return res
          .json()
          .catch(function () { return null; })
          .then(function (data) {
            if (res.status === 401) {
              toLogin();
              throw new ApiFailure(401, { message: '登录已过期，正在转到登录页…' });
            }
            if (!res.ok) throw new ApiFailure(res.status, data);
            return data;
          });
      },
      function () {
        throw new ApiFailure(0, { message: '无法连接服务器，请检查网络后重试。' });
      },
    );
  }

  function failed(err) {
    flash(err && err.message ? err.message : String(err), 'error');
  }

  // ------------------------------------------------------------------ status bar and publishing

  function refreshStatus() {
    return api('GET', '/status')
      .then(function (s) {
        state.status = s;
        var parts = ['草稿版本 ' + s.seq];
        if (s.published) parts.push('已发布 ' + s.published.revision + '（' + fmtTime(s.published.at) + '，' + s.published.author + '）');
        else parts.push('尚未发布');
        parts.push(s.unpublishedChanges > 0 ? '未发布的变更：' + s.unpublishedChanges + ' 个变更集' : '没有未发布的变更');
        if (s.live && s.live.revision) parts.push('本实例正在使用 ' + s.live.revision);
        document.getElementById('status-text').textContent = parts.join(' · ');
        document.getElementById('status-bar').classList.toggle('dirty', s.unpublishedChanges > 0);
        document.getElementById('publish').disabled = !(s.unpublishedChanges > 0);
      })
      .catch(function (err) {
        document.getElementById('status-text').textContent = '状态读取失败：' + err.message;
      });
  }

  function publish() {
    var note = document.getElementById('publish-note');
    var button = document.getElementById('publish');
    button.disabled = true;
    button.textContent = '正在发布…';
    var body = note.value.trim() ? { note: note.value.trim() } : {};
    api('POST', '/publish', body)
      .then(function (r) {
        note.value = '';
        flash(r.changed ? '已发布 ' + r.revision + '，现已生效。' : '没有需要发布的变更。', 'ok');
      })
      .catch(failed)
      .then(function () {
        button.textContent = '发布';
        return refreshStatus();
      });
  }

  // ------------------------------------------------------------------ router

  function parseHash() {
    var h = window.location.hash.replace(/^#\/?/, '');
    var q = h.indexOf('?');
    var path = q >= 0 ? h.slice(0, q) : h;
    var params = new URLSearchParams(q >= 0 ? h.slice(q + 1) : '');
    var parts = path.split('/').map(function (p) {
      try {
        return decodeURIComponent(p);
      } catch (e) {
        return p;
      }
    });
    return { view: parts[0] || 'entries', arg: parts.slice(1).join('/'), params: params };
  }

  var keepFlash = false;
  function route() {
    var r = parseHash();
    if (!keepFlash) flash('');
    keepFlash = false;
    Array.prototype.forEach.call(document.querySelectorAll('#nav a[data-view]'), function (a) {
      var v = a.getAttribute('data-view');
      var on = v === r.view || (v === 'entries' && (r.view === 'entry' || r.view === 'new')) || (v === 'change-sets' && r.view === 'change-set');
      if (on) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    });
    var main = clear(state.main);
    var views = {
      entries: viewEntries,
      entry: viewEntry,
      new: viewNew,
      synonyms: viewSynonyms,
      routing: viewRouting,
      import: viewImport,
      'change-sets': viewChangeSets,
      'change-set': viewChangeSet,
      audit: viewAudit,
    };
    (views[r.view] || viewEntries)(main, r);
  }

  /** Shows another view; keep: the message just flashed stays (e.g. "已创建" after a create). */
  function go(hash, keep) {
    keepFlash = Boolean(keep);
    if (window.location.hash === hash) route();
    else window.location.hash = hash;
  }

  // ------------------------------------------------------------------ entry list

  function viewEntries(main, r) {
    var p = r.params;
    var offset = Math.max(0, parseInt(p.get('offset') || '0', 10) || 0);
    var q = el('input', { type: 'search', id: 'q', value: p.get('q') || '', placeholder: '编号、名称、别名、部门、正文…', 'aria-label': '搜索' });
    var kind = el(
      'select',
      { id: 'kind-filter', 'aria-label': '类型' },
      el('option', { value: '', text: '全部类型' }),
      Object.keys(KIND_LABEL).map(function (k) { return el('option', { value: k, text: KIND_LABEL[k] }); }),
    );
    kind.value = p.get('kind') || '';
    var dept = el('input', { type: 'text', id: 'department-filter', value: p.get('department') || '', placeholder: '部门', 'aria-label': '部门', list: 'departments' });
    var departments = el('datalist', { id: 'departments' });
    var newKind = el('select', { id: 'new-kind', 'aria-label': '新建条目的类型' }, Object.keys(KIND_LABEL).map(function (k) { return el('option', { value: k, text: KIND_LABEL[k] }); }));
    function search(at) {
      var s = new URLSearchParams();
      if (q.value.trim()) s.set('q', q.value.trim());
      if (kind.value) s.set('kind', kind.value);
      if (dept.value.trim()) s.set('department', dept.value.trim());
      if (at) s.set('offset', String(at));
      go('#/entries' + (s.toString() ? '?' + s.toString() : ''));
    }
    var form = el(
      'form',
      { class: 'toolbar', role: 'search', on: { submit: function (e) { e.preventDefault(); search(0); } } },
      q,
      kind,
      dept,
      departments,
      el('button', { type: 'submit', text: '搜索' }),
      el('span', { style: null }, ' '),
      newKind,
      el('button', { type: 'button', id: 'new-entry', text: '新建条目', on: { click: function () { go('#/new/' + newKind.value); } } }),
    );
    kind.addEventListener('change', function () { search(0); });
    var body = el('tbody');
    var summary = el('span', { class: 'muted' }, '正在加载…');
    var prev = el('button', { type: 'button', text: '上一页', disabled: true });
    var next = el('button', { type: 'button', text: '下一页', disabled: true });
    append(main, [
      el('h2', { text: '知识库条目' }),
      form,
      el(
        'table',
        { id: 'entries' },
        el('thead', null, el('tr', null, ['编号', '类型', '标题', '部门', '版本', '最后修改'].map(function (t) { return el('th', { text: t }); }))),
        body,
      ),
      el('div', { class: 'pager' }, prev, summary, next),
    ]);
    var s = new URLSearchParams({ offset: String(offset), limit: String(PAGE) });
    if (p.get('q')) s.set('q', p.get('q'));
    if (p.get('kind')) s.set('kind', p.get('kind'));
    if (p.get('department')) s.set('department', p.get('department'));
    api('GET', '/entries?' + s.toString())
      .then(function (list) {
        var seen = {};
        list.items.forEach(function (it) {
          body.appendChild(
            el(
              'tr',
              null,
              el('td', { class: 'mono' }, el('a', { href: '#/entry/' + encodeURIComponent(it.id), text: it.id })),
              el('td', { text: KIND_LABEL[it.kind] || it.kind }),
              el('td', null, el('a', { href: '#/entry/' + encodeURIComponent(it.id), text: it.title })),
              el('td', { text: it.department || '' }),
              el('td', { class: 'num', text: it.version }),
              el('td', { text: fmtTime(it.updatedAt) + ' ' + (it.updatedBy || '') }),
            ),
          );
          if (it.department && !seen[it.department]) {
            seen[it.department] = true;
            departments.appendChild(el('option', { value: it.department }));
          }
        });
        if (!list.items.length) body.appendChild(el('tr', null, el('td', { colspan: 6, class: 'muted', text: '没有符合条件的条目。' })));
        summary.textContent = list.total ? '第 ' + (list.offset + 1) + '–' + (list.offset + list.items.length) + ' 条，共 ' + list.total + ' 条' : '共 0 条';
        prev.disabled = list.offset <= 0;
        next.disabled = list.offset + list.items.length >= list.total;
        prev.addEventListener('click', function () { search(Math.max(0, list.offset - PAGE)); });
        next.addEventListener('click', function () { search(list.offset + PAGE); });
      })
      .catch(function (err) {
        summary.textContent = '';
        failed(err);
      });
  }

  // ------------------------------------------------------------------ entry form

  /*
   * Field specs per kind. type: text | textarea | int | bool | date | select | list (strings, row by
   * row) | materials (table, row by row) | online (group). required: the schema needs it.
   */
  var FIELDS = {
    item: [
      { key: 'id', label: '编号', type: 'text', required: true, hint: '字母、数字和 . _ : -，保存后不能修改' },
      { key: 'name', label: '事项名称', type: 'text', required: true },
      { key: 'aliases', label: '别名', type: 'list', hint: '用户可能的其他叫法' },
      { key: 'department', label: '实施部门', type: 'text', required: true },
      { key: 'itemType', label: '事项类型', type: 'text', hint: '行政许可 / 行政确认 / 公共服务 …' },
      { key: 'level', label: '层级', type: 'text', hint: '国家 / 省级 / 市级 / 区县级 / 乡镇' },
      { key: 'materials', label: '申请材料', type: 'materials' },
      { key: 'statutoryDays', label: '法定办结时限（工作日）', type: 'int' },
      { key: 'promisedDays', label: '承诺办结时限（工作日，0 = 即办）', type: 'int' },
      { key: 'timeLimitNote', label: '时限说明', type: 'text' },
      { key: 'visits', label: '跑动次数', type: 'int' },
      { key: 'location', label: '办理地点', type: 'text' },
      { key: 'hours', label: '办理时间', type: 'text' },
      { key: 'fees', label: '收费', type: 'text' },
      { key: 'consultPhone', label: '咨询电话', type: 'text' },
      { key: 'complaintPhone', label: '投诉电话', type: 'text' },
      { key: 'online', label: '网上办理', type: 'online' },
      { key: 'conditions', label: '办理条件', type: 'textarea' },
      { key: 'legalBasis', label: '设定依据', type: 'textarea' },
      { key: 'region', label: '地区', type: 'text' },
      { key: 'tags', label: '标签', type: 'list' },
      { key: 'source', label: '来源', type: 'text' },
    ],
    policy: [
      { key: 'id', label: '编号', type: 'text', required: true, hint: '字母、数字和 . _ : -，保存后不能修改' },
      { key: 'title', label: '政策名称', type: 'text', required: true },
      { key: 'aliases', label: '别名', type: 'list' },
      { key: 'level', label: '层级', type: 'select', options: ['国家', '省', '市', '区县'], required: true },
      { key: 'department', label: '主管部门', type: 'text', required: true },
      { key: 'summary', label: '政策摘要', type: 'textarea', required: true },
      { key: 'eligibility', label: '申请条件', type: 'textarea', required: true },
      { key: 'benefits', label: '扶持内容', type: 'textarea', required: true },
      { key: 'howToApply', label: '申请方式', type: 'textarea', required: true },
      { key: 'noApplication', label: '免申即享', type: 'bool' },
      { key: 'validFrom', label: '有效期开始', type: 'date' },
      { key: 'validTo', label: '有效期截止', type: 'date' },
      { key: 'region', label: '地区', type: 'text' },
      { key: 'phone', label: '咨询电话', type: 'text' },
      { key: 'tags', label: '标签', type: 'list' },
      { key: 'source', label: '来源', type: 'text' },
    ],
    faq: [
      { key: 'id', label: '编号', type: 'text', required: true, hint: '字母、数字和 . _ : -，保存后不能修改' },
      { key: 'question', label: '问题', type: 'text', required: true },
      { key: 'alternates', label: '其他问法', type: 'list', hint: '同一个问题的其他说法，每行一个' },
      { key: 'answer', label: '答案', type: 'textarea', required: true },
      { key: 'department', label: '部门', type: 'text' },
      { key: 'tags', label: '标签', type: 'list' },
      { key: 'source', label: '来源', type: 'text' },
    ],
  };

  /**
   * A form for one entry. Every input carries data-path (the issue path without "entry."), and each
   * field an error slot: errors(issues) puts every zod issue next to the input it names.
   */
  function EntryForm(kind, entry, isNew) {
    var self = this;
    this.kind = kind;
    this.readers = []; // functions (out) → writes the field's value into out
    this.slots = {}; // path → {error: <p>, input: <input>}
    this.node = el('div', { class: 'form', id: 'entry-form', 'data-kind': kind });
    this.general = el('ul', { class: 'issues', id: 'form-issues' });
    FIELDS[kind].forEach(function (f) {
      self.node.appendChild(self.field(f, entry ? entry[f.key] : undefined, isNew));
    });
  }

  function dropSlots(slots, prefix) {
    Object.keys(slots).forEach(function (k) {
      if (k.indexOf(prefix) === 0) delete slots[k];
    });
  }

  EntryForm.prototype.slot = function (path, input) {
    var id = 'err-' + path.replace(/[^A-Za-z0-9_-]/g, '-');
    var p = el('p', { class: 'field-error', id: id, 'data-error-for': path });
    this.slots[path] = { error: p, input: input };
    if (input) {
      input.setAttribute('data-path', path);
      input.setAttribute('aria-describedby', id);
    }
    return p;
  };

  EntryForm.prototype.field = function (f, value, isNew) {
    var self = this;
    var id = 'f-' + f.key;
    var label = el('label', { for: id }, f.label, f.required ? ' *' : '', f.hint ? el('span', { class: 'hint' }, '（' + f.hint + '）') : null);
    var wrap = el('div', { class: 'field', 'data-field': f.key });
    var input;
    switch (f.type) {
      case 'text':
      case 'date':
        input = el('input', { type: f.type, id: id, name: f.key, value: value === undefined ? '' : String(value), readOnly: f.key === 'id' && !isNew });
        this.readers.push(function (out) {
          var v = input.value.trim();
          if (v || f.required) out[f.key] = v;
        });
        break;
      case 'textarea':
        input = el('textarea', { id: id, name: f.key, rows: f.key === 'answer' ? 6 : 3 });
        input.value = value === undefined ? '' : String(value);
        this.readers.push(function (out) {
          var v = input.value.trim();
          if (v || f.required) out[f.key] = v;
        });
        break;
      case 'int':
        input = el('input', { type: 'number', id: id, name: f.key, step: 1, value: value === undefined ? '' : String(value) });
        this.readers.push(function (out) {
          var raw = input.value.trim();
          if (raw === '') {
            // type=number gives "" for text it cannot read: say so instead of dropping it silently.
            if (input.validity && input.validity.badInput) out[f.key] = '（无效数字）';
            return;
          }
          out[f.key] = Number(raw);
        });
        break;
      case 'bool':
        input = el('input', { type: 'checkbox', id: id, name: f.key, checked: Boolean(value) });
        label = el('label', { for: id }, input, ' ', f.label);
        wrap.appendChild(label);
        wrap.appendChild(this.slot(f.key, input));
        this.readers.push(function (out) { out[f.key] = input.checked; });
        return wrap;
      case 'select':
        input = el('select', { id: id, name: f.key }, el('option', { value: '', text: '请选择' }), f.options.map(function (o) { return el('option', { value: o, text: o }); }));
        input.value = value === undefined ? '' : String(value);
        this.readers.push(function (out) { out[f.key] = input.value; });
        break;
      case 'list':
        return this.listField(f, Array.isArray(value) ? value : [], wrap);
      case 'materials':
        return this.materialsField(f, Array.isArray(value) ? value : [], wrap);
      case 'online':
        return this.onlineField(f, value, wrap);
    }
    wrap.appendChild(label);
    wrap.appendChild(input);
    wrap.appendChild(this.slot(f.key, input));
    return wrap;
  };

  /** A list of strings edited row by row (aliases, alternates, tags). */
  EntryForm.prototype.listField = function (f, values, wrap) {
    var self = this;
    var rows = el('div', { class: 'row-list', id: 'f-' + f.key });
    var inputs = [];
    function renumber() {
      dropSlots(self.slots, f.key + '.');
      inputs.forEach(function (inp, i) {
        inp.setAttribute('aria-label', f.label + ' 第 ' + (i + 1) + ' 项');
        var row = inp.closest('.row');
        var err = row.querySelector('.field-error');
        var path = f.key + '.' + i;
        inp.setAttribute('data-path', path);
        err.setAttribute('data-error-for', path);
        self.slots[path] = { error: err, input: inp };
      });
    }
    function addRow(v) {
      var inp = el('input', { type: 'text', value: v || '' });
      var err = el('p', { class: 'field-error' });
      var row = el(
        'div',
        { class: 'row' },
        el('div', { class: 'cell' }, inp, err),
        el('button', {
          type: 'button',
          class: 'remove',
          text: '删除',
          'aria-label': '删除这一项',
          on: {
            click: function () {
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
    }
    values.forEach(function (v) { addRow(String(v)); });
    wrap.appendChild(el('div', { class: 'label' }, f.label, f.hint ? el('span', { class: 'hint' }, '（' + f.hint + '）') : null));
    wrap.appendChild(rows);
    wrap.appendChild(el('button', { type: 'button', class: 'add', 'data-add': f.key, text: '＋ 添加一项', on: { click: function () { addRow('').focus(); } } }));
    wrap.appendChild(this.slot(f.key, null));
    this.readers.push(function (out) {
      // Empty rows are dropped, not sent: an empty alias means nothing.
      out[f.key] = inputs.map(function (i) { return i.value.trim(); }).filter(Boolean);
    });
    // Dropped rows shift the indexes the server reports: keep the mapping in step.
    this.listPaths = this.listPaths || {};
    this.listPaths[f.key] = function () {
      var map = [];
      inputs.forEach(function (inp, i) { if (inp.value.trim()) map.push(i); });
      return map;
    };
    return wrap;
  };

  /** Materials, one table row per material: name, form, copies, required, note. */
  EntryForm.prototype.materialsField = function (f, values, wrap) {
    var self = this;
    var body = el('tbody');
    var rows = [];
    function renumber() {
      dropSlots(self.slots, 'materials.');
      rows.forEach(function (r, i) {
        Object.keys(r.inputs).forEach(function (k) {
          var path = 'materials.' + i + '.' + k;
          r.inputs[k].setAttribute('data-path', path);
          r.inputs[k].setAttribute('aria-label', '材料 ' + (i + 1) + ' ' + { name: '名称', form: '形式', copies: '份数', required: '必需', note: '备注' }[k]);
          r.errors[k].setAttribute('data-error-for', path);
          self.slots[path] = { error: r.errors[k], input: r.inputs[k] };
        });
        self.slots['materials.' + i] = { error: r.errors.name, input: r.inputs.name };
      });
    }
    function addRow(m) {
      m = m || { required: true };
      var r = {
        inputs: {
          name: el('input', { type: 'text', value: m.name || '' }),
          form: el('input', { type: 'text', value: m.form || '', list: 'material-forms' }),
          copies: el('input', { type: 'number', step: 1, value: m.copies === undefined ? '' : String(m.copies) }),
          required: el('input', { type: 'checkbox', checked: m.required !== false }),
          note: el('input', { type: 'text', value: m.note || '' }),
        },
        errors: {},
      };
      var cells = ['name', 'form', 'copies', 'required', 'note'].map(function (k) {
        r.errors[k] = el('p', { class: 'field-error' });
        return el('td', null, r.inputs[k], r.errors[k]);
      });
      r.tr = el(
        'tr',
        null,
        cells,
        el('td', null, el('button', {
          type: 'button',
          class: 'remove',
          text: '删除',
          on: {
            click: function () {
              rows.splice(rows.indexOf(r), 1);
              body.removeChild(r.tr);
              renumber();
            },
          },
        })),
      );
      rows.push(r);
      body.appendChild(r.tr);
      renumber();
      return r;
    }
    values.forEach(function (m) { addRow(m); });
    wrap.appendChild(el('div', { class: 'label' }, f.label));
    wrap.appendChild(
      el(
        'table',
        { class: 'materials', id: 'f-materials' },
        el('thead', null, el('tr', null, ['名称 *', '形式', '份数', '必需', '备注', ''].map(function (t) { return el('th', { text: t }); }))),
        body,
      ),
    );
    wrap.appendChild(el('datalist', { id: 'material-forms' }, ['原件', '复印件', '原件及复印件', '电子版'].map(function (v) { return el('option', { value: v }); })));
    wrap.appendChild(el('button', { type: 'button', class: 'add', 'data-add': 'materials', text: '＋ 添加材料', on: { click: function () { addRow().inputs.name.focus(); } } }));
    wrap.appendChild(this.slot('materials', null));
    this.readers.push(function (out) {
      out.materials = rows.map(function (r) {
        var m = { name: r.inputs.name.value.trim(), required: r.inputs.required.checked };
        var form = r.inputs.form.value.trim();
        var note = r.inputs.note.value.trim();
        var copies = r.inputs.copies.value.trim();
        if (form) m.form = form;
        if (copies) m.copies = Number(copies);
        if (note) m.note = note;
        return m;
      });
    });
    return wrap;
  };

  /** Online service: 未说明 (absent) / 可以 / 不可以, plus a URL and a note. */
  EntryForm.prototype.onlineField = function (f, value, wrap) {
    var available = el(
      'select',
      { id: 'f-online-available' },
      el('option', { value: '', text: '未说明' }),
      el('option', { value: 'true', text: '可以网上办理' }),
      el('option', { value: 'false', text: '不能网上办理' }),
    );
    available.value = value ? String(Boolean(value.available)) : '';
    var url = el('input', { type: 'text', id: 'f-online-url', value: (value && value.url) || '', placeholder: 'https://…' });
    var note = el('input', { type: 'text', id: 'f-online-note', value: (value && value.note) || '' });
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
    this.readers.push(function (out) {
      var u = url.value.trim();
      var n = note.value.trim();
      if (!available.value && !u && !n) return;
      var o = { available: available.value === 'true' };
      if (u) o.url = u;
      if (n) o.note = n;
      out.online = o;
    });
    return wrap;
  };

  EntryForm.prototype.value = function () {
    var out = { kind: this.kind };
    this.readers.forEach(function (read) { read(out); });
    return out;
  };

  EntryForm.prototype.clearErrors = function () {
    var slots = this.slots;
    Object.keys(slots).forEach(function (k) {
      slots[k].error.textContent = '';
      if (slots[k].input) slots[k].input.removeAttribute('aria-invalid');
    });
    clear(this.general);
  };

  /** Puts every issue next to its field: the longest path prefix that has a slot; else in the list on top. */
  EntryForm.prototype.showErrors = function (issues) {
    var self = this;
    this.clearErrors();
    var first = null;
    issues.forEach(function (issue) {
      var path = String(issue.path || '').replace(/^entry\.?/, '').split('.').filter(Boolean);
      // List fields drop empty rows: map the server's index back to the row on screen.
      if (path.length >= 2 && self.listPaths && self.listPaths[path[0]]) {
        var map = self.listPaths[path[0]]();
        var idx = map[Number(path[1])];
        if (idx !== undefined) path[1] = String(idx);
      }
      var slot;
      for (var n = path.length; n > 0 && !slot; n--) slot = self.slots[path.slice(0, n).join('.')];
      if (!slot) {
        self.general.appendChild(el('li', null, (issue.path ? issue.path + '：' : '') + issue.message));
        return;
      }
      slot.error.textContent = slot.error.textContent ? slot.error.textContent + '；' + issue.message : issue.message;
      if (slot.input) {
        slot.input.setAttribute('aria-invalid', 'true');
        if (!first) first = slot.input;
      } else if (!first) first = slot.error;
    });
    if (first && first.focus) first.focus();
    else if (first && first.scrollIntoView) first.scrollIntoView({ block: 'center' });
  };

  // ------------------------------------------------------------------ entry page

  function viewNew(main, r) {
    var kind = KIND_LABEL[r.arg] ? r.arg : 'faq';
    var form = new EntryForm(kind, null, true);
    var save = el('button', { type: 'button', class: 'primary', id: 'save', text: '创建' });
    append(main, [
      el('p', null, el('a', { href: '#/entries', text: '← 返回条目列表' })),
      el('h2', { text: '新建' + KIND_LABEL[kind] }),
      form.general,
      form.node,
      el('div', { class: 'toolbar' }, save),
    ]);
    save.addEventListener('click', function () {
      save.disabled = true;
      var entry = form.value();
      api('POST', '/entries', { entry: entry })
        .then(function (res) {
          flash('已创建 ' + res.entry.id + '（版本 ' + res.version + '），发布后生效。', 'ok');
          refreshStatus();
          go('#/entry/' + encodeURIComponent(res.entry.id), true);
        })
        .catch(function (err) {
          if (err.issues.length) form.showErrors(err.issues);
          failed(err.status === 400 ? { message: '有 ' + err.issues.length + ' 处需要修改，见各字段下的提示。' } : err);
        })
        .then(function () { save.disabled = false; });
    });
  }

  function viewEntry(main, r) {
    var id = r.arg;
    append(main, el('p', null, el('a', { href: '#/entries', text: '← 返回条目列表' })));
    var holder = el('div', { class: 'layout' });
    main.appendChild(holder);
    api('GET', '/entries/' + encodeURIComponent(id))
      .then(function (data) { renderEntry(holder, data); })
      .catch(function (err) {
        failed(err);
        if (err.status === 404) {
          holder.appendChild(el('div', null, el('p', { class: 'muted', text: '这个条目不存在或已被删除。删除的条目仍可在下面的历史中恢复。' })));
          loadVersions(holder, id);
        }
      });
  }

  function renderEntry(holder, data) {
    var version = data.version;
    var form = new EntryForm(data.kind, data.entry, false);
    var save = el('button', { type: 'button', class: 'primary', id: 'save', text: '保存' });
    var del = el('button', { type: 'button', class: 'danger', id: 'delete', text: '删除' });
    var meta = el('p', { class: 'muted', id: 'entry-meta' });
    function setMeta() {
      meta.textContent = KIND_LABEL[data.kind] + ' · 版本 ' + version + ' · ' + fmtTime(data.updatedAt) + ' 由 ' + data.updatedBy + ' 修改';
    }
    setMeta();
    var history = el('section', { class: 'history', id: 'history', 'aria-label': '修改历史' });
    holder.appendChild(el('section', null, el('h2', { id: 'entry-title', text: data.title }), meta, form.general, form.node, el('div', { class: 'toolbar' }, save, del)));
    holder.appendChild(history);
    renderHistory(history, data.id, data.history, data.historyCount);

    save.addEventListener('click', function () {
      save.disabled = true;
      form.clearErrors();
      api('PUT', '/entries/' + encodeURIComponent(data.id), { expectedVersion: version, entry: form.value() })
        .then(function (res) {
          version = res.version;
          data.updatedAt = new Date().toISOString();
          data.updatedBy = state.user ? state.user.username : '';
          setMeta();
          flash(res.changed ? '已保存为版本 ' + res.version + '（变更集 ' + res.changeSetId + '），发布后生效。' : '没有改动，未生成新版本。', 'ok');
          refreshStatus();
          return api('GET', '/entries/' + encodeURIComponent(data.id)).then(function (fresh) {
            document.getElementById('entry-title').textContent = fresh.title;
            renderHistory(history, fresh.id, fresh.history, fresh.historyCount);
          });
        })
        .catch(function (err) {
          if (err.status === 400 && err.issues.length) {
            form.showErrors(err.issues);
            flash('有 ' + err.issues.length + ' 处需要修改，见各字段下的提示。', 'error');
          } else if (err.status === 409) {
            flash('保存失败：' + err.message + '。别人已经修改了这个条目：请查看右侧历史，重新加载后再改。', 'error');
            var reload = el('button', { type: 'button', text: '重新加载', on: { click: route } });
            document.getElementById('flash').appendChild(el('span', null, ' ', reload));
          } else failed(err);
        })
        .then(function () { save.disabled = false; });
    });

    del.addEventListener('click', function () {
      if (!window.confirm('确定删除条目 ' + data.id + '？删除后可从历史中恢复，发布后才会在线上生效。')) return;
      api('DELETE', '/entries/' + encodeURIComponent(data.id) + '?expectedVersion=' + version)
        .then(function () {
          flash('已删除 ' + data.id + '，发布后生效。', 'ok');
          refreshStatus();
          go('#/entries', true);
        })
        .catch(failed);
    });
  }

  function diffTable(diff) {
    if (!diff || !diff.length) return el('p', { class: 'muted', text: '（没有字段变化）' });
    return el(
      'table',
      { class: 'diff' },
      el('thead', null, el('tr', null, el('th', { text: '字段' }), el('th', { text: '修改前' }), el('th', { text: '修改后' }))),
      el(
        'tbody',
        null,
        diff.map(function (d) {
          return el(
            'tr',
            null,
            el('td', { class: 'path', text: d.path }),
            el('td', { class: 'before', text: 'before' in d ? show(d.before) : '—' }),
            el('td', { class: 'after', text: 'after' in d ? show(d.after) : '—' }),
          );
        }),
      ),
    );
  }

  /** Versions with diffs, newest first, each with 回滚到此版本. base: '/entries/<id>' | '/synonyms' | '/routing'. */
  function renderVersions(container, base, versions, total, after) {
    clear(container);
    container.appendChild(el('h3', { text: '修改历史' + (total ? '（共 ' + total + ' 个版本）' : '') }));
    var current = versions.length ? versions[0].version : 0;
    versions.forEach(function (v) {
      var rollback =
        v.version === current
          ? el('span', { class: 'badge', text: '当前' })
          : el('button', {
              type: 'button',
              class: 'rollback',
              'data-version': v.version,
              text: '回滚到此版本',
              on: {
                click: function () {
                  if (!window.confirm('把当前内容恢复成版本 ' + v.version + ' 的样子？这会生成一个新版本。')) return;
                  api('POST', base + '/rollback', { toVersion: v.version })
                    .then(function (res) {
                      flash(res.changed ? '已回滚：新版本 ' + res.version + '（变更集 ' + res.changeSetId + '），发布后生效。' : '内容与该版本相同，未生成新版本。', 'ok');
                      refreshStatus();
                      if (after) after();
                    })
                    .catch(failed);
                },
              },
            });
      container.appendChild(
        el(
          'article',
          { class: 'version', 'data-version': v.version },
          el(
            'header',
            null,
            el('strong', { text: '版本 ' + v.version + ' · ' + (OP_LABEL[v.op] || v.op) }),
            el('span', { class: 'muted' }, fmtTime(v.at) + ' · ' + v.author + ' · ', el('a', { href: '#/change-set/' + encodeURIComponent(v.changeSetId), text: v.changeSetId })),
            rollback,
          ),
          v.diff && v.diff.length > 6 ? el('details', null, el('summary', { text: '查看 ' + v.diff.length + ' 个字段的变化' }), diffTable(v.diff)) : diffTable(v.diff),
        ),
      );
    });
  }

  function renderHistory(container, id, versions, total) {
    renderVersions(container, '/entries/' + encodeURIComponent(id), versions || [], total, function () { go(window.location.hash, true); });
  }

  function loadVersions(holder, id) {
    var container = el('section', { class: 'history', id: 'history' });
    holder.appendChild(container);
    api('GET', '/entries/' + encodeURIComponent(id) + '/versions')
      .then(function (r) { renderHistory(container, id, r.versions, r.versions.length); })
      .catch(function () {});
  }

  // ------------------------------------------------------------------ synonyms

  function viewSynonyms(main) {
    var area = el('textarea', { id: 'synonyms', class: 'code', 'aria-describedby': 'synonyms-help', spellcheck: 'false' });
    var issues = el('ul', { class: 'issues', id: 'synonyms-issues' });
    var save = el('button', { type: 'button', class: 'primary', id: 'save-synonyms', text: '保存同义词' });
    var history = el('section', { class: 'history' });
    var version = 0;
    append(main, [
      el('h2', { text: '同义词' }),
      el('p', { id: 'synonyms-help', class: 'muted', text: '每行一组，词之间用空格、逗号或顿号分隔；每组至少两个词，第一个是标准说法。' }),
      area,
      issues,
      el('div', { class: 'toolbar' }, save),
      history,
    ]);
    function load() {
      api('GET', '/synonyms')
        .then(function (s) {
          version = s.version;
          area.value = s.groups.map(function (g) { return g.join('，'); }).join('\n');
        })
        .catch(failed);
      api('GET', '/synonyms/versions')
        .then(function (r) { renderVersions(history, '/synonyms', r.versions.slice(0, 20), r.versions.length, load); })
        .catch(function () {});
    }
    load();
    save.addEventListener('click', function () {
      clear(issues);
      var lines = area.value.split('\n');
      var lineOf = [];
      var groups = [];
      lines.forEach(function (line, i) {
        var words = line.split(/[\s,，、;；]+/).filter(Boolean);
        if (!words.length) return;
        lineOf.push(i + 1);
        groups.push(words);
      });
      save.disabled = true;
      api('PUT', '/synonyms', { expectedVersion: version, groups: groups })
        .then(function (res) {
          flash(res.changed ? '同义词已保存（版本 ' + res.version + '），发布后生效。' : '没有改动。', 'ok');
          refreshStatus();
          load();
        })
        .catch(function (err) {
          err.issues.forEach(function (i) {
            var m = /^(?:groups|synonyms\.groups)\.(\d+)/.exec(i.path || '');
            var where = m ? '第 ' + lineOf[Number(m[1])] + ' 行' : i.path;
            issues.appendChild(el('li', null, (where ? where + '：' : '') + i.message));
          });
          failed(err.status === 409 ? { message: err.message + '：别人刚修改了同义词，请刷新页面后再改。' } : err);
        })
        .then(function () { save.disabled = false; });
    });
  }

  // ------------------------------------------------------------------ routing table

  function viewRouting(main) {
    var area = el('textarea', { id: 'routing', class: 'code', spellcheck: 'false', 'aria-label': '分派规则表（JSON）' });
    var issues = el('ul', { class: 'issues', id: 'routing-issues' });
    var save = el('button', { type: 'button', class: 'primary', id: 'save-routing', text: '保存分派规则' });
    var history = el('section', { class: 'history' });
    var version = 0;
    append(main, [
      el('h2', { text: '分派规则表' }),
      el('p', { class: 'muted', text: '工单按这张表分派到部门（departments、rules、complexity、urgency）。直接编辑 JSON；保存时逐项校验，错误列在下方并注明位置。' }),
      area,
      issues,
      el('div', { class: 'toolbar' }, save),
      history,
    ]);
    function load() {
      api('GET', '/routing')
        .then(function (r) {
          version = r.version;
          area.value = r.routing ? JSON.stringify(r.routing, null, 2) : '';
        })
        .catch(failed);
      api('GET', '/routing/versions')
        .then(function (r) { renderVersions(history, '/routing', r.versions.slice(0, 20), r.versions.length, load); })
        .catch(function () {});
    }
    load();
    save.addEventListener('click', function () {
      clear(issues);
      var routing;
      try {
        routing = JSON.parse(area.value);
      } catch (e) {
        issues.appendChild(el('li', null, '不是有效的 JSON：' + e.message));
        area.setAttribute('aria-invalid', 'true');
        return;
      }
      area.removeAttribute('aria-invalid');
      save.disabled = true;
      api('PUT', '/routing', { expectedVersion: version, routing: routing })
        .then(function (res) {
          flash(res.changed ? '分派规则已保存（版本 ' + res.version + '），发布后生效。' : '没有改动。', 'ok');
          refreshStatus();
          load();
        })
        .catch(function (err) {
          err.issues.forEach(function (i) {
            issues.appendChild(el('li', null, el('code', { text: String(i.path || '').replace(/^routing\.?/, '') || '（整张表）' }), '：' + i.message));
          });
          if (err.issues.length) area.setAttribute('aria-invalid', 'true');
          failed(err.status === 409 ? { message: err.message + '：别人刚修改了分派规则，请刷新页面后再改。' } : err);
        })
        .then(function () { save.disabled = false; });
    });
  }

  // ------------------------------------------------------------------ import and export

  var FORMATS = [
    ['faq-csv', '常见问题 CSV（faq-csv）'],
    ['xlsx', 'Excel 表格（xlsx）'],
    ['gd-items', '广东事项目录 JSON Lines（gd-items）'],
    ['bundle', '本系统导出的整库文件（bundle，整体替换）'],
  ];

  function idList(title, ids, count) {
    if (!count) return null;
    return el('details', null, el('summary', { text: title + '（' + count + '）' }), el('p', { class: 'mono', text: ids.join('，') + (count > ids.length ? ' …' : '') }));
  }

  function renderReport(box, r) {
    clear(box);
    box.appendChild(el('h3', { text: r.dryRun ? '试运行报告（尚未写入）' : '导入完成' + (r.changeSetId ? '：变更集 ' + r.changeSetId : '') }));
    box.appendChild(
      el(
        'table',
        { class: 'report-counts', id: 'report-counts' },
        el('thead', null, el('tr', null, ['可导入', '被拒绝', '警告', '新增', '修改', '删除', '不变'].map(function (t) { return el('th', { class: 'num', text: t }); }))),
        el('tbody', null, el('tr', null, [r.accepted, r.rejectedCount, r.warningCount, r.added.count, r.changed.count, r.removed.count, r.unchanged].map(function (n) { return el('td', { class: 'num', text: n }); }))),
      ),
    );
    if (r.synonymsChanged || r.routingChanged) box.appendChild(el('p', { text: [r.synonymsChanged ? '同义词将被替换' : '', r.routingChanged ? '分派规则将被替换' : ''].filter(Boolean).join('；') }));
    if (r.rejected && r.rejected.length) {
      box.appendChild(el('h3', { text: '被拒绝的行' }));
      box.appendChild(
        el(
          'table',
          { id: 'report-rejected' },
          el('thead', null, el('tr', null, el('th', { text: '行' }), el('th', { text: '编号' }), el('th', { text: '原因' }))),
          el('tbody', null, r.rejected.map(function (x) { return el('tr', null, el('td', { text: x.row }), el('td', { text: x.id || '' }), el('td', { text: x.reason })); })),
        ),
      );
    }
    if (r.warnings && r.warnings.length) {
      box.appendChild(el('h3', { text: '警告' }));
      box.appendChild(el('ul', null, r.warnings.map(function (w) { return el('li', null, (w.row ? '第 ' + w.row + ' 行：' : '') + w.message); })));
    }
    append(box, [idList('新增条目', r.added.ids, r.added.count), idList('删除条目', r.removed.ids, r.removed.count)]);
    if (r.changed.count) {
      box.appendChild(el('h3', { text: '修改的条目（' + r.changed.count + '）' }));
      r.changed.items.forEach(function (c) {
        box.appendChild(el('details', null, el('summary', { class: 'mono', text: c.id + '（当前版本 ' + c.version + '，' + c.diff.length + ' 个字段）' }), diffTable(c.diff)));
      });
    }
  }

  function viewImport(main) {
    var file = el('input', { type: 'file', id: 'import-file', accept: '.csv,.xlsx,.jsonl,.json,.txt' });
    var format = el('select', { id: 'import-format' }, FORMATS.map(function (f) { return el('option', { value: f[0], text: f[1] }); }));
    var mode = el('select', { id: 'import-mode' }, el('option', { value: 'merge', text: '合并：新增并更新文件中的条目' }), el('option', { value: 'replace', text: '替换：同类条目中文件没有的将被删除' }));
    var dry = el('button', { type: 'button', class: 'primary', id: 'import-dry-run', text: '试运行' });
    var confirm = el('button', { type: 'button', id: 'import-confirm', text: '确认导入', disabled: true });
    var issues = el('ul', { class: 'issues', id: 'import-issues' });
    var report = el('div', { id: 'import-report' });
    var force = false;
    file.addEventListener('change', function () {
      var f = file.files && file.files[0];
      confirm.disabled = true;
      clear(report);
      if (!f) return;
      if (/\.xlsx$/i.test(f.name)) format.value = 'xlsx';
      else if (/\.csv$/i.test(f.name)) format.value = 'faq-csv';
      else if (/\.jsonl$/i.test(f.name)) format.value = 'gd-items';
      else if (/\.json$/i.test(f.name)) format.value = 'bundle';
    });
    [format, mode].forEach(function (s) { s.addEventListener('change', function () { confirm.disabled = true; force = false; }); });
    function send(dryRun) {
      var f = file.files && file.files[0];
      clear(issues);
      if (!f) {
        issues.appendChild(el('li', { text: '请先选择文件。' }));
        return;
      }
      var q = new URLSearchParams({ from: format.value, mode: mode.value, dryRun: String(dryRun), source: f.name.slice(0, 200) });
      if (force) q.set('force', 'true');
      dry.disabled = confirm.disabled = true;
      api('POST', '/import?' + q.toString(), f, { raw: true })
        .then(function (r) {
          renderReport(report, r);
          if (dryRun) {
            confirm.disabled = false;
            flash('试运行完成：请检查报告，无误后点“确认导入”。', 'ok');
          } else {
            force = false;
            flash('已导入为变更集 ' + (r.changeSetId || '（无改动）') + '，发布后生效；可在“变更集”中整体回滚。', 'ok');
            refreshStatus();
          }
        })
        .catch(function (err) {
          err.issues.forEach(function (i) { issues.appendChild(el('li', null, (i.path ? i.path + '：' : '') + i.message)); });
          failed(err);
          if (!dryRun && err.status === 400 && /force=true/.test(err.message)) {
            force = true;
            confirm.textContent = '仍然导入（force）';
            confirm.disabled = false;
          }
        })
        .then(function () { dry.disabled = false; });
    }
    dry.addEventListener('click', function () { force = false; confirm.textContent = '确认导入'; send(true); });
    confirm.addEventListener('click', function () {
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

  // ------------------------------------------------------------------ change sets

  function viewChangeSets(main, r) {
    var offset = Math.max(0, parseInt(r.params.get('offset') || '0', 10) || 0);
    var body = el('tbody');
    var prev = el('button', { type: 'button', text: '较新', disabled: offset <= 0, on: { click: function () { go('#/change-sets?offset=' + Math.max(0, offset - PAGE)); } } });
    var next = el('button', { type: 'button', text: '较早', disabled: true, on: { click: function () { go('#/change-sets?offset=' + (offset + PAGE)); } } });
    append(main, [
      el('h2', { text: '变更集' }),
      el('p', { class: 'muted', text: '每次保存、删除、导入、回滚都是一个变更集；导入可在详情中整体回滚。' }),
      el(
        'table',
        { id: 'change-sets' },
        el('thead', null, el('tr', null, ['编号', '时间', '修改人', '操作', '来源', '新增', '修改', '删除'].map(function (t) { return el('th', { text: t }); }))),
        body,
      ),
      el('div', { class: 'pager' }, prev, next),
    ]);
    api('GET', '/change-sets?offset=' + offset + '&limit=' + PAGE)
      .then(function (list) {
        list.items.forEach(function (cs) {
          body.appendChild(
            el(
              'tr',
              null,
              el('td', { class: 'mono' }, el('a', { href: '#/change-set/' + encodeURIComponent(cs.id), text: cs.id })),
              el('td', { text: fmtTime(cs.at) }),
              el('td', { text: cs.author }),
              el('td', { text: (ACTION_LABEL[cs.action] || cs.action) + (cs.revertOf ? '（撤销 ' + cs.revertOf + '）' : '') }),
              el('td', { text: cs.source || '' }),
              el('td', { class: 'num', text: cs.counts.added }),
              el('td', { class: 'num', text: cs.counts.changed }),
              el('td', { class: 'num', text: cs.counts.removed }),
            ),
          );
        });
        next.disabled = list.items.length < PAGE;
      })
      .catch(failed);
  }

  function viewChangeSet(main, r) {
    var id = r.arg;
    append(main, el('p', null, el('a', { href: '#/change-sets', text: '← 返回变更集列表' })));
    api('GET', '/change-sets/' + encodeURIComponent(id))
      .then(function (cs) {
        var rollback = el('button', { type: 'button', class: 'danger', id: 'rollback-change-set', text: '整体回滚这个变更集' });
        function doRollback(force) {
          rollback.disabled = true;
          api('POST', '/change-sets/' + encodeURIComponent(cs.id) + '/rollback', { force: force })
            .then(function (res) {
              flash('已回滚 ' + cs.id + '：新变更集 ' + res.changeSetId + '，发布后生效。', 'ok');
              refreshStatus();
              if (res.changeSetId) go('#/change-set/' + encodeURIComponent(res.changeSetId), true);
            })
            .catch(function (err) {
              failed(err);
              if (err.status === 409 && !force) {
                var again = el('button', { type: 'button', id: 'rollback-force', text: '仍然回滚（覆盖之后的修改）', on: { click: function () { doRollback(true); } } });
                document.getElementById('flash').appendChild(el('span', null, ' ', again));
              }
            })
            .then(function () { rollback.disabled = false; });
        }
        rollback.addEventListener('click', function () {
          if (!window.confirm('把 ' + cs.id + ' 涉及的 ' + cs.targets.length + ' 个对象全部恢复到它之前的样子？')) return;
          doRollback(false);
        });
        append(main, [
          el('h2', { text: '变更集 ' + cs.id + ' · ' + (ACTION_LABEL[cs.action] || cs.action) }),
          el(
            'p',
            { class: 'muted' },
            fmtTime(cs.at) + ' · ' + cs.author + (cs.source ? ' · 来源 ' + cs.source : '') + (cs.mode ? ' · ' + cs.mode : '') + ' · 新增 ' + cs.counts.added + '，修改 ' + cs.counts.changed + '，删除 ' + cs.counts.removed,
            cs.revertOf ? el('span', null, ' · 撤销了 ', el('a', { href: '#/change-set/' + encodeURIComponent(cs.revertOf), text: cs.revertOf })) : null,
          ),
          el('div', { class: 'toolbar' }, rollback),
        ]);
        if (cs.targets.length > cs.changes.length) main.appendChild(el('p', { class: 'muted', text: '共 ' + cs.targets.length + ' 个对象，下面列出前 ' + cs.changes.length + ' 个。' }));
        cs.changes.forEach(function (c) {
          var isEntry = c.target.charAt(0) !== '$';
          var href = isEntry ? '#/entry/' + encodeURIComponent(c.target) : c.target === '$synonyms' ? '#/synonyms' : c.target === '$routing' ? '#/routing' : null;
          main.appendChild(
            el(
              'article',
              { class: 'version' },
              el('header', null, href ? el('a', { href: href, class: 'mono', text: c.target }) : el('span', { class: 'mono', text: c.target }), ' · ' + (OP_LABEL[c.op] || c.op) + ' · 版本 ' + c.from + ' → ' + c.to),
              diffTable(c.diff),
            ),
          );
        });
      })
      .catch(failed);
  }

  // ------------------------------------------------------------------ audit log

  function viewAudit(main) {
    var body = el('tbody');
    append(main, [
      el('h2', { text: '审计日志' }),
      el('p', { class: 'muted', text: '最近 200 条：谁在什么时候改了什么。' }),
      el(
        'table',
        { id: 'audit' },
        el('thead', null, el('tr', null, ['时间', '修改人', '操作', '摘要', '对象'].map(function (t) { return el('th', { text: t }); }))),
        body,
      ),
    ]);
    api('GET', '/audit?limit=200')
      .then(function (r) {
        r.records.forEach(function (a) {
          var targets = a.targets.slice(0, 5).map(function (t, i) {
            var link = t.charAt(0) === '$' ? el('span', { class: 'mono', text: t }) : el('a', { class: 'mono', href: '#/entry/' + encodeURIComponent(t), text: t });
            return [i ? '，' : '', link];
          });
          body.appendChild(
            el(
              'tr',
              null,
              el('td', { text: fmtTime(a.at) }),
              el('td', { text: a.author }),
              el('td', null, ACTION_LABEL[a.action] || a.action, a.changeSetId ? el('span', null, ' ', el('a', { href: '#/change-set/' + encodeURIComponent(a.changeSetId), text: a.changeSetId })) : null, a.revision ? ' ' + a.revision : ''),
              el('td', { text: a.summary }),
              el('td', null, targets, a.targetCount > 5 ? ' 等 ' + a.targetCount + ' 个' : ''),
            ),
          );
        });
        if (!r.records.length) body.appendChild(el('tr', null, el('td', { colspan: 5, class: 'muted', text: '还没有记录。' })));
      })
      .catch(failed);
  }

  // ------------------------------------------------------------------ start

  function start() {
    state.main = document.getElementById('main');
    fetch('/api/v1/auth/me', { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (res) {
        if (res.status === 401) {
          toLogin();
          return null;
        }
        if (!res.ok) throw new Error('身份读取失败（' + res.status + '）');
        return res.json();
      })
      .then(function (me) {
        if (!me) return;
        state.user = me.user;
        state.csrf = me.csrfToken || '';
        document.getElementById('user-name').textContent = me.user.displayName || me.user.username;
        if (me.user.role !== 'editor' && me.user.role !== 'admin') {
          clear(state.main).appendChild(el('p', { class: 'error', text: '当前账号（' + me.user.username + '）没有知识编辑权限。请用编辑账号登录。' }));
          return;
        }
        document.getElementById('publish').addEventListener('click', publish);
        window.addEventListener('hashchange', route);
        refreshStatus();
        route();
      })
      .catch(function (err) {
        clear(state.main).appendChild(el('p', { class: 'error', text: err.message || '无法连接服务器。' }));
      });
    document.getElementById('logout').addEventListener('click', function () {
      fetch('/api/v1/auth/logout', { method: 'POST', credentials: 'same-origin', headers: { 'X-CSRF-Token': state.csrf } }).then(
        function () { window.location.assign('/login'); },
        function () { window.location.assign('/login'); },
      );
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
