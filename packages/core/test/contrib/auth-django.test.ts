import { MemoryEngine, SessionManager } from '@sessionkit/core';
import { createAuth, sessionAuthHash } from '@sessionkit/core/auth';
import { djangoAvailable, runDjango } from './django';
import { SECRET, visit } from './support';

const maybe = djangoAvailable() ? describe : describe.skip;

maybe('_auth_user_hash interop with real Django', () => {
  const passwords = [
    'pbkdf2_sha256$260000$abc$Zm9v',
    '!unusable',
    '',
    'argon2$argon2id$v=19$m=102400,t=2,p=8$c2FsdA$aGFzaA',
  ];

  it('equals User(password=...).get_session_auth_hash() and salted_hmac(...).hexdigest()', () => {
    const django = runDjango<[string[], string[]]>(
      [
        'from django.contrib.auth.models import User',
        'from django.utils.crypto import salted_hmac',
        'salt = "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash"',
        'print(json.dumps([',
        '  [User(password=p).get_session_auth_hash() for p in args["passwords"]],',
        '  [salted_hmac(salt, p, secret=args["secret"], algorithm="sha256").hexdigest() for p in args["passwords"]],',
        ']))',
      ].join('\n'),
      { secret: SECRET, passwords },
    );
    const ours = passwords.map((p) => sessionAuthHash(p, SECRET));
    expect(ours).toEqual(django[0]);
    expect(ours).toEqual(django[1]);
  });

  it('a session logged in by Django is logged in here (and the stored fields match Django)', async () => {
    const user = { id: 7, password: passwords[0] as string };
    const djangoSession = runDjango<Record<string, string>>(
      [
        'from django.utils.crypto import salted_hmac',
        'salt = "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash"',
        'h = salted_hmac(salt, args["password"], secret=args["secret"], algorithm="sha256").hexdigest()',
        'print(json.dumps({"_auth_user_id": "7", "_auth_user_backend": "django.contrib.auth.backends.ModelBackend", "_auth_user_hash": h}))',
      ].join('\n'),
      { secret: SECRET, password: user.password },
    );
    const manager = new SessionManager({ engine: new MemoryEngine() });
    const auth = createAuth({ secret: SECRET, loadUser: (id) => (id === '7' ? user : null) });
    const k = await visit(manager, undefined, (s) => s.update(djangoSession));
    await visit(manager, k, async (s) => expect(await auth.getUser(s)).toBe(user));
    let ours: unknown;
    await visit(manager, undefined, async (s) => {
      await auth.login(s, user);
      ours = s.toData();
    });
    expect(ours).toEqual(djangoSession);
  });
});
