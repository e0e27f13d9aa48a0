/**
 * Request bodies as koa-bodyparser 4.4.1 / co-body 6.2.0 read them (docs/platform/plyr-api.md#hmac-signing): JSON
 * (strict: top level object or array, 1 MB) for the JSON content types, url-encoded forms (56 KB), and `{}` for
 * everything else — including `text/plain` and requests without a body. Failures are Koa's plain-text answers.
 */
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { createGunzip, createInflate } from 'node:zlib';
import { PlainHttpError } from './errors.js';

const JSON_TYPES = new Set([
  'application/json',
  'application/json-patch+json',
  'application/vnd.api+json',
  'application/csp-report',
  'application/scim+json',
]);
const FORM_TYPE = 'application/x-www-form-urlencoded';
const JSON_LIMIT = 1024 * 1024;
const FORM_LIMIT = 56 * 1024;
const STRICT_JSON_START = /^[ \t\n\r]*(\[|\{)/;

const badRequest = () => new PlainHttpError(400, 'Bad Request', false);
const tooLarge = () => new PlainHttpError(413, 'request entity too large', true);

/** type-is `hasBody`: a Transfer-Encoding or a numeric Content-Length header. */
function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return (
    req.headers['transfer-encoding'] !== undefined || (length !== undefined && !Number.isNaN(Number(length)))
  );
}

function decodedStream(req: IncomingMessage): Readable {
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding === 'identity') return req;
  if (encoding === 'gzip') return req.pipe(createGunzip());
  if (encoding === 'deflate') return req.pipe(createInflate());
  throw new PlainHttpError(415, `Unsupported Content-Encoding: ${encoding}`, true);
}

/** raw-body: the whole body as UTF-8 text, refusing more than `limit` bytes (by header first, then by count). */
async function readText(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers['content-length']);
  if (!req.headers['content-encoding'] && declared > limit) throw tooLarge();
  const stream = decodedStream(req);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      size += (chunk as Buffer).length;
      if (size > limit) throw tooLarge();
      chunks.push(chunk as Buffer);
    }
  } catch (err) {
    if (err instanceof PlainHttpError) throw err;
    throw badRequest();
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** co-body's strict JSON: empty → `{}`; must start with `{` or `[`; a `__proto__` key is refused. */
export function parseStrictJson(text: string): unknown {
  if (!text) return {};
  if (!STRICT_JSON_START.test(text)) throw badRequest();
  try {
    return JSON.parse(text, (key, value: unknown) => {
      if (key === '__proto__') throw new SyntaxError('__proto__ is not allowed');
      return value;
    });
  } catch {
    throw badRequest();
  }
}

/**
 * qs-style form parsing, simplified: repeated keys and `key[]` give arrays, other keys strings; keys that would
 * shadow Object.prototype members are dropped (qs `allowPrototypes: false`). Nested `a[b]` keys stay literal.
 */
export function parseForm(text: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [rawKey, value] of new URLSearchParams(text)) {
    const isList = rawKey.endsWith('[]');
    const key = isList ? rawKey.slice(0, -2) : rawKey;
    if (key in Object.prototype) continue;
    const existing = out[key];
    if (existing === undefined) out[key] = isList ? [value] : value;
    else out[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return out;
}

/** The parsed body of a request, as the platform's handlers see it. */
export async function parseBody(req: IncomingMessage): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (hasBody(req)) {
    if (JSON_TYPES.has(type)) return parseStrictJson(await readText(req, JSON_LIMIT));
    if (type === FORM_TYPE) return parseForm(await readText(req, FORM_LIMIT));
  }
  return {};
}
