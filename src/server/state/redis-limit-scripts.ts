/**
 * The Lua of the Redis limits: one library of local functions, and scripts that call it. The rules are those of the
 * in-memory `TokenBucketLimiter` and `TwoFactorGuard` (tests compare them on random sequences). A `redis.call`, a
 * table or a closure costs about as much as the rule itself, so every check reads its keys with one command (a 2FA
 * request its four with one `MGET`) and writes each with one `SET`, an account never seen takes a short path, the
 * library's functions are made once per batch rather than per call (see `redis-batch.ts`), and a limit's fixed
 * settings travel as one argument, parsed once per batch (the client's work grows with the number of arguments).
 *
 * Records: a bucket is "<tokens> <updated at>"; a strike list is "<time> <id>" entries joined by ",", ascending by
 * time; an account is "<last login>|<strikes>", an address+account pair "<strikes>"; an address's 2FA budget is a
 * bucket.
 */
import { RedisScript } from './redis-client.js';

const LIBRARY = `
local settings = {}
local function settingsOf(text)
  local values = settings[text]
  if not values then
    values = {}
    for value in string.gmatch(text, '%S+') do values[#values + 1] = tonumber(value) end
    settings[text] = values
  end
  return values
end

local function takeToken(key, v, nowText, settingsText)
  local s = settingsOf(settingsText)
  local now, rate, burst = tonumber(nowText), s[1], s[2]
  local tokens = burst
  if v then
    local t, u = string.match(v, '^(%S+) (%S+)$')
    tokens = math.min(burst, tonumber(t) + math.max(0, now - tonumber(u)) * rate)
  end
  local ok = tokens >= 1
  if ok then tokens = tokens - 1 end
  redis.call('SET', key, string.format('%.17g', tokens) .. ' ' .. nowText, 'PX', s[3])
  if ok then return 1, 0 end
  return 0, math.ceil((1 - tokens) / rate)
end

local function refundToken(key, nowText, settingsText)
  local v = redis.call('GET', key)
  if not v then return end
  local s = settingsOf(settingsText)
  local now, rate, burst = tonumber(nowText), s[1], s[2]
  local t, u = string.match(v, '^(%S+) (%S+)$')
  local tokens = math.min(burst, tonumber(t) + math.max(0, now - tonumber(u)) * rate)
  tokens = math.min(burst, tokens + 1)
  redis.call('SET', key, string.format('%.17g', tokens) .. ' ' .. nowText, 'KEEPTTL')
end

local function parseStrikes(text)
  local times, entries = {}, {}
  if text then
    for at, id in string.gmatch(text, '([^ ,]+) ([^,]+)') do
      times[#times + 1] = tonumber(at)
      entries[#entries + 1] = at .. ' ' .. id
    end
  end
  return times, entries
end

local function splitAccount(text)
  if not text then return '0', '' end
  return string.match(text, '^([^|]*)|(.*)$')
end

local function countAfter(times, start)
  local n = 0
  for i = #times, 1, -1 do
    if times[i] <= start then break end
    n = n + 1
  end
  return n
end

local function oldestAfter(times, start) return times[#times - countAfter(times, start) + 1] end

local function windowWait(times, tokens, interval, now)
  if interval <= 0 or countAfter(times, now - interval) < tokens then return nil end
  return times[#times - tokens + 1] + interval - now
end

local function withStrike(times, entries, entry, now, keep)
  local i = #times + 1
  while i > 1 and times[i - 1] > now do i = i - 1 end
  table.insert(entries, i, entry)
  return table.concat(entries, ',', math.max(1, #entries - keep + 1))
end

local function withoutStrike(entries, id)
  local kept, found, tail = {}, false, ' ' .. id
  for _, e in ipairs(entries) do
    if string.sub(e, -#tail) == tail then found = true else kept[#kept + 1] = e end
  end
  return table.concat(kept, ','), found
end

-- The address's token is the last check: a refusal before it takes nothing (3: refused by the address's budget).
local function addressToken(key, v, nowText, settingsText)
  if not key then return 1, 0 end
  local ok, wait = takeToken(key, v, nowText, settingsText)
  if ok == 1 then return 1, 0 end
  return 3, wait
end

local function beginStrike(pairKey, accountKey, pairText, accountRecord, nowText, id, settingsText, ipKey, ipText, ipSettings)
  local s = settingsOf(settingsText)
  local ttl = s[9]
  local entry = nowText .. ' ' .. id
  if not pairText and not accountRecord then
    local ok, wait = addressToken(ipKey, ipText, nowText, ipSettings)
    if ok ~= 1 then return ok, wait end
    redis.call('SET', pairKey, entry, 'PX', ttl)
    redis.call('SET', accountKey, '0|' .. entry, 'PX', ttl)
    return 1, 0
  end
  local now, memory, lock = tonumber(nowText), s[1], s[8]
  local login, accountText = splitAccount(accountRecord)
  local pairTimes, pairEntries = parseStrikes(pairText)
  local accTimes, accEntries = parseStrikes(accountText)
  local since = math.max(tonumber(login), now - memory)
  local pairSince = countAfter(pairTimes, since)
  if pairSince >= lock then return 0, math.ceil(oldestAfter(pairTimes, since) + memory - now) end
  local wait = windowWait(pairTimes, s[2], s[3], now)
  if wait then return 0, math.ceil(wait) end
  if countAfter(accTimes, since) >= lock and pairSince > 0 then
    return 0, math.ceil(oldestAfter(pairTimes, since) + memory - now)
  end
  wait = windowWait(accTimes, s[4], s[5], now)
  if wait then return 0, math.ceil(wait) end
  local ok
  ok, wait = addressToken(ipKey, ipText, nowText, ipSettings)
  if ok ~= 1 then return ok, wait end
  redis.call('SET', pairKey, withStrike(pairTimes, pairEntries, entry, now, s[6]), 'PX', ttl)
  redis.call('SET', accountKey, login .. '|' .. withStrike(accTimes, accEntries, entry, now, s[7]), 'PX', ttl)
  return 1, 0
end

local function settleStrike(KEYS, ARGV)
  if KEYS[3] then refundToken(KEYS[3], ARGV[3], ARGV[5]) end
  local v = redis.call('MGET', KEYS[1], KEYS[2])
  local login, accountText = splitAccount(v[2])
  local _, pairEntries = parseStrikes(v[1])
  local _, accEntries = parseStrikes(accountText)
  local pairKept, inPair = withoutStrike(pairEntries, ARGV[1])
  local accKept, inAccount = withoutStrike(accEntries, ARGV[1])
  if inPair then redis.call('SET', KEYS[1], pairKept, 'KEEPTTL') end
  if ARGV[2] == 'success' then
    login = string.format('%.17g', math.max(tonumber(login), tonumber(ARGV[3])))
    redis.call('SET', KEYS[2], login .. '|' .. accKept, 'PX', ARGV[4])
  elseif inAccount then
    redis.call('SET', KEYS[2], login .. '|' .. accKept, 'KEEPTTL')
  end
end
`;

