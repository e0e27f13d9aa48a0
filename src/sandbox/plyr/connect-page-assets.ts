/**
 * The static files of the sandbox's PLYR[CONNECT] page: HTML, stylesheet and script. The script is a separate file
 * so the page works under a strict CSP (no inline code). Plain ES2020, read by the browser as is.
 */

/** The page. Its hooks are `data-connect` attributes: `summary`, `plyr-id`, `error`, `approve`, `deny`. */
export const CONNECT_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>PLYR[CONNECT] (sandbox)</title>
<link rel="stylesheet" href="/connect/connect.css">
<script src="/connect/connect.js" defer></script>
</head><body>
<main>
<h1>PLYR[CONNECT] <small>sandbox</small></h1>
<p data-connect="summary">Loading…</p>
<label>PLYR[ID] <input data-connect="plyr-id" value="demo-player" autocomplete="username" spellcheck="false"></label>
<p class="hint">Signed in to the sandbox as a seeded player: approving needs no 2FA code here.</p>
<p data-connect="error" role="alert"></p>
<div class="actions">
<button type="button" data-connect="approve">Approve</button>
<button type="button" data-connect="deny" class="secondary">Deny</button>
</div>
</main>
</body></html>
`;

/** The stylesheet. */
export const CONNECT_CSS = `body{font-family:system-ui,sans-serif;background:#14151f;color:#f4f4f8;margin:0}
main{max-width:26rem;margin:2rem auto;padding:1.5rem;background:#1f2130;border-radius:12px}
h1{font-size:1.4rem}small{font-size:.8rem;color:#9aa0b8}
label{display:block;margin:1rem 0 .25rem}input{display:block;width:100%;box-sizing:border-box;padding:.5rem;font-size:1rem}
.hint{font-size:.85rem;color:#9aa0b8}[data-connect=error]{color:#ff7a7a;min-height:1.2em}
.actions{display:flex;gap:.75rem}button{flex:1;padding:.6rem;font-size:1rem;border:0;border-radius:8px;background:#6c5ce7;color:#fff}
button.secondary{background:#3a3d52}button:disabled{opacity:.5}
`;

/**
 * The script: reads `action` and `requestData`, asks the sandbox to approve for the chosen seeded player, and
 * answers as the platform's page does: `postMessage` to the opener (`opener` mode) or parent (`iframe` mode) with
 * `{ vendor: 'plyrconnect', action, callbackString, callbackData: base64(JSON) }` aimed at the callbackUrl's origin,
 * or back to `callbackUrl` (`redirect` mode, after the sandbox stored the answer under `uid`). Deny answers
 * `{ error }` by message; in redirect mode it just goes back (nothing is stored).
 */
export const CONNECT_JS = `'use strict';
(() => {
  const $ = (name) => document.querySelector('[data-connect="' + name + '"]');
  const params = new URLSearchParams(location.search);
  const action = params.get('action') || '';
  const encoded = params.get('requestData') || '';
  const error = $('error');
  const approve = $('approve');
  const deny = $('deny');
  const say = (text) => { error.textContent = text; };
  const setBusy = (busy) => { approve.disabled = busy; deny.disabled = busy; };
  const fromBase64 = (text) =>
    JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(text), (c) => c.charCodeAt(0))));
  const toBase64 = (value) => {
    let binary = '';
    for (const byte of new TextEncoder().encode(JSON.stringify(value))) binary += String.fromCharCode(byte);
    return btoa(binary);
  };
  let request = null;
  try { request = fromBase64(encoded); } catch (e) { request = null; }
  if (!request || typeof request !== 'object' || !['login', 'loginAndApprove'].includes(action)) {
    $('summary').textContent = 'This page needs ?action=login|loginAndApprove&requestData=<base64 JSON>.';
    setBusy(true);
    document.body.dataset.connect = 'invalid';
    return;
  }
  const tokens = Array.isArray(request.tokens) ? request.tokens : [];
  const amounts = Array.isArray(request.amounts) ? request.amounts : [];
  $('summary').textContent = 'The game ' + String(request.gameId) + ' asks you to log in' +
    (action === 'loginAndApprove'
      ? ' and to let it spend ' + tokens.map((t, i) => String(amounts[i]) + ' ' + String(t)).join(', ') + '.'
      : '.');
  if (typeof request.plyrId === 'string' && request.plyrId) $('plyr-id').value = request.plyrId;
  let targetOrigin = '*';
  try { targetOrigin = new URL(request.callbackUrl).origin; } catch (e) { targetOrigin = '*'; }

  const answer = (data) => {
    const message = {
      vendor: 'plyrconnect',
      action,
      callbackString: request.callbackString,
      callbackData: toBase64(data),
    };
    if (request.mode === 'opener') {
      if (!window.opener) return say('There is no game window to answer to (was the popup opened with noopener?).');
      window.opener.postMessage(message, targetOrigin);
      document.body.dataset.connect = 'answered';
      window.close();
    } else if (request.mode === 'iframe') {
      window.parent.postMessage(message, targetOrigin);
      document.body.dataset.connect = 'answered';
    } else if (request.mode === 'redirect') {
      location.assign(request.callbackUrl);
    } else {
      say('The sandbox does not support mode ' + String(request.mode) + '.');
    }
  };

  approve.addEventListener('click', async () => {
    setBusy(true);
    say('');
    try {
      const res = await fetch('/sandbox/connect/approve', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ action, requestData: encoded, plyrId: $('plyr-id').value.trim() }),
      });
      const json = await res.json().catch(() => ({}));
      if (!res.ok) {
        say(json.error || 'HTTP ' + res.status);
        setBusy(false);
        return;
      }
      answer(json.data);
    } catch (e) {
      say('The sandbox cannot be reached.');
      setBusy(false);
    }
  });
  deny.addEventListener('click', () => {
    setBusy(true);
    if (request.mode === 'redirect') location.assign(request.callbackUrl);
    else answer({ error: 'User rejected the request' });
  });
  document.body.dataset.connect = 'ready';
})();
`;
