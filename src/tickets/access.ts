/**
 * Who may see a ticket's details and rate it: whoever filed it. Each ticket has an access token,
 * an HMAC of its id under the shared secret, handed only to the filer (the API caller in the
 * response, the chat session in its state). Ticket ids are sequential and easy to guess; the token
 * is not. Derived rather than stored: every instance checks it the same way, and nothing is added
 * to the ticket that the routing backend receives.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header (or `token` query parameter) that carries a ticket's access token. */
export const TICKET_TOKEN_HEADER = 'X-Qihu-Ticket-Token';

export function ticketAccessToken(secret: string, ticketId: string): string {
  return createHmac('sha256', secret).update(`ticket-access:${ticketId}`).digest('base64url').slice(0, 32);
}

export function hasTicketAccess(secret: string, ticketId: string, token: string | undefined): boolean {
  if (!token) return false;
  const expected = Buffer.from(ticketAccessToken(secret, ticketId));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
