/** The store's refusals: what kind (for the HTTP status), why (a code with values) and the issues by field. */
import { refusalMessage, type KbRefusal } from './messages';
import type { KbIssue } from './types';

export type KbStoreErrorCode = 'not_found' | 'conflict' | 'invalid' | 'busy';

/**
 * A refusal the editor can act on: not found, a version conflict, invalid input. `refusal` says
 * why, as a code and values; the message is its wording (messages.ts).
 */
export class KbStoreError extends Error {
  constructor(
    readonly code: KbStoreErrorCode,
    readonly refusal: KbRefusal,
    readonly issues: KbIssue[] = [],
    readonly details: Record<string, unknown> = {},
  ) {
    super(refusalMessage(refusal));
    this.name = 'KbStoreError';
  }
}
