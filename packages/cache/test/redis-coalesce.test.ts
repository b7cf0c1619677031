import { describeWithService } from '@sessionkit/test-services';
import { Redis } from 'ioredis';
import { EARLY_WRITE_AT, writeCoalescer } from '../src/redis/coalesce';
import { uniquePrefix } from './support/names';
import { until } from './support/until';

/**
 * When the engine's own single-node client corks its socket (src/redis/coalesce.ts), seen on a
 * real server through the socket's `writableCorked`: right after a command is sent, the
 * write is held for the tick (corked) or already on its way (not corked).
 */
describeWithService('redis', 'cache engine on Redis: one write per tick', (url) => {
  let client: Redis;
  let beforeSend: () => void;
  const key = uniquePrefix('coalesce');
  const corked = (): number => client.stream?.writableCorked ?? -1;

  beforeEach(async () => {
    client = new Redis(url);
    beforeSend = writeCoalescer(client);
    await client.set(key, 'v', 'PX', 60_000);
  });
  afterEach(async () => {
    await client.del(key);
    client.disconnect();
  });

  /** One round trip alone, then a lone command: written at once, not corked. */
  const expectLoneWrittenAtOnce = async (): Promise<void> => {
    beforeSend();
    expect(await client.get(key)).toBe('v');
    beforeSend();
    const lone = client.get(key);
    expect(corked()).toBe(0);
    expect(await lone).toBe('v');
  };

  it('one request at a time: after a read that answered one command, the next is written at once', async () => {
    await expectLoneWrittenAtOnce();
  });

  it('while others wait for replies, a command is corked until the next tick', async () => {
    beforeSend();
    const first = client.get(key);
    beforeSend();
    const second = client.get(key);
    expect(corked()).toBe(1);
    expect(await Promise.all([first, second])).toEqual(['v', 'v']);
  });

  it(`in a large tick, the ${EARLY_WRITE_AT}th command held writes those before it at once; the rest wait for the tick`, async () => {
    const held = (): number => client.stream?.writableLength ?? -1;
    const replies: Promise<string | null>[] = [];
    beforeSend();
    replies.push(client.get(key));
    for (let sent = 1; sent < EARLY_WRITE_AT; sent++) {
      beforeSend();
      replies.push(client.get(key));
    }
    // All but the first (written at once: none awaited a reply) are still held (EARLY_WRITE_AT - 1).
    expect(corked()).toBe(1);
    expect(held()).toBeGreaterThan(0);
    beforeSend();
    expect(held()).toBe(0);
    expect(corked()).toBe(1);
    replies.push(client.get(key));
    beforeSend();
    replies.push(client.get(key));
    expect(held()).toBeGreaterThan(0);
    expect(await Promise.all(replies)).toEqual(Array(EARLY_WRITE_AT + 2).fill('v'));
  });

  it('after a read that answered several callers, their next commands share one write', async () => {
    // A pipeline is one write, so the server answers its three GETs in one read.
    beforeSend();
    await client.pipeline().get(key).get(key).get(key).exec();
    beforeSend();
    const first = client.get(key);
    expect(corked()).toBe(1);
    beforeSend();
    const second = client.get(key);
    expect(corked()).toBe(1);
    expect(await Promise.all([first, second])).toEqual(['v', 'v']);
    // That read answered two: after one more round trip alone, a lone command goes at once again.
    await expectLoneWrittenAtOnce();
  });

  it('replies of one batch in two reads still count as several: the next commands share one write', async () => {
    // Made certain with the real server: the client's socket is paused while both replies
    // arrive, so each waits in its own chunk and comes out as a read of its own on resume.
    const stream = client.stream;
    if (stream === undefined) throw new Error('no stream');
    stream.pause();
    beforeSend();
    const first = client.get(key);
    await until(() => stream.readableLength > 0);
    const afterFirst = stream.readableLength;
    beforeSend();
    const second = client.get(key);
    await until(() => stream.readableLength > afterFirst);
    stream.resume();
    expect(await Promise.all([first, second])).toEqual(['v', 'v']);
    beforeSend();
    const next = client.get(key);
    expect(corked()).toBe(1);
    expect(await next).toBe('v');
    await expectLoneWrittenAtOnce();
  });
});
