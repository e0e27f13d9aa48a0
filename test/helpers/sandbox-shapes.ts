/**
 * Answer shapes the platform documents, written down once for the sandbox tests (independently of src/sandbox, so
 * the tests check the sandbox against the spec rather than against itself).
 */

/**
 * Keys of a `POST /api/user/login` answer in the platform's order (docs/platform/plyr-api.md#login;
 * `loginAndApprove` answers the same shape, docs/platform/plyr-api.md#login-and-approve). A guest's register answer
 * lists the same keys in another order.
 */
export const LOGIN_ANSWER_KEYS: readonly string[] = [
  'sessionJwt',
  'plyrId',
  'gameId',
  'primaryAddress',
  'mirrorAddress',
  'avatar',
  'ippClaimed',
  'isIPP',
];
