import type { Redis } from 'ioredis';

/** The codes of an attempt to connect that failed: refused, unroutable, unresolved, unanswered. */
const CONNECT_FAILURES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * A check before each command of a single-node client the engine created: from a failed attempt
 * to connect until the client is ready again, a command is refused at once (the engine reports
 * it as EngineUnavailableError, 503) instead of waiting in ioredis's offline queue. There it
 * waited for reconnects to fail: up to about 4 s a call with the session defaults, as retries
 * back off to 2 s. A connection that just dropped (a restart, a failover) still queues commands
 * until an attempt to reconnect fails, so a quick reconnect loses nothing.
 */
export function refuseWhileUnreachable(client: Redis): () => void {
  let failedCode: string | undefined;
  client.on('error', (error: Error) => {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== undefined && CONNECT_FAILURES.has(code)) failedCode = code;
  });
  client.on('ready', () => {
    failedCode = undefined;
  });
  return () => {
    if (failedCode !== undefined && client.status !== 'ready') throw new RedisUnreachableError(failedCode);
  };
}

/** A command not sent: the last attempt to connect failed with `code`, and none has succeeded since. */
export class RedisUnreachableError extends Error {
  constructor(readonly code: string) {
    super(`Redis is unreachable (${code}): the client is reconnecting`);
    this.name = 'RedisUnreachableError';
  }
}
