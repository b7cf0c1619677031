import { createHash } from 'node:crypto';

/** A Lua script run by its SHA1 (EVALSHA), falling back to EVAL when the server has not cached it. */
export interface LuaScript {
  readonly source: string;
  readonly sha: string;
}

function script(source: string): LuaScript {
  return { source, sha: createHash('sha1').update(source).digest('hex') };
}

/**
 * load: the value and its remaining TTL in ms, atomically, in one round trip (GET alone cannot
 * say when the record expires, and `touch` moves only the TTL).
 */
export const LOAD_SCRIPT = script(`local v = redis.call('GET', KEYS[1])
if not v then return false end
return {v, redis.call('PTTL', KEYS[1])}`);

/**
 * update with expectedVersion: the stored value starts with its version token and a newline.
 * Returns 1 written, 0 no record, -1 another version (a record without a token never matches).
 * A TTL of zero or less (an expiry already past) deletes instead.
 */
export const CAS_SCRIPT = script(`local v = redis.call('GET', KEYS[1])
if not v then return 0 end
local nl = string.find(v, '\\n', 1, true)
if not nl or nl == 1 or string.sub(v, 1, nl - 1) ~= ARGV[1] then return -1 end
if tonumber(ARGV[3]) > 0 then redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) else redis.call('DEL', KEYS[1]) end
return 1`);
