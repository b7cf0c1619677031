import { randomBytes } from 'node:crypto';
import { MemoryEngine, type Session, type SessionData, SessionManager } from '@sessionkit/core';
import { createMessages, type Message, type MessagesOptions, NOT_FINISHED, SUCCESS } from '@sessionkit/core/messages';
import { SECRET } from './support';

/** A browser: the session cookie and the messages cookie, carried between requests. */
function browser(options: Partial<MessagesOptions> = {}) {
  const engine = new MemoryEngine();
  const manager = new SessionManager({ engine });
  const messages = createMessages({ secret: SECRET, ...options });
  const jar: { session?: string; messages?: string } = {};
  const headers: (string | null)[] = [];
  async function request(
    handler: (m: ReturnType<typeof messages.open>, s: Session<SessionData>) => Promise<void> | void,
  ) {
    const session = manager.open(jar.session);
    const flash = messages.open({ cookie: jar.messages, session });
    await handler(flash, session);
    const { setCookie, unstored } = await flash.update();
    headers.push(setCookie);
    if (setCookie !== null) {
      const value = /^messages=([^;]*)/.exec(setCookie)?.[1] ?? '';
      if (value === '') delete jar.messages;
      else jar.messages = value;
    }
    const commit = await manager.commit(session, 200);
    if (commit.action === 'set') jar.session = session.key as string;
    if (commit.action === 'delete') delete jar.session;
    return unstored;
  }
  const texts = (list: Message[]) => list.map((m) => m.message);
  return { engine, jar, headers, request, texts };
}

const noise = (bytes: number) => randomBytes(bytes).toString('hex');

describe('messages', () => {
  it('survive a redirect and show once', async () => {
    const b = browser();
    await b.request((m) => m.success('Saved.'));
    expect(b.jar.messages).toBeDefined();
    expect(b.jar.session).toBeUndefined(); // the cookie sufficed: no session record
    let shown: Message[] = [];
    await b.request(async (m) => {
      shown = await m.consume();
    });
    expect(b.texts(shown)).toEqual(['Saved.']);
    expect(shown[0]?.level).toBe(SUCCESS);
    expect(shown[0]?.tags).toBe('success');
    expect(b.headers.at(-1)).toMatch(
      /^messages=; Max-Age=0; Path=\/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax$/,
    );
    await b.request(async (m) => expect(await m.consume()).toEqual([]));
  });

  it('stay until read, and new ones join the old', async () => {
    const b = browser();
    await b.request((m) => m.info('one'));
    await b.request(async (m) => expect(await m.count()).toBe(1));
    expect(b.headers.at(-1)).toBeNull();
    await b.request((m) => m.warning('two', 'wide'));
    const shown: Message[] = [];
    await b.request(async (m) => {
      for await (const message of m) shown.push(message);
    });
    expect(b.texts(shown)).toEqual(['one', 'two']);
    expect(shown[1]?.tags).toBe('wide warning');
  });

  it('overflow to the session in order, with nothing lost, and both are cleared once read', async () => {
    const b = browser();
    const sent = Array.from({ length: 60 }, (_, i) => `message ${i}: ${noise(30)}`);
    await b.request((m) => {
      for (const text of sent) m.error(text);
    });
    expect((b.jar.messages as string).length).toBeLessThanOrEqual(2048);
    expect(b.jar.session).toBeDefined();
    const stored = (await b.engine.load(b.jar.session as string))?.data._messages;
    expect(typeof stored).toBe('string');
    let shown: Message[] = [];
    await b.request(async (m) => {
      shown = await m.consume();
    });
    expect(b.texts(shown)).toEqual(sent);
    expect(b.jar.messages).toBeUndefined();
    await b.request(async (m) => expect(await m.consume()).toEqual([]));
  });

  it('ignore a tampered cookie and remove it', async () => {
    const b = browser();
    await b.request((m) => m.success('real'));
    const value = b.jar.messages as string;
    b.jar.messages = `${value.slice(0, -2)}${value.endsWith('AA') ? 'BB' : 'AA'}`;
    await b.request(async (m) => expect(await m.consume()).toEqual([]));
    expect(b.headers.at(-1)).toMatch(/^messages=;/);
  });

  it('reject a cookie signed with another secret, accept one signed with a fallback', async () => {
    const OTHER = 'another-secret-0123456789abcdefghijklmnopqrstuvwxyz';
    const writer = createMessages({ secret: OTHER, storage: 'cookie' }).open({});
    writer.info('hello');
    const cookie = /^messages=([^;]*)/.exec((await writer.update()).setCookie as string)?.[1];
    const strict = createMessages({ secret: SECRET, storage: 'cookie' }).open({ cookie });
    expect(await strict.consume()).toEqual([]);
    const rotated = createMessages({ secret: SECRET, fallbackSecrets: [OTHER], storage: 'cookie' }).open({ cookie });
    expect((await rotated.consume()).map(String)).toEqual(['hello']);
  });

  it('honour the level and skip empty messages', async () => {
    const b = browser({ level: 25 });
    await b.request((m) => {
      m.debug('no');
      m.info('no');
      m.add(25, '');
      m.success('yes');
    });
    await b.request(async (m) => expect(b.texts(await m.consume())).toEqual(['yes']));
  });

  it('cookie storage alone drops the oldest and reports them', async () => {
    const b = browser({ storage: 'cookie' });
    const sent = Array.from({ length: 60 }, (_, i) => `message ${i}: ${noise(30)}`);
    const unstored = await b.request((m) => {
      for (const text of sent) m.info(text);
    });
    expect(unstored.length).toBeGreaterThan(0);
    let shown: Message[] = [];
    await b.request(async (m) => {
      shown = await m.consume();
    });
    expect([...b.texts(unstored), ...b.texts(shown)]).toEqual(sent);
  });

  it('session storage keeps them under _messages, with no cookie', async () => {
    const b = browser({ storage: 'session' });
    await b.request((m) => m.success('in session'));
    expect(b.jar.messages).toBeUndefined();
    expect((await b.engine.load(b.jar.session as string))?.data._messages).toBe(
      '[["__json_message", 0, 25, "in session"]]',
    );
    await b.request(async (m) => expect(b.texts(await m.consume())).toEqual(['in session']));
    // As in Django, the emptied session keeps its key; only `_messages` is gone.
    expect((await b.engine.load(b.jar.session as string))?.data).toEqual({});
  });

  it('need a session for the session-backed storages', () => {
    const messages = createMessages({ secret: SECRET });
    expect(() => messages.open({})).toThrow(/requires a session/);
    expect(() => createMessages({ secret: SECRET, storage: 'cookie' }).open({})).not.toThrow();
  });

  it('the sentinel marks a partial cookie', async () => {
    const b = browser();
    await b.request((m) => {
      for (let i = 0; i < 60; i++) m.info(`${i} ${noise(30)}`);
    });
    const payload = (b.jar.messages as string).split(':')[0] as string;
    const json = payload.startsWith('.')
      ? require('node:zlib')
          .inflateSync(Buffer.from(payload.slice(1), 'base64url'))
          .toString()
      : Buffer.from(payload, 'base64url').toString();
    expect(json.endsWith(`"${NOT_FINISHED}"]`)).toBe(true);
  });
});
