/**
 * User lookup routes (docs/platform/plyr-api.md#user-lookups): exists, info, basic (public), avatar, avatars
 * (public).
 */
import { getAddress, isAddress } from '../address.js';
import { field, type Platform, type Route, reply } from '../context.js';
import { lowerOrThrow } from '../errors.js';
import { hmacAuth } from '../hmac-auth.js';
import { checkUserExistsInParams } from '../session-auth.js';
import { avatarUrl, type UserRecord } from '../state.js';

/** `verifyPlyrid`: 5–64 chars of `[a-z0-9-]` after lower-casing, no edge or double dash, at least one letter. */
export function isValidPlyrId(value: string): boolean {
  const id = value.toLowerCase();
  if (id.length < 5 || id.length > 64) return false;
  if (!/^[a-z0-9](?!.*--)[a-z0-9-]*[a-z0-9]$/.test(id)) return false;
  return /[a-z]/.test(id);
}

const infoOf = (p: Platform, user: UserRecord) => ({
  plyrId: user.plyrId,
  mirrorAddress: user.mirror,
  primaryAddress: user.primaryAddress,
  chainId: user.chainId,
  avatar: avatarUrl(p.origin(), user.avatar),
  createdAt: new Date(user.createdAt).toISOString(),
  ippClaimed: user.ippClaimed,
  isIPP: user.isInstantPlayPass,
});

/** The user lookup routes. */
export function userRoutes(p: Platform): Route[] {
  const user = hmacAuth(p, 'user');
  return [
    {
      method: 'GET',
      pattern: '/api/user/exists/:queryStr',
      steps: [
        user,
        (ctx) => {
          const query = ctx.params.queryStr!;
          const found = isAddress(query)
            ? p.state.findUserByAddress(getAddress(query))
            : p.state.users.get(query.toLowerCase());
          return reply(200, { exists: Boolean(found) });
        },
      ],
    },
    {
      method: 'GET',
      pattern: '/api/user/info/:plyrId',
      steps: [
        user,
        (ctx) => {
          const query = ctx.params.plyrId!;
          if (isAddress(query)) {
            const found = p.state.findUserByAddress(getAddress(query));
            return found ? reply(200, infoOf(p, found)) : reply(404, { error: 'Primary address not found' });
          }
          if (!isValidPlyrId(query)) return reply(400, { error: 'Invalid PLYR[ID]' });
          const found = p.state.users.get(query.toLowerCase());
          return found ? reply(200, infoOf(p, found)) : reply(404, { error: 'PLYR[ID] not found' });
        },
      ],
    },
    {
      method: 'GET',
      pattern: '/api/user/basic/:address',
      steps: [
        (ctx) => {
          const address = ctx.params.address!;
          if (!isAddress(address)) return reply(400, { error: 'Invalid address' });
          const found = p.state.findUserByAddress(getAddress(address));
          // The raw stored avatar (may be '' or ipfs://…): this route does not resolve it.
          return found
            ? reply(200, { plyrId: found.plyrId, avatar: found.avatar })
            : reply(404, { error: 'PLYR[ID] not found' });
        },
      ],
    },
    {
      method: 'GET',
      pattern: '/api/user/avatar/:plyrId',
      steps: [
        user,
        checkUserExistsInParams(p),
        (ctx) => reply(200, { avatar: avatarUrl(p.origin(), ctx.user!.avatar) }),
      ],
    },
    {
      method: 'POST',
      pattern: '/api/user/avatars',
      steps: [
        (ctx) => {
          const plyrIds = field(ctx.body, 'plyrIds');
          if (!Array.isArray(plyrIds)) return reply(400, { error: 'plyrIds must be an array' });
          const wanted = new Set(plyrIds.map((id: unknown) => lowerOrThrow(id, 'id')));
          // Database order (insertion), each user once, unknown ids skipped.
          const avatars = [...p.state.users.values()]
            .filter((u) => wanted.has(u.plyrId))
            .map((u) => ({ plyrId: u.plyrId, avatar: avatarUrl(p.origin(), u.avatar) }));
          return reply(200, { avatars });
        },
      ],
    },
  ];
}
