/**
 * The in-memory database of one sandbox: API keys, users (with per-game nonces and deadlines), claiming codes,
 * PLYR[CONNECT] hand-offs, the 2FA reuse cache and the activity log. One instance per sandbox; nothing is shared.
 */
import { randomBytes } from 'node:crypto';
import { randomAddress } from './address.js';

/** An API key (`ApiKey` model): `plyrId` is the game's PLYR[ID]. */
export interface ApiKeyRecord {
  plyrId: string;
  apiKey: string;
  secretKey: string;
  role: 'user' | 'game' | 'admin';
}

/** A user (`UserInfo` model). */
export interface UserRecord {
  plyrId: string;
  primaryAddress: string;
  mirror: string;
  /** Base32 TOTP secret; the string `'null'` for guests, as the platform stores it. */
  secret: string;
  chainId: number;
  /** Raw avatar (may be `''` or `ipfs://…`). */
  avatar: string;
  /** Per-game session counter; a JWT is valid while its nonce ≥ this. */
  nonce: Map<string, number>;
  /** Per-game session deadline in ms. */
  deadline: Map<string, number>;
  loginFailedCount: number;
  bannedAt: number;
  isInstantPlayPass: boolean;
  ippClaimed: boolean;
  createdAt: number;
}

/** A claiming code (`MirrorClaim` model), unique per guest. */
export interface ClaimRecord {
  plyrId: string;
  gameId: string;
  mirror: string;
  primaryAddress: string;
  code: string;
}

/** A PLYR[CONNECT] hand-off (`Auth` model). */
export interface AuthRecord {
  uid: string;
  data: unknown;
  createdAt: number;
}

/** An activity log entry (`ActivityLog` model). */
export interface ActivityRecord {
  _id: string;
  plyrId: unknown;
  gameId: unknown;
  type: string;
  action: string;
  data: Record<string, unknown>;
  timestamp: number;
}

/**
 * A spending approval (`UserApprove` model): plyrId, gameId and token lower-cased; `amount` and `expiresIn` (seconds)
 * are Numbers as the database casts them, so later decrements use floating-point arithmetic as the platform's do.
 */
export interface ApprovalRecord {
  plyrId: string;
  gameId: string;
  token: string;
  amount: number;
  /** `null` when the request sent `null` or `''` (the cast gives null; such a row counts as expired). */
  expiresIn: number | null;
  createdAt: number;
}

/** The schema's default approval lifetime (365 days, in seconds) for a new row without `expiresIn`. */
export const DEFAULT_APPROVAL_EXPIRES_IN = 365 * 86_400;

/** Mongoose's cast of a value to a Number field; throws its CastError for what it cannot read. */
export function castNumber(value: unknown, path: string): number {
  const n = typeof value === 'string' && value.trim() === '' ? Number.NaN : Number(value);
  if (Number.isNaN(n) || typeof value === 'object') {
    const type = Array.isArray(value) ? 'Array' : typeof value;
    const shown = typeof value === 'string' ? value : JSON.stringify(value);
    const err = new Error(`Cast to Number failed for value "${shown}" (type ${type}) at path "${path}"`);
    err.name = 'CastError';
    throw err;
  }
  return n;
}

/** The key of an approval row in {@link SandboxState.approvals}. */
export const approvalKey = (plyrId: string, gameId: string, token: string): string =>
  JSON.stringify([plyrId, gameId, token]);

/** The IPFS content id of the platform's default avatar. */
export const DEFAULT_AVATAR_CID = 'QmNRjvbBfJ7GpRzjs7uxRUytAAuuXjhBqKhDETbET2h6wR';

/**
 * Where the sandbox serves IPFS content, under its own origin: its stand-in for the platform's gateway
 * (`https://ipfs.plyr.network/ipfs/`), so that an offline sandbox never hands out a URL of another host.
 */
export const IPFS_GATEWAY_PATH = '/sandbox/ipfs/';

/**
 * `getAvatarUrl` with the sandbox (`origin`) as the IPFS gateway: empty → the default avatar; `ipfs://` → the
 * gateway; anything else as stored.
 */
export const avatarUrl = (origin: string, avatar?: string): string =>
  !avatar
    ? `${origin}${IPFS_GATEWAY_PATH}${DEFAULT_AVATAR_CID}`
    : avatar.startsWith('ipfs://')
      ? `${origin}${IPFS_GATEWAY_PATH}${avatar.slice(7)}`
      : avatar;

/** The platform's JSON rendering of a Mongo duplicate-key failure. */
export const duplicateKeyMessage = (collection: string, field: string, value: string): string =>
  `E11000 duplicate key error collection: plyr.${collection} index: ${field}_1 dup key: { ${field}: ${value} }`;

const hex = (bytes: number): string => randomBytes(bytes).toString('hex');

