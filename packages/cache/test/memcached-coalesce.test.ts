import { describeWithBinaries } from '@sessionkit/test-services';
import Memcached from 'memcached';
import { guardMemcachedReconnect, sessionMemcachedDefaults } from '@sessionkit/cache';
import { memcachedWriteCoalescer } from '../src/memcached/coalesce';
import { memcachedServer } from './support/memcached';
import { uniquePrefix } from './support/names';

const INSTALL = 'memcached (apt-get install memcached)';

interface Pooled {
  connections: Record<string, { pool?: Array<{ writableCorked: number }> } | undefined>;
}

/**
 * When the engine's own `memcached` client corks its pooled sockets (src/memcached/coalesce.ts),
 * seen on a real server through the sockets' `writableCorked`: right after a command is sent,
 * its write is held for the tick (corked) or already on its way (not corked).
 */
describeWithBinaries(['memcached'], INSTALL, 'cache engine on Memcached: one write per tick', () => {
  const server = memcachedServer();
  const key = uniquePrefix('coalesce');
  let client: Memcached;
  let beforeSend: () => void;

  const corkedSockets = (): number => {
    let count = 0;
    for (const connection of Object.values((client as unknown as Pooled).connections)) {
      for (const socket of connection?.pool ?? []) if (socket.writableCorked > 0) count += 1;
    }
    return count;
  };
  const get = (): Promise<unknown> => {
    beforeSend();
    return new Promise((resolve, reject) => client.get(key, (error, data) => (error ? reject(error) : resolve(data))));
  };

  beforeEach(async () => {
    client = new Memcached([`127.0.0.1:${server.current().port}`], sessionMemcachedDefaults(1000, 1024 * 1024));
    guardMemcachedReconnect(client, 1000);
    beforeSend = memcachedWriteCoalescer(client);
    await new Promise<void>((resolve, reject) =>
      client.set(key, 'v', 60, (error) => (error ? reject(error) : resolve())),
    );
  });
  afterEach(() => client.end());

  /** One query alone, then a lone query: written at once, not corked. */
  const expectLoneWrittenAtOnce = async (): Promise<void> => {
    expect(await get()).toBe('v');
    const lone = get();
    expect(corkedSockets()).toBe(0);
    expect(await lone).toBe('v');
  };

  it('one request at a time: after a read that answered one query, the next is written at once', async () => {
    await expectLoneWrittenAtOnce();
  });

  it('while another query awaits its reply, a query is corked until the next tick', async () => {
    const first = get();
    const second = get();
    expect(corkedSockets()).toBeGreaterThan(0);
    expect(await Promise.all([first, second])).toEqual(['v', 'v']);
  });

  it('after a read that answered several callers, their next queries share one write', async () => {
    // Sent in one write, the two are read by the server together and answered in one read.
    expect(await Promise.all([get(), get()])).toEqual(['v', 'v']);
    const first = get();
    expect(corkedSockets()).toBeGreaterThan(0);
    const second = get();
    expect(await Promise.all([first, second])).toEqual(['v', 'v']);
    // After one more query alone, a lone query goes at once again.
    await expectLoneWrittenAtOnce();
  });
});
