import type { CaseContext } from '../case.js';

export const EXPIRED_COUNT = 6;
export const BATCH_SIZE = 2;

/** Six records that expire at +1 s (one at +0.5 s), three that outlive it; the clock then moves 1 s. */
export async function seedExpiredAndLive({ seed, clock }: CaseContext): Promise<string[]> {
  for (let i = 0; i < EXPIRED_COUNT - 1; i++) await seed({ doomed: i }, 1000);
  await seed({ doomed: 'early' }, 500);
  const live = [await seed({ live: 'by 1 ms' }, 1001), await seed({ live: 'by a second' }, 2000)];
  live.push(await seed({ live: 'by an hour' }, 3_600_000));
  clock.advance(1000);
  return live;
}
