/**
 * A JSON request body read straight from node:http, for the endpoint served ahead of Express
 * (chat-endpoint.ts). Same answers as express.json() with our error handler: 415 for another media
 * type, charset or content encoding, 413 past the limit (declared or counted), 400 for bad JSON
 * or bytes that are not UTF-8.
 * An empty body reads as {} so that validation can name the missing fields.
 */
import { isUtf8 } from 'node:buffer';
import type { IncomingMessage } from 'node:http';
import type { ApiErrorCode } from '../http-kit';

export type JsonBody = { ok: true; value: unknown } | { ok: false; code: ApiErrorCode };

const unsupported = (req: IncomingMessage): boolean => {
  const [type = '', ...params] = (req.headers['content-type'] ?? '').split(';');
  if (type.trim().toLowerCase() !== 'application/json') return true;
  const charset = params.map((p) => p.trim().toLowerCase()).find((p) => p.startsWith('charset='));
  if (charset && !/^charset="?utf-?8"?$/.test(charset)) return true;
  const encoding = req.headers['content-encoding'];
  return encoding !== undefined && encoding.toLowerCase() !== 'identity';
};

export function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<JsonBody> {
  // What is not read is discarded, so the connection stays usable for the next request.
  const refuse = (code: ApiErrorCode): JsonBody => {
    req.resume();
    return { ok: false, code };
  };
  if (unsupported(req)) return Promise.resolve(refuse('QH_ERR_UNSUPPORTED_MEDIA_TYPE'));
  if (Number(req.headers['content-length'] ?? 0) > maxBytes) return Promise.resolve(refuse('QH_ERR_PAYLOAD_TOO_LARGE'));

  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (body: JsonBody) => {
      if (settled) return;
      settled = true;
      resolve(body);
    };
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > maxBytes) return settle(refuse('QH_ERR_PAYLOAD_TOO_LARGE'));
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (settled) return;
      const bytes = Buffer.concat(chunks, size);
      // As express.json with requireUtf8 (body-errors.ts): never decoded with U+FFFD and kept.
      if (!isUtf8(bytes)) return settle({ ok: false, code: 'QH_ERR_MALFORMED_JSON' });
      const text = bytes.toString('utf8');
      if (!text.trim()) return settle({ ok: true, value: {} });
      try {
        settle({ ok: true, value: JSON.parse(text) as unknown });
      } catch {
        settle({ ok: false, code: 'QH_ERR_MALFORMED_JSON' });
      }
    });
    // The client went away mid-body: nobody reads the answer, but the promise must settle.
    req.on('error', () => settle({ ok: false, code: 'QH_ERR_VALIDATION' }));
    req.on('close', () => settle({ ok: false, code: 'QH_ERR_VALIDATION' }));
  });
}
