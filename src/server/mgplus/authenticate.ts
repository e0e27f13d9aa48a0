/**
 * The relay's one call to MG+: authenticate the launch through the studio's MG+ client and open a real-play session,
 * so the player token stays on the server and the browser gets an opaque `sessionId`. MG+'s refusals reach the
 * browser in MG+'s own shape (`{ error: { code, message } }`, MG+'s status), so the browser client can tell each
 * documented code and whether it is retryable; transport failures become the relay's own refusals.
 */
import { Refusal, withCause } from '../http/errors.js';
import type { AuthenticatePayload } from './authenticate-body.js';
import type { MgPlusClient } from './client.js';
import type { MgPlusTransportErrorCode } from './error-codes.js';
import { isMgPlusError, type MgPlusError } from './errors.js';

/** What the relay answers: a status and a JSON value. */
export interface AuthenticateOutcome {
  status: number;
  body: unknown;
}

const TRANSPORT_REFUSALS: Readonly<Record<MgPlusTransportErrorCode, () => Refusal>> = {
  TIMEOUT: () => new Refusal('UPSTREAM_TIMEOUT', 'MG+ did not answer in time.'),
  NETWORK: () => new Refusal('UPSTREAM_UNREACHABLE', 'MG+ could not be reached.'),
  UPSTREAM_5XX: () => new Refusal('UPSTREAM_UNREACHABLE', 'MG+ failed without an error body.'),
  INVALID_RESPONSE: () => new Refusal('UPSTREAM_UNREACHABLE', 'MG+ gave an unusable answer.'),
  REQUEST_ID_MISMATCH: () =>
    new Refusal('UPSTREAM_REQUEST_ID_MISMATCH', 'MG+ did not echo the X-Request-ID of the request.'),
};

/** MG+'s refusal as MG+ sent it; a transport failure as a relay refusal (thrown). */
function refusalOutcome(error: MgPlusError): AuthenticateOutcome {
  if (Object.hasOwn(TRANSPORT_REFUSALS, error.code))
    throw withCause(TRANSPORT_REFUSALS[error.code as MgPlusTransportErrorCode](), error);
  const status = error.status >= 400 && error.status < 600 ? error.status : 502;
  return { status, body: { error: { code: error.code, message: error.mgplusMessage ?? error.message } } };
}

/** Authenticates the launch and opens its session: 200 with MG+'s body minus the player token, plus `sessionId`. */
export async function authenticateLaunch(
  client: MgPlusClient,
  payload: AuthenticatePayload,
): Promise<AuthenticateOutcome> {
  try {
    const { launchToken, game, ip, platform } = payload;
    const result = await client.authenticate({ launchToken, game, ip, platform });
    const { publicView } = await client.openSession(result);
    return { status: 200, body: publicView };
  } catch (error) {
    if (isMgPlusError(error)) return refusalOutcome(error);
    throw error;
  }
}
