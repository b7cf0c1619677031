import { EngineUnavailableError } from '@sessionkit/core/engine';
import { CallDeadlines, DeadlineQueue } from '../src/deadlines';

/** Pure timing logic: no server involved; calls are promises settled (or not) by the test. */
describe('CallDeadlines (one shared timer for every call under way)', () => {
  it('fails a call that never settles within the deadline plus one sweep', async () => {
    const deadlines = new CallDeadlines('cache:memcached', 200, 20);
    const started = Date.now();
    const outcome = await deadlines.run('load', () => new Promise<never>(() => {})).catch((error: unknown) => error);
    const waited = Date.now() - started;
    expect(outcome).toBeInstanceOf(EngineUnavailableError);
    expect((outcome as Error).message).toBe('[cache:memcached] load timed out after 200 ms');
    expect(waited).toBeGreaterThanOrEqual(195);
    expect(waited).toBeLessThan(200 + 20 + 150);
    expect(deadlines.size).toBe(0);
  });

  it('passes values through, maps driver errors, and stops its timer once nothing is under way', async () => {
    const deadlines = new CallDeadlines('cache:memcached', 1000, 10);
    await expect(deadlines.run('load', async () => 42)).resolves.toBe(42);
    const driverError = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    await expect(deadlines.run('update', () => Promise.reject(driverError))).rejects.toThrow(
      '[cache:memcached] update failed: Error ECONNREFUSED',
    );
    await expect(
      deadlines.run('delete', () => {
        throw new Error('thrown at once');
      }),
    ).rejects.toBeInstanceOf(EngineUnavailableError);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(deadlines.size).toBe(0);
  });

  it('a late answer after the deadline changes nothing; later calls keep their own deadline', async () => {
    const deadlines = new CallDeadlines('cache:memcached', 100, 10);
    let answer: (value: string) => void = () => {};
    const slow = deadlines.run('load', () => new Promise<string>((resolve) => (answer = resolve)));
    await expect(slow).rejects.toThrow('timed out after 100 ms');
    answer('late');
    const fresh = deadlines.run('load', () => new Promise<string>((resolve) => setTimeout(() => resolve('ok'), 50)));
    await expect(fresh).resolves.toBe('ok');
  });
});

describe('CallDeadlines: calls the deadline failed while the client still holds them', () => {
  const never = (): Promise<never> => new Promise<never>(() => {});
  const timedOut = (call: Promise<unknown>): Promise<unknown> => call.catch((error: unknown) => error);

  it('past the limit, new calls fail at once without reaching the client, and resume once it answers', async () => {
    const deadlines = new CallDeadlines('cache:redis', 60, 10, 3);
    const held: ((value: string) => void)[] = [];
    const holding = (): Promise<string> => new Promise<string>((resolve) => held.push(resolve));
    for (const outcome of await Promise.all([1, 2, 3].map(() => timedOut(deadlines.run('create', holding))))) {
      expect((outcome as Error).message).toBe('[cache:redis] create timed out after 60 ms');
    }
    expect(deadlines.overdue).toBe(3);
    // The period's probe goes to the client (and times out too); meanwhile nothing else does.
    const probe = timedOut(deadlines.run('update', never));
    let sent = 0;
    const started = Date.now();
    const refused = await timedOut(deadlines.run('update', async () => ++sent));
    expect(Date.now() - started).toBeLessThan(20);
    expect(sent).toBe(0);
    expect(refused).toBeInstanceOf(EngineUnavailableError);
    expect((refused as Error).message).toBe(
      '[cache:redis] update: the store has not answered 3 calls past their deadline; failing at once until it does',
    );
    expect(String(await probe)).toContain('timed out after 60 ms');
    expect(deadlines.overdue).toBe(4);
    // The client answers two of what it held: under the limit again, calls go through.
    held[0]?.('late');
    held[1]?.('late');
    await new Promise((resolve) => setImmediate(resolve));
    expect(deadlines.overdue).toBe(2);
    await expect(deadlines.run('load', async () => 'fresh')).resolves.toBe('fresh');
    expect(deadlines.overdue).toBe(2);
    deadlines.stop();
  });

  it('at the limit, one probe a deadline goes through; answered in time, it clears the count', async () => {
    const deadlines = new CallDeadlines('cache:redis', 50, 10, 2);
    await Promise.all([1, 2].map(() => timedOut(deadlines.run('create', never))));
    await expect(deadlines.run('load', async () => 'probe')).resolves.toBe('probe');
    expect(deadlines.overdue).toBe(0);
    await expect(deadlines.run('load', async () => 'after')).resolves.toBe('after');
    deadlines.stop();
  });

  it('a driver bounding its own call (start/finish) releases it when its late answer comes', async () => {
    const deadlines = new CallDeadlines('cache:memcached', 40, 10, 5);
    let call: ReturnType<CallDeadlines['start']> | undefined;
    const failed = new Promise((resolve) => {
      call = deadlines.start('load', resolve);
    });
    expect(await failed).toBeInstanceOf(EngineUnavailableError);
    expect(deadlines.overdue).toBe(1);
    expect(call?.finish()).toBe(false);
    expect(deadlines.overdue).toBe(0);
    expect(call?.finish()).toBe(false);
    expect(deadlines.overdue).toBe(0);
    deadlines.stop();
  });
});

describe('DeadlineQueue', () => {
  it('forgets the settled items at its head when the next one is added, before any sweep', () => {
    const items = [{ settled: false }, { settled: false }, { settled: false }];
    const expired: unknown[] = [];
    // A sweep period far beyond the test: only add() can have dropped anything.
    const queue = new DeadlineQueue<{ settled: boolean }>(
      60_000,
      (item) => item.settled,
      (item) => expired.push(item),
      60_000,
    );
    queue.add(items[0] as { settled: boolean });
    queue.add(items[1] as { settled: boolean });
    expect(queue.size).toBe(2);
    (items[1] as { settled: boolean }).settled = true;
    queue.add(items[2] as { settled: boolean });
    // The head is still under way: nothing behind it is dropped yet.
    expect(queue.size).toBe(3);
    (items[0] as { settled: boolean }).settled = true;
    queue.add({ settled: false });
    expect(queue.size).toBe(2);
    queue.stop();
    expect(expired).toEqual([]);
  });
  it('after a burst moves its live items to the front, each still expires by its own deadline', () => {
    type Item = { settled: boolean; id: number };
    const expired: number[] = [];
    const queue = new DeadlineQueue<Item>(
      1000,
      (item) => item.settled,
      (item) => expired.push(item.id),
      60_000,
    );
    const start = Date.now();
    const burst = Array.from({ length: 3000 }, (_, id) => ({ settled: false, id }));
    for (const item of burst) queue.add(item);
    // The first 2,000 answered: the next add drops them and moves the other 1,000 forward.
    for (const item of burst.slice(0, 2000)) item.settled = true;
    const late = { settled: false, id: 3000 };
    queue.add(late);
    expect(queue.size).toBe(1001);
    (burst[2500] as Item).settled = true;
    queue.sweep(start + 500);
    expect(expired).toEqual([]);
    queue.sweep(Date.now() + 1000);
    expect(expired).toEqual([
      ...burst
        .slice(2000)
        .filter((item) => item.id !== 2500)
        .map((item) => item.id),
      3000,
    ]);
    expect(queue.size).toBe(0);
    // Empty again: a new item starts from the first slot, with its own deadline.
    queue.add({ settled: false, id: 4000 });
    expect(queue.size).toBe(1);
    queue.sweep(Date.now() + 1000);
    expect(expired.at(-1)).toBe(4000);
    queue.stop();
  });
});
