/*
 * 企呼我应 login page. No inline script (the page's CSP forbids it), no third-party code.
 * Posts {username, password} as JSON to /api/v1/auth/login, shows errors as text, and then goes to
 * ?next= if it is a same-origin relative path (anything else is ignored: no open redirect), or to
 * the console of the user's role.
 */
import type { LoginInfo } from '../../../auth/router';
import type { Me, Role } from '../../shared/auth';
import { byId, onReady } from '../../shared/dom';
import { TEXT } from './messages';

const ROLE_HOME: Record<Role, string> = { operator: '/operator', editor: '/editor', supervisor: '/supervision', admin: '/editor' };

/** A same-origin path from ?next=, or null. Rejects //host, /\host, schemes and control characters. */
function safeNext(raw: string | null): string | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 2048) return null;
  if (raw.charAt(0) !== '/' || raw.charAt(1) === '/' || raw.charAt(1) === '\\') return null;
  // eslint-disable-next-line no-control-regex
  if (/[\\\u0000-\u001f\u007f]/.test(raw)) return null;
  let url: URL;
  try {
    url = new URL(raw, window.location.origin);
  } catch {
    return null;
  }
  if (url.origin !== window.location.origin) return null;
  if (url.pathname === '/login' || url.pathname.indexOf('/login/') === 0) return null;
  return url.pathname + url.search + url.hash;
}

function retryText(res: Response): string {
  const seconds = parseInt(res.headers.get('Retry-After') || '', 10);
  if (!(seconds > 0)) return TEXT.tooMany;
  return TEXT.tooManyFor(Math.ceil(seconds / 60));
}

function messageFor(res: Response, body: { message?: unknown } | null): string {
  if (res.status === 400) return TEXT.enterBoth;
  if (res.status === 401) return TEXT.wrong;
  if (res.status === 403) return TEXT.forbidden;
  if (res.status === 429) return retryText(res);
  if (body && typeof body.message === 'string') return body.message;
  return TEXT.unavailable;
}

/** In development (no users configured): a line saying in which file the accounts' passwords are. */
function showLoginInfo(): void {
  fetch('/api/v1/auth/login-info', { credentials: 'same-origin', headers: { Accept: 'application/json' } })
    .then((res) => (res.ok ? (res.json() as Promise<LoginInfo>) : null))
    .then((info) => {
      const dev = info && info.developmentAccounts;
      if (!dev) return;
      const line = byId('dev-accounts');
      line.textContent = TEXT.devAccounts(dev.usernames);
      const file = document.createElement('code');
      file.textContent = dev.file;
      line.appendChild(file);
      line.appendChild(document.createTextNode(TEXT.devAccountsEnd));
      line.hidden = false;
    })
    // Only a hint: the form works without it.
    .catch(() => undefined);
}

function start(): void {
  showLoginInfo();
  const form = byId<HTMLFormElement>('login-form');
  const username = byId<HTMLInputElement>('username');
  const password = byId<HTMLInputElement>('password');
  const error = byId('login-error');
  const submit = byId<HTMLButtonElement>('submit');
  const next = safeNext(new URLSearchParams(window.location.search).get('next'));

  function showError(text: string, field: HTMLInputElement | 'both' | null): void {
    error.textContent = text;
    username.setAttribute('aria-invalid', field === username || field === 'both' ? 'true' : 'false');
    password.setAttribute('aria-invalid', field === password || field === 'both' ? 'true' : 'false');
    if (field === username || field === 'both') username.focus();
    else if (field === password) password.focus();
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    error.textContent = '';
    const name = username.value.trim();
    if (!name) return showError(TEXT.enterUsername, username);
    if (!password.value) return showError(TEXT.enterPassword, password);

    submit.disabled = true;
    submit.textContent = TEXT.signingIn;
    fetch('/api/v1/auth/login', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ username: name, password: password.value }),
    })
      .then((res) =>
        res
          .json()
          .catch(() => null)
          .then((body: (Partial<Me> & { message?: unknown }) | null) => {
            if (res.ok && body && body.user) {
              password.value = '';
              window.location.assign(next || ROLE_HOME[body.user.role] || '/');
              return;
            }
            password.value = '';
            showError(messageFor(res, body), res.status === 401 ? 'both' : null);
          }),
      )
      .catch(() => {
        showError(TEXT.offline, null);
      })
      .then(() => {
        submit.disabled = false;
        submit.textContent = TEXT.signIn;
      });
  });
}

onReady(start);
