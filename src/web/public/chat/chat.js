/*
 * 企呼我应 · 企业服务助手: the public chat page's script. Plain ES2020, no dependencies, no build.
 *
 * Talks to the Botkit web adapter over a websocket on this page's own origin:
 *   socket: ws(s)://<this host>/ws (src/conversation/channels/wire.ts)
 *   out: {type: 'hello'|'welcome_back', user, channel: 'websocket'}              first connect of a page load
 *        {type: 'message', user, channel: 'websocket', text}                      typed text
 *        {type: 'message', user, channel: 'websocket', text: label, qihu: input}  a button (Choice.input)
 *   in:  {type: 'message', text, qihu: OutMessage}                               (src/conversation/types.ts)
 * and falls back to POST /api/v1/chat {sessionId, text | input} → {messages} while the socket is down.
 * A reconnect sends nothing by itself: replies go back on the socket each message came on.
 *
 * Security: everything from the server, the user or storage is rendered with textContent or as
 * attribute values set through the DOM; nothing is ever parsed as HTML (the CSP also enforces
 * Trusted Types in Chromium). The only link is a card's onlineUrl, and only with an http(s) scheme.
 */
'use strict';

(() => {
  const KEY_SESSION = 'qihu.chat.session';
  const KEY_HISTORY = 'qihu.chat.history';
  const KEY_OUTBOX = 'qihu.chat.outbox';
  const HISTORY_MAX = 200;
  const SESSION_RE = /^[A-Za-z0-9._:-]{8,100}$/;
  const MESSAGE_TYPES = ['answer', 'clarify', 'handoff', 'text', 'ticket'];
  const TEXT_MAX = 2000;
  const TYPING_TIMEOUT_MS = 20000;
  const WS_PATH = '/ws';
  /** The server queues at most 8 messages per socket: a long outbox goes in bursts. */
  const BURST = 5;
  const BURST_PAUSE_MS = 1500;
  /** The conversation on screen is forgotten after a week without use (it may hold a phone number). */
  const HISTORY_TTL_MS = 7 * 24 * 60 * 60 * 1000;
  /** A returning visitor within this time is not greeted again (the history is on screen). */
  const GREET_AGAIN_MS = 30 * 60 * 1000;
  const BACKOFF_MS = [500, 1000, 2000, 4000, 8000, 15000, 30000];
  /** Failed (or at once dropped) connects in a row after which queued messages go over HTTP. */
  const HTTP_FALLBACK_AFTER = 2;
  /** A connection that stays open this long counts as working again. */
  const STABLE_MS = 5000;

  // ── storage (may be unavailable: private mode, disabled cookies) ──────────────────
  const memory = new Map();
  const store = {
    get(key) {
      try {
        return window.localStorage.getItem(key);
      } catch {
        return memory.has(key) ? memory.get(key) : null;
      }
    },
    set(key, value) {
      try {
        window.localStorage.setItem(key, value);
        return true;
      } catch {
        memory.set(key, value);
        return false;
      }
    },
    remove(key) {
      try {
        window.localStorage.removeItem(key);
      } catch {
        /* ignore */
      }
      memory.delete(key);
    },
  };

  function readJson(key, fallback) {
    const raw = store.get(key);
    if (!raw) return fallback;
    try {
      return JSON.parse(raw);
    } catch {
      return fallback;
    }
  }

  function newSessionId() {
    const bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return 'web-' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  }

  function loadSessionId() {
    const saved = store.get(KEY_SESSION);
    if (saved && SESSION_RE.test(saved)) return saved;
    const id = newSessionId();
    store.set(KEY_SESSION, id);
    return id;
  }

  // ── validation of everything that comes in (server, storage): shape only, never trusted ──
  const str = (v, max = 20000) => (typeof v === 'string' ? v.slice(0, max) : undefined);

  function cleanInput(v) {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
    try {
      const json = JSON.stringify(v);
      return json.length <= 2000 ? JSON.parse(json) : undefined;
    } catch {
      return undefined;
    }
  }

  function cleanCard(c) {
    if (!c || typeof c !== 'object') return undefined;
    const title = str(c.title, 500);
    if (!title) return undefined;
    const card = {
      title,
      department: str(c.department, 200),
      field: str(c.field, 40),
      fieldLabel: str(c.fieldLabel, 100) || '',
      body: str(c.body) || '',
      facts: [],
      onlineUrl: str(c.onlineUrl, 2000),
      source: str(c.source, 500) || '',
    };
    if (Array.isArray(c.materials)) {
      card.materials = c.materials
        .slice(0, 100)
        .filter((m) => m && typeof m.name === 'string')
        .map((m) => ({ name: str(m.name, 500), detail: str(m.detail, 1000) }));
    }
    if (Array.isArray(c.facts)) {
      card.facts = c.facts
        .slice(0, 30)
        .filter((f) => f && typeof f.label === 'string' && typeof f.value === 'string')
        .map((f) => ({ label: str(f.label, 100), value: str(f.value, 5000) }));
    }
    return card;
  }

  function cleanMessage(m) {
    if (!m || typeof m !== 'object') return undefined;
    const msg = {
      type: MESSAGE_TYPES.includes(m.type) ? m.type : 'text',
      text: str(m.text) || '',
      turnId: str(m.turnId, 100),
      ticketId: str(m.ticketId, 60),
    };
    const card = cleanCard(m.card);
    if (card) msg.card = card;
    if (Array.isArray(m.choices)) {
      msg.choices = m.choices
        .slice(0, 30)
        .map((c) => c && { label: str(c.label, 200), input: cleanInput(c.input) })
        .filter((c) => c && c.label && c.input);
    }
    return msg;
  }

  function cleanEntry(e) {
    if (!e || typeof e !== 'object' || typeof e.id !== 'string' || !/^h[0-9a-z]{1,20}$/.test(e.id)) return undefined;
    if (!['user', 'bot', 'note'].includes(e.role)) return undefined;
    const entry = { id: e.id, role: e.role, text: str(e.text) || '', at: Number.isFinite(e.at) ? e.at : 0, ui: {} };
    if (e.role === 'bot') {
      entry.msg = cleanMessage(e.msg);
      if (!entry.msg) return undefined;
    }
    if (e.pending === true) entry.pending = true;
    const ui = e.ui && typeof e.ui === 'object' ? e.ui : {};
    if (typeof ui.feedback === 'boolean') entry.ui.feedback = ui.feedback;
    if (Array.isArray(ui.checked)) entry.ui.checked = ui.checked.filter((n) => Number.isInteger(n)).slice(0, 100);
    if (Number.isInteger(ui.picked)) entry.ui.picked = ui.picked;
    if (ui.closed === true) entry.ui.closed = true;
    return entry;
  }

  // ── state ──────────────────────────────────────────────────────────────────────────
  let sessionId = loadSessionId();
  let history = (Array.isArray(readJson(KEY_HISTORY, null)) ? readJson(KEY_HISTORY, []) : []).map(cleanEntry).filter(Boolean);
  /** Messages not yet delivered: {hid, text, qihu?}; kept across reloads. */
  let outbox = (Array.isArray(readJson(KEY_OUTBOX, null)) ? readJson(KEY_OUTBOX, []) : [])
    .filter((o) => o && typeof o.hid === 'string' && typeof o.text === 'string')
    .map((o) => ({ hid: o.hid, text: o.text.slice(0, TEXT_MAX), ...(cleanInput(o.qihu) ? { qihu: cleanInput(o.qihu) } : {}) }));
  {
    const last = history[history.length - 1];
    if (last && Date.now() - last.at > HISTORY_TTL_MS) {
      history = [];
      outbox = [];
      store.remove(KEY_HISTORY);
      store.remove(KEY_OUTBOX);
    }
  }
  let seq = Date.now();
  const nextId = () => 'h' + (seq++).toString(36);

  let socket = null;
  let connectedOnce = false;
  /** Connections in a row that failed or did not last (a proxy that drops websockets at once). */
  let failures = 0;
  let stableTimer = 0;
  let reconnectTimer = 0;
  let httpBusy = false;
  let burstTimer = 0;
  /** After welcome_back: skip the plain greeting of the reply if the visitor was here just now. */
  let skipGreeting = false;
  let typingTimer = 0;
  /** Sent on the socket and not answered yet: a drop now may lose the reply. */
  let awaitingReply = false;

  function saveHistory() {
    if (history.length > HISTORY_MAX) history = history.slice(-HISTORY_MAX);
    if (!store.set(KEY_HISTORY, JSON.stringify(history))) {
      // Quota exceeded: keep the most recent part.
      history = history.slice(-50);
      store.set(KEY_HISTORY, JSON.stringify(history));
    }
  }
  const saveOutbox = () => store.set(KEY_OUTBOX, JSON.stringify(outbox));

  // ── DOM helpers ────────────────────────────────────────────────────────────────────
  const $ = (id) => document.getElementById(id);
  let log, conversation, input, form, conn, offline, typing;

  /** An element with properties/attributes and text or element children. Text is always textContent. */
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') node.className = v;
      else if (k === 'text') node.textContent = v;
      else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? '' : String(v));
    }
    for (const child of children) {
      if (child === undefined || child === null || child === false) continue;
      node.append(typeof child === 'string' ? document.createTextNode(child) : child);
    }
    return node;
  }

  const coarsePointer = () => window.matchMedia && window.matchMedia('(pointer: coarse)').matches;

  /** After a button disables itself, keep focus somewhere sensible (not the keyboard on phones). */
  function refocus() {
    if (coarsePointer()) conversation.focus({ preventScroll: true });
    else input.focus({ preventScroll: true });
  }

  function nearBottom() {
    return conversation.scrollHeight - conversation.scrollTop - conversation.clientHeight < 120;
  }
  function scrollToBottom() {
    conversation.scrollTop = conversation.scrollHeight;
  }

  /** An http(s) URL, or undefined: no javascript:, data:, relative or malformed links. */
  function safeHttpUrl(raw) {
    if (!raw) return undefined;
    try {
      const url = new URL(raw);
      return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
    } catch {
      return undefined;
    }
  }

  // ── rendering ──────────────────────────────────────────────────────────────────────
  function renderEntry(entry) {
    if (entry.role === 'user') {
      return el(
        'li',
        { class: 'msg user' + (entry.pending ? ' pending' : ''), 'data-id': entry.id },
        el('span', { class: 'visually-hidden', text: '您说：' }),
        el('div', { class: 'bubble', text: entry.text }),
        entry.pending ? el('span', { class: 'meta', text: '等待发送…' }) : null,
      );
    }
    if (entry.role === 'note') {
      return el('li', { class: 'msg note', 'data-id': entry.id }, el('p', { class: 'bubble', text: entry.text }));
    }
    const msg = entry.msg;
    const li = el('li', { class: 'msg bot t-' + msg.type, 'data-id': entry.id, 'data-type': msg.type });
    li.append(el('span', { class: 'visually-hidden', text: '助手：' }));
    if (msg.type === 'answer' && msg.card) {
      li.append(renderCard(entry));
    } else {
      const bubble = el('div', { class: 'bubble', text: bubbleText(msg) });
      if (msg.type === 'ticket' && msg.ticketId) bubble.append(renderTicketId(msg.ticketId));
      if (msg.type === 'answer' && msg.turnId) bubble.append(renderFeedback(entry));
      li.append(bubble);
    }
    if (msg.choices && msg.choices.length) li.append(renderChoices(entry));
    return li;
  }

  /**
   * A clarify question lists its options as "1. …" lines for typing a number; the buttons show the
   * same list (numbered), so the lines are left out of the bubble.
   */
  function bubbleText(msg) {
    if (msg.type !== 'clarify' || !msg.choices || !msg.choices.length) return msg.text;
    const lines = msg.text.split('\n');
    const numbered = lines.filter((l) => /^\s*\d+[.、]\s*\S/.test(l));
    if (numbered.length !== msg.choices.length) return msg.text;
    return lines.filter((l) => !numbered.includes(l)).join('\n').trim();
  }

  function renderCard(entry) {
    const { card } = entry.msg;
    const id = entry.id;
    const article = el('article', { class: 'card', 'aria-labelledby': id + '-title' });
    article.append(el('h2', { id: id + '-title', text: card.title }));
    if (card.department) article.append(el('p', { class: 'dept', text: card.department }));

    // The asked field first. Asked for materials: the checklist is the answer (the body's numbered
    // lines are the same list), with the body's other lines (intro, notes) above it.
    const asksMaterials = card.field === 'materials' && card.materials && card.materials.length > 0;
    const fieldSection = el('section', { class: 'field' });
    article.append(fieldSection);
    if (asksMaterials) {
      const notes = card.body
        .split('\n')
        .filter((line) => line.trim() && !/^\s*\d+[.、)）]/.test(line))
        .join('\n');
      fieldSection.append(...renderMaterials(entry, card.fieldLabel || '所需材料', notes));
    } else {
      fieldSection.append(el('h3', { text: card.fieldLabel }), el('p', { class: 'body', text: card.body }));
      // Not what was asked: the checklist folded away, one tap to open.
      if (card.materials && card.materials.length) {
        article.append(el('details', { class: 'materials-more' }, ...renderMaterials(entry, '材料清单', '', 'summary')));
      }
    }

    if (card.facts.length) {
      const dl = el('dl', { class: 'facts' });
      for (const f of card.facts) dl.append(el('dt', { text: f.label }), el('dd', { text: f.value }));
      article.append(el('section', null, el('h3', { text: '办事信息' }), dl));
    }

    const url = safeHttpUrl(card.onlineUrl);
    if (url) {
      article.append(
        el('a', { class: 'online', href: url, target: '_blank', rel: 'noopener noreferrer' }, '网上办理入口 ↗', el('span', { class: 'visually-hidden', text: '（在新窗口打开）' })),
      );
    }
    if (card.source) article.append(el('p', { class: 'source', text: '来源：' + card.source }));
    if (entry.msg.turnId) article.append(renderFeedback(entry));
    return article;
  }

  /** The materials as a checklist the user can tick (kept only in this browser). */
  function renderMaterials(entry, heading, notes, headingTag = 'h3') {
    const { card } = entry.msg;
    const id = entry.id;
    const checked = new Set(entry.ui.checked || []);
    const count = el('span', { class: 'materials-count' });
    const updateCount = () => {
      count.textContent = `已备 ${checked.size}/${card.materials.length}`;
    };
    updateCount();
    const list = el('ul', { class: 'materials', 'aria-label': heading + '（可勾选，仅保存在本机）' });
    card.materials.forEach((m, i) => {
      const box = el('input', {
        type: 'checkbox',
        id: `${id}-m${i}`,
        onchange: (ev) => {
          if (ev.target.checked) checked.add(i);
          else checked.delete(i);
          entry.ui.checked = Array.from(checked).sort((a, b) => a - b);
          updateCount();
          saveHistory();
        },
      });
      box.checked = checked.has(i);
      const text = el('span', null, el('span', { class: 'name', text: m.name }), m.detail ? el('span', { class: 'detail', text: m.detail }) : null);
      list.append(el('li', null, el('label', { for: `${id}-m${i}` }, box, text)));
    });
    return [el(headingTag, null, heading, count), notes ? el('p', { class: 'body notes', text: notes }) : null, list].filter(Boolean);
  }

  function renderFeedback(entry) {
    const turnId = entry.msg.turnId;
    const given = entry.ui.feedback;
    const status = el('span', { class: 'thanks', role: 'status' });
    const row = el('div', { class: 'feedback', role: 'group', 'aria-label': '这条答复有帮助吗' }, el('span', { text: '有帮助吗？' }));
    const make = (helpful, emoji, label) =>
      el('button', {
        type: 'button',
        'aria-label': label,
        title: label,
        'aria-pressed': given === helpful ? 'true' : 'false',
        disabled: given !== undefined,
        text: emoji,
        onclick: () => {
          if (entry.ui.feedback !== undefined) return;
          entry.ui.feedback = helpful;
          saveHistory();
          for (const b of row.querySelectorAll('button')) b.disabled = true;
          (helpful ? up : down).setAttribute('aria-pressed', 'true');
          status.textContent = '已收到您的反馈，谢谢！';
          deliver({ text: label, qihu: { action: 'feedback', turnId, helpful } }, { silent: true });
          refocus();
        },
      });
    const up = make(true, '👍', '有帮助');
    const down = make(false, '👎', '没帮助');
    if (given !== undefined) status.textContent = '已收到您的反馈，谢谢！';
    row.append(up, down, status);
    return row;
  }

  function renderTicketId(ticketId) {
    const code = el('code', { text: ticketId });
    const status = el('span', { class: 'copy-status', role: 'status' });
    const button = el('button', {
      type: 'button',
      class: 'copy',
      'aria-label': '复制工单号 ' + ticketId,
      text: '复制',
      onclick: () => copyText(ticketId, code).then((ok) => {
        status.textContent = ok ? '已复制' : '请长按工单号手动复制';
      }),
    });
    return el('div', { class: 'ticket-id' }, el('span', { class: 'label', text: '工单号' }), code, button, status);
  }

  async function copyText(text, node) {
    try {
      if (navigator.clipboard && window.isSecureContext) {
        // A permission prompt may never be answered: do not wait for it for long.
        const timeout = new Promise((_, fail) => setTimeout(() => fail(new Error('timeout')), 1500));
        await Promise.race([navigator.clipboard.writeText(text), timeout]);
        return true;
      }
    } catch {
      /* fall through to the selection */
    }
    try {
      const range = document.createRange();
      range.selectNodeContents(node);
      const sel = window.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
      return document.execCommand('copy');
    } catch {
      return false;
    }
  }

  function renderChoices(entry) {
    const { msg } = entry;
    const rating = msg.choices.every((c) => c.input.action === 'rate');
    const label = rating ? '满意度评分（1-5分，5分为非常满意）' : msg.type === 'clarify' ? '请选择您要办理的事项' : '可选操作';
    const group = el('div', { class: 'choices' + (rating ? ' rating' : ''), role: 'group', 'aria-label': label });
    const numberedChoices = msg.type === 'clarify' && bubbleText(msg) !== msg.text;
    msg.choices.forEach((choice, i) => {
      group.append(
        el('button', {
          type: 'button',
          class: 'choice',
          text: numberedChoices ? `${i + 1}. ${choice.label}` : choice.label,
          disabled: entry.ui.closed === true,
          'aria-pressed': entry.ui.picked === i ? 'true' : undefined,
          onclick: (ev) => {
            if (entry.ui.closed) return;
            entry.ui.picked = i;
            ev.currentTarget.setAttribute('aria-pressed', 'true');
            deliver({ text: choice.label, qihu: choice.input });
            refocus();
          },
        }),
      );
    });
    return group;
  }

  function append(entry, { save = true } = {}) {
    const stick = entry.role === 'user' || nearBottom();
    history.push(entry);
    if (save) saveHistory();
    const li = renderEntry(entry);
    log.append(li);
    if (!stick) return;
    // A long answer is read from its start: show its top, not its end.
    if (entry.role === 'bot' && li.offsetHeight > conversation.clientHeight * 0.75) {
      conversation.scrollTop = Math.max(0, li.offsetTop - 8);
    } else {
      scrollToBottom();
    }
  }

  /** The rendered message of an entry. Updates are made in place: a replaced node would be read out again. */
  const nodeOf = (entry) => log.querySelector(`[data-id="${entry.id}"]`);

  /** The user moved on: earlier choice buttons no longer apply. */
  function closeChoices() {
    let changed = false;
    for (const entry of history) {
      if (entry.role === 'bot' && entry.msg.choices && entry.msg.choices.length && !entry.ui.closed) {
        entry.ui.closed = true;
        changed = true;
        const li = nodeOf(entry);
        if (li) for (const b of li.querySelectorAll('.choices .choice')) b.disabled = true;
      }
    }
    if (changed) saveHistory();
  }

  function showTyping(on) {
    clearTimeout(typingTimer);
    typing.hidden = !on;
    if (on) {
      typingTimer = setTimeout(() => showTyping(false), TYPING_TIMEOUT_MS);
      if (nearBottom()) scrollToBottom();
    }
  }

  function receive(raw) {
    const msg = cleanMessage(raw);
    if (!msg || (!msg.text && !msg.card && !(msg.choices && msg.choices.length))) return;
    if (skipGreeting) {
      skipGreeting = false;
      if (msg.type === 'text' && !(msg.choices && msg.choices.length)) return;
    }
    showTyping(false);
    awaitingReply = false;
    append({ id: nextId(), role: 'bot', text: msg.text, at: Date.now(), msg, ui: {} });
  }

  // ── connection state ──────────────────────────────────────────────────────────────
  function setConn(state) {
    const labels = { connecting: '连接中…', online: '在线', reconnecting: '重新连接中…', offline: '网络已断开' };
    conn.dataset.state = state;
    conn.textContent = labels[state] || state;
    const queued = outbox.length;
    if (state === 'online') {
      offline.hidden = true;
      offline.textContent = '';
    } else if (state === 'reconnecting' || state === 'offline') {
      offline.hidden = false;
      offline.textContent =
        (state === 'offline' ? '网络已断开，' : '连接中断，重新连接中…') +
        (queued ? `有 ${queued} 条消息待发送，恢复后自动发送。` : '对话记录已保留，可以继续输入。');
    }
  }

  const socketOpen = () => socket !== null && socket.readyState === WebSocket.OPEN;

  function wsUrl() {
    return (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + WS_PATH;
  }

  function connect() {
    clearTimeout(reconnectTimer);
    reconnectTimer = 0;
    if (socket && (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING)) return;
    setConn(connectedOnce ? 'reconnecting' : 'connecting');
    let ws;
    try {
      ws = new WebSocket(wsUrl());
    } catch {
      scheduleReconnect();
      return;
    }
    socket = ws;
    ws.addEventListener('open', () => {
      if (socket !== ws) return;
      // The greeting (and, if a hand-off form is half filled, where it stopped): once per page load.
      if (!connectedOnce) {
        const last = history[history.length - 1];
        skipGreeting = Boolean(last && Date.now() - last.at < GREET_AGAIN_MS);
        ws.send(JSON.stringify({ type: history.length ? 'welcome_back' : 'hello', user: sessionId, channel: 'websocket' }));
      }
      connectedOnce = true;
      clearTimeout(stableTimer);
      stableTimer = setTimeout(() => {
        failures = 0;
      }, STABLE_MS);
      setConn('online');
      flush();
    });
    ws.addEventListener('message', (ev) => {
      if (socket !== ws) return;
      let data;
      try {
        data = JSON.parse(ev.data);
      } catch {
        return;
      }
      if (!data || data.type !== 'message') return;
      receive(data.qihu && typeof data.qihu === 'object' ? data.qihu : { type: 'text', text: data.text });
    });
    ws.addEventListener('close', () => {
      if (socket !== ws) return;
      socket = null;
      clearTimeout(stableTimer);
      if (awaitingReply) {
        awaitingReply = false;
        showTyping(false);
        append({ id: nextId(), role: 'note', text: '连接中断，刚才的答复可能没有收到；如没有看到答复，请再发一次。', at: Date.now(), ui: {} });
      }
      scheduleReconnect();
    });
  }

  function scheduleReconnect() {
    failures += 1;
    const base = BACKOFF_MS[Math.min(failures - 1, BACKOFF_MS.length - 1)];
    const delay = Math.round(base * (0.8 + Math.random() * 0.4));
    setConn(navigator.onLine === false ? 'offline' : 'reconnecting');
    clearTimeout(reconnectTimer);
    reconnectTimer = setTimeout(connect, delay);
    flush();
  }

  function reconnectNow() {
    if (!socketOpen() && reconnectTimer) connect();
  }

  // ── sending ───────────────────────────────────────────────────────────────────────
  /**
   * One user input: shown as a bubble (unless silent, as for 👍/👎), queued, and sent as soon as
   * possible. item = {text, qihu?}: text is what the user typed or the button's label; qihu is
   * the button's UserInput.
   */
  function deliver(item, { silent = false } = {}) {
    const hid = nextId();
    if (!silent) {
      closeChoices();
      append({ id: hid, role: 'user', text: item.text, at: Date.now(), pending: true, ui: {} });
    }
    outbox.push({ hid, text: item.text, ...(item.qihu ? { qihu: item.qihu } : {}) });
    saveOutbox();
    flush();
    if (!socketOpen()) setConn(conn.dataset.state === 'offline' ? 'offline' : 'reconnecting');
  }

  function markSent(hid) {
    const entry = history.find((e) => e.id === hid);
    if (entry && entry.pending) {
      delete entry.pending;
      saveHistory();
      const li = nodeOf(entry);
      if (li) {
        li.classList.remove('pending');
        const meta = li.querySelector('.meta');
        if (meta) meta.remove();
      }
    }
  }

  function flush() {
    if (!outbox.length || httpBusy) return;
    if (socketOpen()) {
      if (burstTimer) return;
      for (let n = 0; n < BURST && outbox.length; n++) {
        const item = outbox.shift();
        const payload = { type: 'message', user: sessionId, channel: 'websocket', text: item.text };
        if (item.qihu) payload.qihu = item.qihu;
        socket.send(JSON.stringify(payload));
        awaitingReply = true;
        markSent(item.hid);
      }
      saveOutbox();
      showTyping(true);
      if (outbox.length) {
        burstTimer = setTimeout(() => {
          burstTimer = 0;
          flush();
        }, BURST_PAUSE_MS);
      }
      return;
    }
    if (failures >= HTTP_FALLBACK_AFTER) void flushHttp();
  }

  async function flushHttp() {
    httpBusy = true;
    try {
      while (outbox.length && !socketOpen()) {
        const item = outbox[0];
        showTyping(true);
        const res = await fetch('/api/v1/chat', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
          credentials: 'same-origin',
          body: JSON.stringify(item.qihu ? { sessionId, input: item.qihu } : { sessionId, text: item.text.slice(0, TEXT_MAX) }),
        });
        if (res.status === 400 || res.status === 413) {
          // Never accepted, however often it is sent: drop it and say so.
          outbox.shift();
          saveOutbox();
          markSent(item.hid);
          append({ id: nextId(), role: 'note', text: '这条消息未能发送，请修改后重试。', at: Date.now(), ui: {} });
          continue;
        }
        if (!res.ok) break;
        const body = await res.json();
        outbox.shift();
        saveOutbox();
        markSent(item.hid);
        const messages = body && Array.isArray(body.messages) ? body.messages : [];
        for (const m of messages) receive(m);
      }
    } catch {
      /* offline: stays queued */
    } finally {
      httpBusy = false;
      showTyping(false);
    }
    if (outbox.length && socketOpen()) flush();
  }

  // ── input ─────────────────────────────────────────────────────────────────────────
  function autosize() {
    input.style.height = 'auto';
    input.style.height = Math.min(input.scrollHeight + 2, 160) + 'px';
  }

  function submit() {
    const text = input.value.trim();
    if (!text) {
      input.focus();
      return;
    }
    deliver({ text: text.slice(0, TEXT_MAX) });
    input.value = '';
    autosize();
    input.focus();
  }

  function startNewChat() {
    if (!window.confirm('清除本机上的对话记录并开始新的对话？已提交的工单不受影响，可凭工单号查询。')) return;
    history = [];
    outbox = [];
    store.remove(KEY_HISTORY);
    store.remove(KEY_OUTBOX);
    sessionId = newSessionId();
    store.set(KEY_SESSION, sessionId);
    log.replaceChildren();
    connectedOnce = false;
    failures = 0;
    const old = socket;
    socket = null;
    if (old) old.close();
    connect();
    input.focus();
  }

  function start() {
    log = $('log');
    conversation = $('conversation');
    input = $('input');
    form = $('form');
    conn = $('conn');
    offline = $('offline');
    typing = $('typing');

    // History first, without announcing it again (aria-live reads additions only).
    const frag = document.createDocumentFragment();
    for (const entry of history) frag.append(renderEntry(entry));
    log.append(frag);
    scrollToBottom();

    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      submit();
    });
    input.addEventListener('keydown', (ev) => {
      // IME-safe: Enter that confirms a Chinese candidate (composition) must not send.
      if (ev.key !== 'Enter' || ev.shiftKey || ev.isComposing || ev.keyCode === 229) return;
      ev.preventDefault();
      submit();
    });
    input.addEventListener('input', autosize);
    // A phone keyboard opening (or any resize) keeps the latest message in view.
    let wasNearBottom = true;
    conversation.addEventListener('scroll', () => {
      wasNearBottom = nearBottom();
    }, { passive: true });
    window.addEventListener('resize', () => {
      if (wasNearBottom) scrollToBottom();
    });
    // The example in the placeholder does not fit a phone's input box.
    if (window.matchMedia && window.matchMedia('(max-width: 520px)').matches) input.placeholder = '请输入您的问题';
    $('handoff').addEventListener('click', () => {
      deliver({ text: '转人工', qihu: { action: 'handoff' } });
      input.focus({ preventScroll: true });
    });
    $('new-chat').addEventListener('click', startNewChat);

    window.addEventListener('online', reconnectNow);
    window.addEventListener('offline', () => {
      if (!socketOpen()) setConn('offline');
    });
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') reconnectNow();
    });

    if ('WebSocket' in window) connect();
    else {
      failures = HTTP_FALLBACK_AFTER;
      setConn('reconnecting');
    }
    if (!coarsePointer()) input.focus({ preventScroll: true });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
