/**
 * The call the operator is on: its id, and 新来电. Each part of the console registers what it must
 * forget when the next call starts (onNewCall): the caller's words, the suggestions, the ticket
 * form and its preview, the caller's phone and history. A response that arrives for an earlier
 * call is dropped (isCurrent), so nothing of the previous caller comes back after 新来电.
 */
let callId = '';
const resets: (() => void)[] = [];

function newCallId(): string {
  const bytes = new Uint8Array(6);
  window.crypto.getRandomValues(bytes);
  let hex = '';
  for (const b of bytes) hex += ('0' + b.toString(16)).slice(-2);
  return 'op-' + Date.now().toString(36) + '-' + hex;
}

export function currentCall(): string {
  return callId;
}

/** Whether id is still the call on the line. */
export function isCurrent(id: string): boolean {
  return id === callId;
}

/** What to clear when the next call starts. */
export function onNewCall(reset: () => void): void {
  resets.push(reset);
}

/** 新来电: a new call id, and every part of the console cleared. */
export function startCall(): string {
  callId = newCallId();
  for (const reset of resets) reset();
  return callId;
}

/** The path of the current call's API (…/calls/<id><rest>). */
export function callPath(rest: string): string {
  return '/calls/' + encodeURIComponent(callId) + rest;
}
