/**
 * Many script calls as one: a "batch script" holds every {@link RedisScript} as a Lua function and runs a batch of
 * calls in order, each under `pcall` so one call's error stays its own. One `EVALSHA` per batch instead of one per
 * call saves the client's per-command work and Redis's per-script set-up, which under load cost more than the
 * scripts themselves. A batch is atomic as a whole, which keeps every call atomic on its own.
 *
 * Wire layout: KEYS are the calls' keys one after another; ARGV[1] is "<script> <keys> <args>" of each call, joined
 * by spaces (one argument: the client's work grows with the number of arguments more than with their length), then
 * the calls' arguments one after another. The reply has one `{1, result}` or `{0, message}` per call.
 */
import { RedisScript } from './redis-client.js';

const RUN_BATCH = `
local arg, key, out, c = 2, 1, {}, 0
for index, nkeys, nargs in string.gmatch(ARGV[1], '(%d+) (%d+) (%d+)') do
  c = c + 1
  local fn, keys, args = S[tonumber(index)], {}, {}
  nkeys, nargs = tonumber(nkeys), tonumber(nargs)
  for i = 1, nkeys do keys[i] = KEYS[key + i - 1] end
  for i = 1, nargs do args[i] = ARGV[arg + i - 1] end
  key, arg = key + nkeys, arg + nargs
  local ok, result = pcall(fn, keys, args)
  if ok then
    out[c] = {1, result}
  else
    out[c] = {0, type(result) == 'table' and tostring(result.err) or tostring(result)}
  end
end
return out
`;

/** One call of a batch: a script and its keys and arguments. */
export interface BatchedCall {
  script: RedisScript;
  keys: readonly string[];
  args: readonly (string | number)[];
}

/** A call's outcome in a batch: its script's result, or the error Redis raised in it. */
export type BatchOutcome = { ok: true; value: unknown } | { ok: false; error: string };

/** Builds the batch script over the scripts it meets, and encodes and decodes batches. */
export class ScriptBatcher {
  private readonly scripts: RedisScript[] = [];
  private readonly indexes = new Map<RedisScript, number>();
  private built: RedisScript | undefined;

  /** The batch script and its KEYS and ARGV for `calls` (a new script rebuilds the batch script once). */
  encode(calls: readonly BatchedCall[]): { script: RedisScript; keys: string[]; args: (string | number)[] } {
    const keys: string[] = [];
    let head = '';
    const args: (string | number)[] = [''];
    for (const call of calls) {
      head += `${this.indexOf(call.script)} ${call.keys.length} ${call.args.length} `;
      keys.push(...call.keys);
      args.push(...call.args);
    }
    args[0] = head;
    this.built ??= new RedisScript(this.batchSource());
    return { script: this.built, keys, args };
  }

  /** Each library once, then each script as a function of its KEYS and ARGV, then the loop over the calls. */
  private batchSource(): string {
    const libraries = [...new Set(this.scripts.map((s) => s.library))].join('\n');
    const functions = this.scripts.map((s, i) => `S[${i + 1}] = function(KEYS, ARGV)\n${s.body}\nend\n`);
    return `${libraries}\nlocal S = {}\n${functions.join('')}${RUN_BATCH}`;
  }

  /** The outcomes of a batch of `count` calls, from the batch script's reply. */
  decode(reply: unknown, count: number): BatchOutcome[] {
    if (!Array.isArray(reply) || reply.length !== count) throw new Error('Redis answered a malformed batch.');
    return reply.map((entry): BatchOutcome => {
      if (!Array.isArray(entry)) return { ok: false, error: 'Redis answered a malformed batch entry.' };
      return entry[0] === 1 ? { ok: true, value: entry[1] ?? null } : { ok: false, error: String(entry[1]) };
    });
  }

  private indexOf(script: RedisScript): number {
    let index = this.indexes.get(script);
    if (index === undefined) {
      this.scripts.push(script);
      index = this.scripts.length;
      this.indexes.set(script, index);
      this.built = undefined;
    }
    return index;
  }
}
