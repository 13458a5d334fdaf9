/**
 * Ticket ids: "QH-YYYYMMDD-NNNNNN", the Beijing date of creation and a per-day sequence.
 * People read them out on the phone, so they carry no check letters or hashes.
 */
import { beijingDate } from './calendar';
import { TICKET_ID_RE } from './schema';

export const SEQUENCE_MAX = 999_999;

export function formatTicketId(date: Date, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > SEQUENCE_MAX)
    throw new RangeError(`ticket sequence must be 1..${SEQUENCE_MAX}, got ${sequence}`);
  return `QH-${beijingDate(date).replace(/-/g, '')}-${String(sequence).padStart(6, '0')}`;
}

export interface ParsedTicketId {
  /** Beijing date, YYYY-MM-DD. */
  date: string;
  sequence: number;
}

export function parseTicketId(id: string): ParsedTicketId | undefined {
  if (!TICKET_ID_RE.test(id)) return undefined;
  const ymd = id.slice(3, 11);
  const date = `${ymd.slice(0, 4)}-${ymd.slice(4, 6)}-${ymd.slice(6, 8)}`;
  // Reject impossible dates such as 20260230: Date would roll them over.
  const d = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== date) return undefined;
  const sequence = Number(id.slice(12));
  if (sequence < 1) return undefined;
  return { date, sequence };
}
