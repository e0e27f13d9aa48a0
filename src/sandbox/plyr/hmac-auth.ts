/**
 * `hmacAuth(requiredRole)` (docs/platform/plyr-api.md#hmac-signing), implemented independently of plyr-kit's signer
 * so that the sandbox catches signer bugs. Check order: headers → API key → signature (HMAC-SHA256 of `timestamp +
 * JSON.stringify(body)`, key = secret as UTF-8 text, lowercase hex, exact comparison) → ±5 min window → role.
 */
import { createHmac } from 'node:crypto';
import { type Platform, reply, type Step } from './context.js';
import type { ApiKeyRecord } from './state.js';

const ROLES: ApiKeyRecord['role'][] = ['user', 'game', 'admin'];
const WINDOW_MS = 5 * 60 * 1000;

/** The HMAC middleware for routes needing `requiredRole`. */
export const hmacAuth =
  (p: Platform, requiredRole: ApiKeyRecord['role']): Step =>
  (ctx) => {
    const bodyString = JSON.stringify(ctx.body);
    const { signature, timestamp, apikey } = ctx.headers;
    if (!signature || !timestamp || !apikey) return reply(401, { error: 'Missing authentication headers' });

    const key = p.state.findApiKey(apikey);
    if (!key) return reply(401, { error: 'Invalid API key' });

    const expected = createHmac('sha256', key.secretKey)
      .update(String(timestamp) + bodyString)
      .digest('hex');
    if (signature !== expected) return reply(401, { error: 'Invalid signature' });

    // `new Date(parseInt(timestamp))`: a non-numeric or out-of-range value gives NaN and skips the check, as there.
    const sent = new Date(Number.parseInt(String(timestamp), 10)).getTime();
    if (Math.abs(p.now() - sent) > WINDOW_MS) return reply(401, { error: 'Request expired' });

    if (ROLES.indexOf(key.role) < ROLES.indexOf(requiredRole))
      return reply(403, { error: 'Insufficient permissions' });

    ctx.apiKey = key;
    return undefined;
  };
