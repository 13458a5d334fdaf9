/*
 * 企呼我应 · 12345 operator console. No inline script (the page's CSP forbids it), no third-party
 * code, and every piece of data reaches the page through textContent (Trusted Types would refuse
 * anything else). See docs/operator-console.md.
 *
 * One module per part of the page: the session (who, 退出登录), the call (新来电 and what it
 * clears), the suggestions, the ticket form and its 预计分派 preview, the caller's history and the
 * ticket list, the similar past cases. This file only starts them.
 */
import { onReady } from '../../shared/dom';
import { currentCall, onNewCall, startCall } from './call';
import { startCallerHistory } from './caller-history';
import { $, status } from './dom';
import { TEXT } from './messages';
import { startPreview } from './preview';
import { startSession } from './session';
import { startSuggestions } from './suggestions';
import { api } from './api';
import { mountCallCases, mountTicketCases, type Post } from './similar-cases';
import { onTicketOpened, startTicketForm } from './ticket-form';
import { startTicketList } from './ticket-list';
import { startLive } from './live';

function start(): void {
  startSession();
  startSuggestions();
  startTicketForm();
  startPreview();
  startCallerHistory();
  startTicketList();
  startLive();
  const post: Post = (path, body, signal) => api('POST', path, body, signal);
  mountCallCases(post);
  const ticketCases = mountTicketCases(post);
  onTicketOpened(() => ticketCases.refresh());
  onNewCall(() => {
    status('');
    $('call-label').textContent = TEXT.callLabel(currentCall());
  });
  startCall();
  $('new-call').addEventListener('click', () => {
    startCall();
    $('caller-phone').focus();
  });
}

onReady(start);
