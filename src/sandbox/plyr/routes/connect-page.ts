/**
 * Sandbox only: a minimal stand-in for the PLYR[CONNECT] hosted page
 * (docs/platform/plyr-api.md#plyrconnect-hand-off) at `/connect/`, and the route its script calls to approve. The
 * player is taken as signed in to the hosted page already (as on the platform, where they sign in there once), so
 * approving needs a seeded PLYR[ID] and no 2FA code. Approval issues the session as `/api/user/login` (or
 * `loginAndApprove`) does, and stores the answer under `uid` for `/api/auth/read/:uid`.
 */
import { approveRequested, checkGameId, checkToken } from '../approvals.js';
import { CONNECT_CSS, CONNECT_HTML, CONNECT_JS } from '../connect-page-assets.js';
import { field, type Platform, type Reply, type RequestContext, type Route, reply } from '../context.js';
import { issueSession } from './session.js';

/** The page's CSP: nothing inline, nothing from elsewhere; any game may frame it (iframe mode). */
const PAGE_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors *",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

const asset = (body: string, type: string) => (): Reply => ({
  status: 200,
  body,
  headers: { ...PAGE_HEADERS, 'content-type': type },
});

/** The decoded `requestData`, or `undefined` when it is not base64 of a JSON object. */
function decodeRequestData(value: unknown): Record<string, unknown> | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const data: unknown = JSON.parse(Buffer.from(value, 'base64').toString('utf8'));
    return data !== null && typeof data === 'object' && !Array.isArray(data)
      ? (data as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** `POST /sandbox/connect/approve` `{ action, requestData, plyrId }` → `{ data: <login answer> }`. */
async function approve(p: Platform, ctx: RequestContext) {
  const action = field(ctx.body, 'action');
  const request = decodeRequestData(field(ctx.body, 'requestData'));
  const plyrId = field(ctx.body, 'plyrId');
  if (action !== 'login' && action !== 'loginAndApprove')
    return reply(400, { error: 'action must be login or loginAndApprove' });
  if (!request) return reply(400, { error: 'requestData is not base64 JSON' });
  const gameId = typeof request.gameId === 'string' ? request.gameId.toLowerCase() : '';
  if (!p.state.isGame(gameId)) return reply(400, { error: 'Invalid game ID' });
  // The docs' examples send a string ("86400"); the hosted page reads it as whole seconds either way.
  const expiresIn = request.expiresIn === undefined ? undefined : Number(request.expiresIn);
  if (expiresIn !== undefined && !(Number.isSafeInteger(expiresIn) && expiresIn > 0))
    return reply(400, { error: 'expiresIn must be whole seconds' });
  const user = typeof plyrId === 'string' ? p.state.users.get(plyrId.trim().toLowerCase()) : undefined;
  if (!user) return reply(404, { error: 'User not found' });
  if (user.isInstantPlayPass) return reply(403, { error: 'User is instant play pass' });

  const body: Record<string, unknown> = { plyrId: user.plyrId, gameId, expiresIn, uid: request.uid };
  if (action === 'loginAndApprove') Object.assign(body, { tokens: request.tokens, amounts: request.amounts });
  const login: RequestContext = { ...ctx, body, user, params: {} };
  if (action === 'loginAndApprove') {
    const refused = checkToken()(login) ?? (await checkGameId(p)(login));
    if (refused) return refused;
  }
  const answer = await issueSession(
    p,
    login,
    gameId,
    action === 'loginAndApprove' ? () => approveRequested(p, body) : undefined,
  );
  if (answer.status !== 200) return answer;
  if (action === 'login') p.state.logActivity(user.plyrId, gameId, 'login', { gameId });
  return reply(200, { data: answer.body });
}

/** The hosted page, its assets and its approve route. */
export function connectPageRoutes(p: Platform): Route[] {
  return [
    { method: 'GET', pattern: '/connect', steps: [asset(CONNECT_HTML, 'text/html; charset=utf-8')] },
    {
      method: 'GET',
      pattern: '/connect/connect.js',
      steps: [asset(CONNECT_JS, 'text/javascript; charset=utf-8')],
    },
    {
      method: 'GET',
      pattern: '/connect/connect.css',
      steps: [asset(CONNECT_CSS, 'text/css; charset=utf-8')],
    },
    { method: 'POST', pattern: '/sandbox/connect/approve', steps: [(ctx) => approve(p, ctx)] },
  ];
}
