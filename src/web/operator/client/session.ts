/** Who is signed in (shown in the header), and 退出登录. */
import { api, signedIn, toLogin } from './api';
import { $, status } from './dom';
import { TEXT } from './messages';

function logout(): void {
  const button = $<HTMLButtonElement>('logout');
  button.disabled = true;
  api('POST', '/api/v1/auth/logout')
    .then((r) => {
      if (r.status === 204) return window.location.assign('/login');
      button.disabled = false;
      status(TEXT.logoutFailed);
    })
    .catch((err: unknown) => {
      // 401: already signed out (api went to the login page).
      if (err instanceof Error && err.message === 'unauthorized') return;
      button.disabled = false;
      status(TEXT.logoutFailed);
    });
}

export function startSession(): void {
  signedIn()
    .then((me) => {
      $('who').textContent = (me.user && (me.user.displayName || me.user.username)) || '';
    })
    .catch(() => toLogin());
  $('logout').addEventListener('click', logout);
}
