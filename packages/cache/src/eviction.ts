import type { FullLogger } from '@sessionkit/core/engine';
import type { IoredisClient } from './redis/store.js';

/** The one policy under which Redis never drops a live session to make room. */
const SAFE = 'noeviction';

/**
 * Reads `maxmemory-policy` once and warns when sessions could be evicted (a user logged out at
 * random): under any policy but `noeviction`. `volatile-*` policies evict keys that carry a TTL,
 * and every session key does. CONFIG may be disabled or renamed (managed Redis): then nothing
 * is said.
 */
export async function warnIfEvicting(client: IoredisClient, logger: FullLogger): Promise<void> {
  let reply: unknown;
  try {
    reply = await client.call('CONFIG', 'GET', 'maxmemory-policy');
  } catch {
    return;
  }
  const policy = policyOf(reply);
  if (policy !== undefined && policy !== SAFE) {
    logger.warn(
      `sessionkit cache: Redis maxmemory-policy is ${policy}: sessions may be evicted before they expire (volatile-* policies evict them too: every session key has a TTL). Use noeviction for the sessions' Redis (or pass warnOnEviction: false).`,
      { policy },
    );
  }
}

/** RESP2 gives [name, value]; RESP3 a map. */
function policyOf(reply: unknown): string | undefined {
  if (Array.isArray(reply)) return typeof reply[1] === 'string' ? reply[1] : undefined;
  if (reply instanceof Map) return reply.get('maxmemory-policy') as string | undefined;
  if (typeof reply === 'object' && reply !== null) {
    const value = (reply as Record<string, unknown>)['maxmemory-policy'];
    return typeof value === 'string' ? value : undefined;
  }
  return undefined;
}
