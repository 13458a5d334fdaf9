/*
 * 企呼我应 login page. No inline script (the page's CSP forbids it), no third-party code.
 * Posts {username, password} as JSON to /api/v1/auth/login, shows errors as text, and then goes to
 * ?next= if it is a same-origin relative path (anything else is ignored: no open redirect), or to
 * the console of the user's role.
 */
import type { Me, Role } from '../../shared/auth';
import { byId, onReady } from '../../shared/dom';

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
  if (!(seconds > 0)) return '登录失败次数过多，请稍后再试。';
  const minutes = Math.ceil(seconds / 60);
  return '登录失败次数过多，请在 ' + minutes + ' 分钟后再试。';
}

function messageFor(res: Response, body: { message?: unknown } | null): string {
  if (res.status === 400) return '请输入用户名和密码。';
  if (res.status === 401) return '用户名或密码不正确。';
  if (res.status === 403) return '请求来源未通过安全校验，请直接打开本系统的登录页面后重试。';
  if (res.status === 429) return retryText(res);
  if (body && typeof body.message === 'string') return body.message;
  return '服务暂时不可用，请稍后再试。';
}

function start(): void {
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
    if (!name) return showError('请输入用户名。', username);
    if (!password.value) return showError('请输入密码。', password);

    submit.disabled = true;
    submit.textContent = '正在登录…';
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
        showError('无法连接服务器，请检查网络后重试。', null);
      })
      .then(() => {
        submit.disabled = false;
        submit.textContent = '登录';
      });
  });
}

onReady(start);