/** The state of one sandbox. */
export class SandboxState {
  readonly apiKeys: ApiKeyRecord[] = [];
  /** Keyed by lower-case plyrId; iteration order is insertion order (Mongo's natural order). */
  readonly users = new Map<string, UserRecord>();
  /** Keyed by guest plyrId. */
  readonly claims = new Map<string, ClaimRecord>();
  readonly auths = new Map<string, AuthRecord>();
  readonly otpUses = new Map<string, { timestamp: number; times: number }>();
  readonly activity: ActivityRecord[] = [];
  readonly approvals = new Map<string, ApprovalRecord>();
  #objectIdCounter = randomBytes(3).readUIntBE(0, 3);

  constructor(readonly now: () => number) {}

  /** Registers an API key. */
  addApiKey(plyrId: string, role: ApiKeyRecord['role'], apiKey = hex(16), secretKey = hex(32)): ApiKeyRecord {
    const record = { plyrId, apiKey, secretKey, role };
    this.apiKeys.push(record);
    return record;
  }

  findApiKey(apiKey: unknown): ApiKeyRecord | undefined {
    return this.apiKeys.find((k) => k.apiKey === apiKey);
  }

  /** Whether a game with this PLYR[ID] has an API key (`checkGameId`). */
  isGame(gameId: string): boolean {
    return this.apiKeys.some((k) => k.plyrId === gameId);
  }

  /** Creates a user with defaults for the fields the platform defaults. */
  addUser(init: Partial<UserRecord> & Pick<UserRecord, 'plyrId' | 'secret'>): UserRecord {
    const user: UserRecord = {
      primaryAddress: randomAddress(),
      mirror: randomAddress(),
      chainId: 62831,
      avatar: '',
      nonce: new Map(),
      deadline: new Map(),
      loginFailedCount: 0,
      bannedAt: 0,
      isInstantPlayPass: false,
      ippClaimed: false,
      createdAt: this.now(),
      ...init,
    };
    this.users.set(user.plyrId, user);
    return user;
  }

  findUserByAddress(checksummed: string): UserRecord | undefined {
    for (const user of this.users.values()) if (user.primaryAddress === checksummed) return user;
    return undefined;
  }

  findClaimByCode(code: string): ClaimRecord | undefined {
    for (const claim of this.claims.values()) if (claim.code === code) return claim;
    return undefined;
  }

  /**
   * The platform's `is2faUsed`, quirks included: any attempt records `${plyrId}-${otp}` (raw plyrId); a repeat
   * within 5 min is refused; after 5 min the entry restarts at 0 uses, so the next repeat passes once more.
   */
  isOtpUsed(plyrId: unknown, otp: unknown): boolean {
    const key = `${String(plyrId)}-${String(otp)}`;
    const now = this.now();
    const entry = this.otpUses.get(key);
    if (!entry) {
      this.otpUses.set(key, { timestamp: now, times: 1 });
      return false;
    }
    if (now - entry.timestamp > 5 * 60 * 1000) {
      this.otpUses.set(key, { timestamp: now, times: 0 });
      return false;
    }
    entry.times++;
    return entry.times > 1;
  }

  /**
   * Upserts an approval (`approve` of the game controller): the amount replaces the old one; an `expiresIn` of
   * `undefined` keeps the row's (a new row gets the schema default, 365 days).
   */
  approve(plyrId: string, gameId: string, token: string, amount: unknown, expiresIn: unknown): void {
    const key = approvalKey(plyrId, gameId, token);
    const existing = this.approvals.get(key);
    const lifetime =
      expiresIn === undefined
        ? (existing?.expiresIn ?? DEFAULT_APPROVAL_EXPIRES_IN)
        : expiresIn === null || expiresIn === ''
          ? null
          : castNumber(expiresIn, 'expiresIn');
    const record = {
      plyrId,
      gameId,
      token,
      amount: castNumber(amount, 'amount'),
      expiresIn: lifetime,
      createdAt: this.now(),
    };
    this.approvals.set(key, record);
  }

  /** A Mongo-style ObjectId (timestamp, random, counter) as 24 hex characters. */
  objectId(): string {
    this.#objectIdCounter = (this.#objectIdCounter + 1) % 0x1000000;
    const time = Math.floor(this.now() / 1000)
      .toString(16)
      .padStart(8, '0');
    return `${time}${hex(5)}${this.#objectIdCounter.toString(16).padStart(6, '0')}`;
  }

  /** Appends to the activity log (`logActivity`). */
  logActivity(
    plyrId: unknown,
    gameId: unknown,
    action: string,
    data: Record<string, unknown>,
    type = 'user',
  ): void {
    this.activity.push({ _id: this.objectId(), plyrId, gameId, type, action, data, timestamp: this.now() });
  }
}
