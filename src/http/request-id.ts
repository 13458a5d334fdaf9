/**
 * Request ids: every HTTP response carries X-Request-Id, and every log line about the request
 * carries it as `reqId`, so a user's report, a proxy's access log and qihu's lines can be matched.
 * A client's (or a proxy's) X-Request-Id is kept when it is sane: 1 to 128 characters of
 * [A-Za-z0-9._:-] that the personal-data mask leaves alone (an id must not smuggle a phone number
 * into the logs). Otherwise one is made: 32 hex digits (a random prefix per process and a counter),
 * which the mask never touches.
 */
import { randomBytes } from 'node:crypto';
import type { Response } from 'express';
import type { Logger } from '../log';
import { maskPersonalData } from '../privacy';

export const REQUEST_ID_HEADER = 'X-Request-Id';

const SANE = /^[A-Za-z0-9._:-]{1,128}$/;

/** 16 random hex digits for this process, then a counter's 16: unique across instances and restarts, and cheap. */
const PROCESS_PREFIX = randomBytes(8).toString('hex');
let counter = 0;

export const newRequestId = (): string => PROCESS_PREFIX + (++counter).toString(16).padStart(16, '0');

/** The request's id: the header's value when sane, else a new one. */
export function requestIdOf(header: string | string[] | undefined): string {
  if (typeof header === 'string' && SANE.test(header) && maskPersonalData(header) === header) return header;
  return newRequestId();
}

/** The request's logger, its id bound (set by src/http/app.ts), or `fallback` outside the app. */
export function requestLog(res: Response, fallback: Logger): Logger {
  return (res.locals.log as Logger | undefined) ?? fallback;
}
