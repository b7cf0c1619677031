import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { ConfigError } from '../errors.js';
import type { ClearExpiredOptions } from './types.js';

/** Records `clearExpired` removes per batch unless told otherwise. */
export const DEFAULT_BATCH_SIZE = 1000;

/**
 * Removes up to `limit` expired records in one short store call and resolves to how many it
 * removed. Fewer than `limit` means nothing expired is left.
 */
export type RemoveExpiredBatch = (limit: number) => Promise<number>;

/**
 * The shared `clearExpired` loop: validates `batchSize` (`ConfigError`), runs `removeBatch`
 * until a batch comes back short, reports the running total through `onProgress` after every
 * batch that removed something, and yields to the event loop between batches. An aborted
 * `signal` rejects with `signal.reason` before the next batch: an already-aborted signal
 * removes nothing, and what earlier batches removed stays removed (and was reported).
 */
export async function clearExpiredInBatches(
  options: ClearExpiredOptions | undefined,
  removeBatch: RemoveExpiredBatch,
): Promise<number> {
  const { batchSize = DEFAULT_BATCH_SIZE, onProgress, signal } = options ?? {};
  if (!Number.isSafeInteger(batchSize) || batchSize <= 0) {
    throw new ConfigError(`batchSize must be a positive whole number, not ${String(batchSize)}`);
  }
  if (onProgress !== undefined && typeof onProgress !== 'function') {
    throw new ConfigError('onProgress must be a function');
  }
  let removed = 0;
  for (;;) {
    signal?.throwIfAborted();
    const batch = await removeBatch(batchSize);
    removed += batch;
    if (batch > 0) onProgress?.(removed);
    if (batch < batchSize) return removed;
    // Let requests in between batches (a synchronous store blocks while a batch runs).
    await yieldToEventLoop();
  }
}
