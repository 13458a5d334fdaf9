/*
 * 企呼我应 knowledge editors' console (bundled by src/web/bundles.ts into /editor/editor.js). No
 * framework, nothing from other origins, no inline script (the page's CSP forbids it, and Trusted
 * Types block every HTML sink): every node is built with createElement and every value is set with
 * textContent / value, so text from the knowledge base (or an attacker who got into it) always
 * renders as text.
 *
 * One module per view: entries.ts (list), entry-page.ts + entry-form.ts (one entry), synonyms.ts,
 * routing-table.ts, import.ts, change-sets.ts, audit.ts, verification.ts (免申即享待核实), triage-model.ts (administrators); router.ts
 * maps location.hash to them. API: /api/v1/auth/me (user, csrfToken), /api/v1/admin/kb/*
 * (src/http/editor-router.ts) and, for administrators, /api/v1/admin/triage/* (triage-router.ts).
 */
import type { Me } from '../../shared/auth';
import { onReady } from '../../shared/dom';
import { state, toLogin } from './api';
import { viewAudit } from './audit';
import { viewChangeSet, viewChangeSets } from './change-sets';
import { byId, clear, el } from './dom';
import { viewEntries } from './entries';
import { viewEntry, viewNew } from './entry-page';
import { viewImport } from './import';
import { registerViews, route } from './router';
import { viewRouting } from './routing-table';
import { publish, refreshStatus } from './status';
import { viewSynonyms } from './synonyms';
import { viewModel } from './triage-model';
import { viewVerification } from './verification';

registerViews(
  {
    entries: viewEntries,
    entry: viewEntry,
    new: viewNew,
    synonyms: viewSynonyms,
    routing: viewRouting,
    import: viewImport,
    'change-sets': viewChangeSets,
    'change-set': viewChangeSet,
    audit: viewAudit,
    model: viewModel,
    verification: viewVerification,
  },
  viewEntries,
);

function start(): void {
  state.main = byId('main');
  const main = state.main;
  fetch('/api/v1/auth/me', { credentials: 'same-origin', headers: { Accept: 'application/json' } })
    .then((res) => {
      if (res.status === 401) {
        toLogin();
        return null;
      }
      if (!res.ok) throw new Error('身份读取失败（' + res.status + '）');
      return res.json() as Promise<Me>;
    })
    .then((me) => {
      if (!me) return;
      state.user = me.user;
      state.csrf = me.csrfToken || '';
      byId('user-name').textContent = me.user.displayName || me.user.username;
      if (me.user.role !== 'editor' && me.user.role !== 'admin') {
        clear(main).appendChild(el('p', { class: 'error', text: '当前账号（' + me.user.username + '）没有知识编辑权限。请用编辑账号登录。' }));
        return;
      }
      // The model page is the administrators' (its API is theirs alone).
      byId('nav-model').hidden = me.user.role !== 'admin';
      byId('publish').addEventListener('click', publish);
      window.addEventListener('hashchange', route);
      void refreshStatus();
      route();
    })
    .catch((err: unknown) => {
      clear(main).appendChild(el('p', { class: 'error', text: (err instanceof Error && err.message) || '无法连接服务器。' }));
    });
  byId('logout').addEventListener('click', () => {
    const toLoginPage = () => window.location.assign('/login');
    fetch('/api/v1/auth/logout', { method: 'POST', credentials: 'same-origin', headers: { 'X-CSRF-Token': state.csrf } }).then(toLoginPage, toLoginPage);
  });
}

onReady(start);
