import { MemoryEngine, SessionManager } from '@sessionkit/core';
import { createCsrf, unmaskCsrfToken } from '@sessionkit/core/csrf';
import { djangoAvailable, runDjango } from './django';
import { SECRET } from './support';

const maybe = djangoAvailable() ? describe : describe.skip;

maybe('CSRF masking interop with real Django', () => {
  it('tokens Django masks verify here; tokens masked here unmask in Django', async () => {
    const session = new SessionManager({ engine: new MemoryEngine() }).open(undefined);
    const csrf = createCsrf();
    const ours = [await csrf.getToken(session), await csrf.getToken(session)];
    const secret = unmaskCsrfToken(ours[0] as string);
    const django = runDjango<{ masked: string[]; unmasked: string[] }>(
      [
        'from django.middleware.csrf import _mask_cipher_secret, _unmask_cipher_token',
        'print(json.dumps({',
        '  "masked": [_mask_cipher_secret(args["csrf"]) for _ in range(3)],',
        '  "unmasked": [_unmask_cipher_token(t) for t in args["tokens"]],',
        '}))',
      ].join('\n'),
      { secret: SECRET, csrf: secret, tokens: ours },
    );
    expect(django.unmasked).toEqual([secret, secret]);
    for (const token of django.masked) {
      expect(await csrf.verify(session, { method: 'POST', secure: false, host: 'h', headerToken: token })).toEqual({
        ok: true,
      });
    }
  });
});
