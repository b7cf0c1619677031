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
 * update with expectedVersion. The stored value is "<expiresAt> <version>\t<data>" (value.ts).
 * Returns 1 written, 0 no record, -1 another version (a record without a token never matches).
 * A TTL of zero or less (an expiry already past) deletes instead.
 */
export const CAS_SCRIPT = script(`local v = redis.call('GET', KEYS[1])
if not v then return 0 end
local sp = string.find(v, ' ', 1, true)
local e = string.find(v, '\\t', 1, true)
if not sp or not e or sp > e or e == sp + 1 or string.sub(v, sp + 1, e - 1) ~= ARGV[1] then return -1 end
if tonumber(ARGV[3]) > 0 then redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) else redis.call('DEL', KEYS[1]) end
return 1`);

/**
 * touch: rewrites the expiry at the head of the value and the key's TTL together, keeping
 * version and data (a value without that head, not ours, only gets the TTL). Returns 1 moved (or ended, when the TTL is zero or less), 0 no record.
 */
export const TOUCH_SCRIPT = script(`local v = redis.call('GET', KEYS[1])
if not v then return 0 end
local sp = string.find(v, ' ', 1, true)
if not sp then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
if tonumber(ARGV[2]) > 0 then redis.call('SET', KEYS[1], ARGV[1] .. string.sub(v, sp), 'PX', ARGV[2]) else redis.call('DEL', KEYS[1]) end
return 1`);
