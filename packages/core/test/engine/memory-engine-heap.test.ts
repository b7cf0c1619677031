import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { MemoryEngine } from '@sessionkit/core';

setFlagsFromString('--expose-gc');
const fullGc = runInNewContext('gc') as () => void;

const oldSpaceUsed = (): number =>
  getHeapSpaceStatistics().find((space) => space.space_name === 'old_space')?.space_used_size ?? 0;

const VISITORS = 8;
const key = (i: number) => `heapvisitor${String(i).padStart(21, '0')}`;
const record = (n: number) => ({ data: { n, text: 'x'.repeat(1000) }, expiresAt: new Date(Date.now() + 3_600_000) });

describe('MemoryEngine under steady use', () => {
  // The engine used to renew a record's place in its Map by deleting and setting it again on
  // every use. V8 then rebuilt the Map's hash table every few uses, and each retired table points
  // at its successor: after one full GC, that chain held every new table and the records in it
  // alive until they were promoted, so old space grew by about the size of every record written
  // until the next full GC (~16 MB/s on a server under load, a full GC every 200 ms).
  it('after a full GC, loads and updates of the same sessions leave the old generation as it was', async () => {
    const engine = new MemoryEngine({ sweepIntervalMs: 0 });
    for (let i = 0; i < VISITORS; i++) await engine.create(key(i), record(0));
    const useAll = async (rounds: number, onRound?: () => void): Promise<void> => {
      for (let n = 1; n <= rounds; n++) {
        for (let i = 0; i < VISITORS; i++) {
          await engine.load(key(i));
          await engine.update(key(i), record(n));
        }
        if (n % 100 === 0) onRound?.();
      }
    };
    await useAll(500);
    fullGc(); // everything live is in the old generation now, the records' table included
    const before = oldSpaceUsed();
    let grown = 0;
    // 2,500 × 8 records of ~1 KB: ~20 MB written, all of it garbage at once but for the last 8.
    await useAll(2500, () => {
      grown = Math.max(grown, oldSpaceUsed() - before);
    });
    expect(grown).toBeLessThan(2 * 1024 * 1024);
    await engine.close();
  });
});
