/*
 * 企呼我应 · 12345 operator console. No inline script (the page's CSP forbids it), no third-party
 * code, and every piece of data reaches the page through textContent (Trusted Types would refuse
 * anything else). See docs/operator-console.md.
 *
 * As the operator types the caller's words, suggestions update (150 ms debounce; a response older
 * than the latest request is dropped). Enter records the words in the call's transcript. 用了这条 /
 * 都不合适 record what was used; 建单 fetches a ticket prefilled from the call, the operator
 * completes it, and it is filed.
 */
'use strict';

(function () {
  var API = '/api/v1/hotline';
  var DEBOUNCE_MS = 150;
  var csrfToken = '';
  var callId = '';
  var seq = 0;
  var shownSeq = 0;
  var timer = 0;
  var pending = null;
  var lastPosted = '';
  var draft = null;

  function $(id) {
    return document.getElementById(id);
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function newCallId() {
    var bytes = new Uint8Array(6);
    window.crypto.getRandomValues(bytes);
    var hex = '';
    for (var i = 0; i < bytes.length; i++) hex += ('0' + bytes[i].toString(16)).slice(-2);
    return 'op-' + Date.now().toString(36) + '-' + hex;
  }

  function toLogin() {
    window.location.assign('/login?next=' + encodeURIComponent('/operator'));
  }

  function status(text) {
    $('status').textContent = text || '';
  }

  /** JSON request to the hotline API with the session cookie and the CSRF token. */
  function api(method, path, body, signal) {
    var init = {
      method: method,
      credentials: 'same-origin',
      headers: { Accept: 'application/json' },
    };
    if (signal) init.signal = signal;
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.headers['X-CSRF-Token'] = csrfToken;
      init.body = JSON.stringify(body);
    }
    return fetch(API + path, init).then(function (res) {
      if (res.status === 401) {
        toLogin();
        throw new Error('unauthorized');
      }
      return res
        .json()
        .catch(function () {
          return null;
        })
        .then(function (data) {
          return { status: res.status, ok: res.ok, data: data };
        });
    });
  }

  // ------------------------------------------------------------ suggestions

  var DECISION_TEXT = {
    complaint: '来电人在投诉或反映问题：建议建单转办。',
    specific_case: '来电人在查询或催办具体办件：建议建单转办。',
    asked_for_person: '来电人要求人工处理：可直接答复，或建单转办。',
    prompt_injection: '这句话不像政务咨询。',
    out_of_scope: '知识库里可能没有这个问题的答案，请核对建议或建单。',
    low_confidence: '不能确定来电人问的是哪项业务，请核对建议或追问事项名称。',
  };

  function renderDecision(result) {
    var node = $('decision');
    node.className = 'decision';
    var text = '';
    if (result && result.handoffReason && DECISION_TEXT[result.handoffReason]) text = DECISION_TEXT[result.handoffReason];
    else if (result && result.decision === 'clarify') text = '有几项相近的业务，请向来电人确认是哪一项。';
    if (result && result.suggestTicket) node.className = 'decision ticket-hint';
    node.textContent = text;
  }

  function copyText(text, button) {
    function done(ok) {
      button.textContent = ok ? '已复制' : '复制失败';
      window.setTimeout(function () {
        button.textContent = '复制';
      }, 1500);
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(
        function () {
          done(true);
        },
        function () {
          done(fallbackCopy(text));
        },
      );
    } else done(fallbackCopy(text));
  }

  function fallbackCopy(text) {
    var area = el('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try {
      ok = document.execCommand('copy');
    } catch (e) {
      ok = false;
    }
    document.body.removeChild(area);
    return ok;
  }

  function renderSuggestions(result) {
    var list = $('suggestions');
    clear(list);
    var items = (result && result.suggestions) || [];
    $('empty').hidden = items.length > 0;
    if (result && items.length === 0 && $('caller-text').value.trim()) $('empty').textContent = '没有找到相关的知识库条目。';
    else $('empty').textContent = '输入来电人的问题后，这里显示可以照读的答复。';
    renderDecision(result);
    items.forEach(function (s, i) {
      var li = el('li', 'card');
      li.setAttribute('data-entry-id', s.entryId);
      var head = el('div', 'head');
      head.appendChild(el('span', 'title', i + 1 + '. ' + s.title));
      head.appendChild(el('span', 'meta', (s.department || '') + (s.department ? ' · ' : '') + (s.retrieval === 'embedding' ? '语义相近 ' : '匹配度 ') + s.score));
      li.appendChild(head);
      li.appendChild(el('span', 'field-label' + (s.found ? '' : ' missing'), '问的是：' + s.fieldLabel + (s.found ? '' : '（条目未写明）')));
      li.appendChild(el('div', 'readout', s.readOut));
      var buttons = el('div', 'buttons');
      var copy = el('button', 'secondary copy', '复制');
      copy.type = 'button';
      copy.addEventListener('click', function () {
        copyText(s.readOut, copy);
      });
      var use = el('button', 'use', '用了这条');
      use.type = 'button';
      use.addEventListener('click', function () {
        markUsed(s.entryId, li, s.title);
      });
      buttons.appendChild(copy);
      buttons.appendChild(use);
      li.appendChild(buttons);
      list.appendChild(li);
    });
  }

  function requestSuggestions() {
    var text = $('caller-text').value;
    var mine = ++seq;
    if (pending) pending.abort();
    pending = typeof AbortController === 'function' ? new AbortController() : null;
    if (!text.trim()) {
      shownSeq = mine;
      renderSuggestions(null);
      return;
    }
    api('POST', '/suggest', { text: text, callId: callId }, pending ? pending.signal : undefined)
      .then(function (r) {
        // A slower, older response must not replace a newer one.
        if (mine < shownSeq || mine !== seq) return;
        shownSeq = mine;
        if (r.ok) renderSuggestions(r.data);
        else status('获取建议失败（' + r.status + '）');
      })
      .catch(function (err) {
        if (err && err.name === 'AbortError') return;
        if (err && err.message === 'unauthorized') return;
        status('无法连接服务器。');
      });
  }

  function scheduleSuggestions() {
    window.clearTimeout(timer);
    timer = window.setTimeout(requestSuggestions, DEBOUNCE_MS);
  }

  // ------------------------------------------------------------ transcript

  function addTranscriptLine(speaker, text) {
    var li = el('li', speaker, (speaker === 'caller' ? '来电人：' : '话务员：') + text);
    $('transcript').appendChild(li);
    li.scrollIntoView({ block: 'nearest' });
  }

  /** Records the box's text as the caller's words (once). */
  function flush() {
    var box = $('caller-text');
    var text = box.value.trim();
    if (!text || text === lastPosted) return Promise.resolve(null);
    lastPosted = text;
    return api('POST', '/calls/' + encodeURIComponent(callId) + '/utterances', { text: text, speaker: 'caller' }).then(function (r) {
      if (r.ok) addTranscriptLine('caller', text);
      else status('记录通话内容失败（' + r.status + '）');
      return r;
    });
  }

  function markUsed(entryId, card, title) {
    flush()
      .then(function () {
        return api('POST', '/calls/' + encodeURIComponent(callId) + '/used', { entryId: entryId });
      })
      .then(function (r) {
        if (!r.ok) return status('记录失败（' + r.status + '）');
        if (card) card.classList.add('used');
        status(entryId ? '已记录：用了“' + title + '”。' : '已记录：没有合适的建议。');
      })
      .catch(function () {
        status('无法连接服务器。');
      });
  }

  // ------------------------------------------------------------ ticket

  var FIELDS = ['demand.summary', 'demand.detail', 'enterprise.name', 'enterprise.creditCode', 'enterprise.district', 'contact.name', 'contact.phone'];

  function input(path) {
    return document.querySelector('[name="' + path + '"]');
  }

  function clearErrors() {
    FIELDS.forEach(function (path) {
      input(path).removeAttribute('aria-invalid');
      document.querySelector('.err[data-for="' + path + '"]').textContent = '';
    });
    $('ticket-error').textContent = '';
  }

  function showIssues(issues) {
    var general = [];
    var first = null;
    issues.forEach(function (issue) {
      var path = String(issue.path || '');
      var known = FIELDS.indexOf(path) >= 0 ? path : null;
      // "enterprise" or "contact" missing as a whole: name their first field.
      if (!known && (path === 'enterprise' || path === 'contact')) known = path + '.name';
      if (known) {
        var slot = document.querySelector('.err[data-for="' + known + '"]');
        if (!slot.textContent) slot.textContent = issue.message;
        input(known).setAttribute('aria-invalid', 'true');
        if (!first) first = input(known);
      } else general.push((path ? path + '：' : '') + issue.message);
    });
    $('ticket-error').textContent = general.length ? general.join('；') : '请按提示修改标出的字段。';
    if (first) first.focus();
  }

  function openTicket() {
    flush()
      .then(function () {
        return api('POST', '/calls/' + encodeURIComponent(callId) + '/ticket-draft', {});
      })
      .then(function (r) {
        if (!r.ok) return status('生成工单草稿失败（' + r.status + '）');
        draft = r.data.draft;
        clearErrors();
        $('ticket-result').textContent = '';
        input('demand.summary').value = draft.demand.summary;
        input('demand.detail').value = draft.demand.detail;
        var list = $('district-list');
        clear(list);
        (r.data.districts || []).forEach(function (name) {
          var option = el('option');
          option.value = name;
          list.appendChild(option);
        });
        var t = r.data.triage;
        $('triage').textContent = t ? '预计分派：' + t.department + '（' + t.category.level1 + ' / ' + t.category.level2 + '）' : '';
        $('ticket-panel').hidden = false;
        $('send-ticket').disabled = false;
        $('ticket-panel').scrollIntoView({ block: 'start' });
        input('enterprise.name').focus();
      })
      .catch(function () {
        status('无法连接服务器。');
      });
  }

  function sendTicket(event) {
    event.preventDefault();
    if (!draft) return;
    clearErrors();
    var body = {
      enterprise: {
        name: input('enterprise.name').value,
        creditCode: input('enterprise.creditCode').value,
        district: input('enterprise.district').value,
      },
      contact: { name: input('contact.name').value, phone: input('contact.phone').value },
      demand: {
        summary: input('demand.summary').value,
        detail: input('demand.detail').value,
        turns: draft.demand.turns,
        candidates: draft.demand.candidates,
      },
    };
    $('send-ticket').disabled = true;
    api('POST', '/calls/' + encodeURIComponent(callId) + '/ticket', body)
      .then(function (r) {
        $('send-ticket').disabled = false;
        if (r.status === 400 && r.data && r.data.issues) return showIssues(r.data.issues);
        if (!r.ok) {
          $('ticket-error').textContent = (r.data && r.data.message) || '提交失败（' + r.status + '）';
          return;
        }
        $('ticket-result').textContent = '工单已提交：' + r.data.id + '，承办部门：' + r.data.department + '，办理时限至 ' + r.data.dueAt;
        $('ticket-result').setAttribute('data-ticket-id', r.data.id);
        $('send-ticket').disabled = true;
      })
      .catch(function () {
        $('send-ticket').disabled = false;
        $('ticket-error').textContent = '无法连接服务器。';
      });
  }

  // ------------------------------------------------------------ start

  function startCall() {
    callId = newCallId();
    lastPosted = '';
    draft = null;
    $('call-label').textContent = '通话 ' + callId;
    clear($('transcript'));
    $('caller-text').value = '';
    $('ticket-panel').hidden = true;
    renderSuggestions(null);
    status('');
  }

  function start() {
    fetch('/api/v1/auth/me', { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (res) {
        if (!res.ok) throw new Error('unauthorized');
        return res.json();
      })
      .then(function (me) {
        csrfToken = me.csrfToken || '';
        $('who').textContent = (me.user && (me.user.displayName || me.user.username)) || '';
      })
      .catch(function () {
        toLogin();
      });

    startCall();
    var box = $('caller-text');
    box.addEventListener('input', scheduleSuggestions);
    box.addEventListener('keydown', function (event) {
      if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
      event.preventDefault();
      window.clearTimeout(timer);
      flush().then(function (r) {
        if (!r || !r.ok) return;
        seq++;
        shownSeq = seq;
        box.value = '';
        renderSuggestions(r.data);
      });
    });
    $('none-used').addEventListener('click', function () {
      markUsed(null, null, '');
    });
    $('open-ticket').addEventListener('click', openTicket);
    $('ticket-form').addEventListener('submit', sendTicket);
    $('close-ticket').addEventListener('click', function () {
      $('ticket-panel').hidden = true;
    });
    $('new-call').addEventListener('click', startCall);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
