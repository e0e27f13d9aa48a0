/**
 * Sandbox-only routes, never part of the platform surface (no HMAC): the current code of a player, the claim of a
 * guest account (what the player would do on the PLYR[ID] site), fault injection, and a tiny sign-up page that
 * `claimingUrl` points at.
 */

import { type FaultRegistry, faultFromJson } from '../../faults.js';
import { field, type Platform, type Route, reply } from '../context.js';
import { totpCode } from '../totp.js';
import { claimGuest } from './ipp.js';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function signupPage(code: string): string {
  const safe = escapeHtml(code);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>PLYR[ID] sign-up (sandbox)</title></head>
<body style="font-family:sans-serif;max-width:32rem;margin:3rem auto">
<h1>Claim a guest account</h1>
<p>This page stands in for the PLYR[ID] sign-up site. Claiming code: <code>${safe}</code></p>
<form method="post" action="/sandbox/claim/${encodeURIComponent(code)}">
<label>New PLYR[ID] (optional) <input name="plyrId" pattern="[a-zA-Z0-9-]{5,64}"></label>
<button type="submit">Claim</button>
</form>
<p>The answer shows the new PLYR[ID] and its TOTP secret; the guest's session then gets <code>User not found</code>.</p>
</body></html>`;
}

/** The sandbox-only routes. */
export function sandboxRoutes(p: Platform, faults: FaultRegistry): Route[] {
  return [
    {
      method: 'GET',
      pattern: '/sandbox/totp/:plyrId',
      steps: [
        (ctx) => {
          const user = p.state.users.get(ctx.params.plyrId!);
          if (!user || user.isInstantPlayPass) return reply(404, { error: 'User not found' });
          return reply(200, { otp: totpCode(user.secret, p.now()) });
        },
      ],
    },
    {
      method: 'POST',
      pattern: '/sandbox/claim/:claimingCode',
      steps: [
        (ctx) =>
          claimGuest(p, ctx.params.claimingCode!, {
            plyrId: field(ctx.body, 'plyrId') || undefined,
            secret: field(ctx.body, 'secret'),
            avatar: field(ctx.body, 'avatar'),
          }),
      ],
    },
    {
      method: 'GET',
      pattern: '/sandbox/pgu/signup',
      steps: [(ctx) => reply(200, signupPage(ctx.query.get('claimingCode') ?? ''))],
    },
    {
      method: 'POST',
      pattern: '/sandbox/fault',
      steps: [
        (ctx) => {
          const fault = faultFromJson(ctx.body);
          if (typeof fault === 'string') return reply(400, { error: fault });
          faults.add(fault);
          return reply(200, { message: 'Fault added' });
        },
      ],
    },
    {
      method: 'DELETE',
      pattern: '/sandbox/fault',
      steps: [() => reply(200, { message: 'Faults cleared', cleared: faults.clear() })],
    },
  ];
}
