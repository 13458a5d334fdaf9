/*
 * Shared by the inbox and analytics pages: who is signed in (GET /api/v1/auth/me; not signed in →
 * /login?next=…), JSON calls with the CSRF token, and a DOM helper that only ever sets textContent.
 */
(function (root) {
  'use strict';
  var csrfToken = null;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function toLogin() {
    location.assign('/login?next=' + encodeURIComponent(location.pathname + location.search));
  }

  async function me() {
    var res = await fetch('/api/v1/auth/me', { credentials: 'same-origin' });
    if (res.status === 401) {
      toLogin();
      return null;
    }
    if (!res.ok) throw new Error('auth ' + res.status);
    var body = await res.json();
    csrfToken = body.csrfToken || null;
    return body;
  }

  async function api(method, path, body) {
    var headers = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
    var res = await fetch(path, { method: method, headers: headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
    if (res.status === 401) {
      toLogin();
      throw new Error('未登录');
    }
    var json = null;
    try { json = await res.json(); } catch (e) { json = null; }
    if (!res.ok) {
      var msg = (json && (json.detail || json.message)) || ('HTTP ' + res.status);
      if (json && json.issues && json.issues.length) msg += '：' + json.issues.map(function (i) { return i.path + ' ' + i.message; }).join('；');
      var err = new Error(msg);
      err.status = res.status;
      throw err;
    }
    return json;
  }

  function showUser(user) {
    var slot = document.getElementById('user');
    if (slot && user) slot.textContent = (user.user.displayName || user.user.username) + '（' + user.user.role + '）';
  }

  function status(text, isError) {
    var s = document.getElementById('status');
    if (!s) return;
    s.textContent = text || '';
    s.className = isError ? 'status error' : 'status';
  }

  root.QihuConsole = { el: el, me: me, api: api, showUser: showUser, status: status };
})(window);
