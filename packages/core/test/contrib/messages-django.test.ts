import { inflateSync } from 'node:zlib';
import { MemoryEngine, SessionManager } from '@sessionkit/core';
import { createMessages, type Message } from '@sessionkit/core/messages';
import { djangoAvailable, runDjango } from './django';
import { SECRET } from './support';

const maybe = djangoAvailable() ? describe : describe.skip;

const PRELUDE = [
  'from django.core import signing',
  'from django.contrib.messages.storage.base import Message',
  'from django.contrib.messages.storage.cookie import MessageSerializer, CookieStorage',
  'from django.contrib.messages.storage.session import SessionStorage',
  'signer = signing.get_cookie_signer(salt="django.contrib.messages")',
  'def msgs(rows): return [Message(l, t, extra_tags=e) for l, t, e in rows]',
].join('\n');

const rows: [number, string, string][] = [
  [25, 'Profile saved.', ''],
  [40, 'Ünïcödé ✓ "quoted" \\ back', 'urgent wide'],
  [20, 'x'.repeat(300), ''],
];

async function cookieFor(messages: ReturnType<typeof createMessages>): Promise<string> {
  const flash = messages.open({});
  for (const [level, text, tags] of rows) flash.add(level, text, tags);
  const header = (await flash.update()).setCookie as string;
  return /^messages=([^;]*)/.exec(header)?.[1] as string;
}

maybe('messages interop with real Django', () => {
  const cookieOnly = createMessages({ secret: SECRET, storage: 'cookie' });

  it('Django reads our messages cookie', async () => {
    const value = await cookieFor(cookieOnly);
    const read = runDjango<[number, string, string | null][]>(
      `${PRELUDE}\nprint(json.dumps([[m.level, m.message, m.extra_tags] for m in signer.unsign_object(args["value"], serializer=MessageSerializer)]))`,
      { secret: SECRET, value },
    );
    // Django hands back None for tags left out when empty.
    expect(read).toEqual(rows.map(([l, t, e]) => [l, t, e === '' ? null : e]));
  });

  it('our signed JSON is byte-identical to Django’s (zlib streams differ between zlib builds)', async () => {
    const value = await cookieFor(cookieOnly);
    const django = runDjango<string>(
      `${PRELUDE}\nprint(json.dumps(signer.sign_object(msgs(args["rows"]), serializer=MessageSerializer, compress=True)))`,
      { secret: SECRET, rows },
    );
    const json = (signed: string) => {
      const payload = signed.split(':')[0] as string;
      expect(payload.startsWith('.')).toBe(true);
      return inflateSync(Buffer.from(payload.slice(1), 'base64url')).toString('latin1');
    };
    expect(json(value)).toBe(json(django));
  });

  it('we read a cookie Django wrote', async () => {
    const value = runDjango<string>(
      `${PRELUDE}\nprint(json.dumps(signer.sign_object(msgs(args["rows"]), serializer=MessageSerializer, compress=True)))`,
      { secret: SECRET, rows },
    );
    const shown: Message[] = await cookieOnly.open({ cookie: value }).consume();
    expect(shown.map((m) => [m.level, m.message])).toEqual(rows.map(([l, t]) => [l, t]));
    expect(shown[1]?.extraTags).toBe('urgent wide');
  });

  it('the session form is byte-identical to Django’s SessionStorage.serialize_messages', async () => {
    const manager = new SessionManager({ engine: new MemoryEngine() });
    const session = manager.open(undefined);
    const flash = createMessages({ secret: SECRET, storage: 'session' }).open({ session });
    for (const [level, text, tags] of rows) flash.add(level, text, tags);
    await flash.update();
    const django = runDjango<string>(
      `${PRELUDE}\nprint(json.dumps(SessionStorage.serialize_messages(None, msgs(args["rows"]))))`,
      { secret: SECRET, rows },
    );
    expect(await session.get('_messages')).toBe(django);
  });
});