/**
 * KEYS: bucket. ARGV: now, the bucket's settings "<tokens per ms> <burst> <ttl ms>". Returns {1, 0} or
 * {0, retryAfterMs}.
 */
export const TAKE = new RedisScript(
  "return {takeToken(KEYS[1], redis.call('GET', KEYS[1]), ARGV[1], ARGV[2])}",
  LIBRARY,
);

/**
 * KEYS: pair strikes, account record, and the address's bucket (optional). ARGV: now, strike id, the guard's
 * settings "<memoryMs> <pair tokens> <pair interval (0: none)> <account tokens> <account interval (0: none)> <pair
 * keep> <account keep> <strikes before lock> <ttl ms>", and the bucket's settings (as TAKE's). The bucket's token is
 * the last check, so a refusal takes nothing. Returns {1, 0} (strike taken), {0, retryAfterMs} (refused for the
 * account) or {3, retryAfterMs} (refused by the address's budget).
 */
export const BEGIN = new RedisScript(
  `local v = redis.call('MGET', unpack(KEYS))
return {beginStrike(KEYS[1], KEYS[2], v[1], v[2], ARGV[1], ARGV[2], ARGV[3], KEYS[3], v[3], ARGV[4])}`,
  LIBRARY,
);

/**
 * KEYS: as BEGIN. ARGV: strike id, outcome, now, ttl ms, and the bucket's settings when KEYS holds it. Refunds the
 * strike (the records keep their expiry) and gives the address its token back; a success also marks the login.
 */
export const SETTLE = new RedisScript('settleStrike(KEYS, ARGV)\nreturn 1', LIBRARY);

/** KEYS: bucket. ARGV: now, the bucket's settings (as TAKE's). Gives one token back (a refunded 2FA strike). */
export const REFUND = new RedisScript('refundToken(KEYS[1], ARGV[1], ARGV[2])\nreturn 1', LIBRARY);

/**
 * KEYS: bucket, then BEGIN's. ARGV: TAKE's two, then BEGIN's four. The per-IP token, then the strike only if the
 * token was given: one call for a 2FA request. Returns BEGIN's answer, or {2, retryAfterMs} when the bucket refused.
 */
export const TAKE_THEN_BEGIN = new RedisScript(
  `local v = redis.call('MGET', unpack(KEYS))
local ok, wait = takeToken(KEYS[1], v[1], ARGV[1], ARGV[2])
if ok ~= 1 then return {2, wait} end
return {beginStrike(KEYS[2], KEYS[3], v[2], v[3], ARGV[3], ARGV[4], ARGV[5], KEYS[4], v[4], ARGV[6])}`,
  LIBRARY,
);
