import { ConfigError, DEFAULT_SETTINGS, resolveSettings } from '@sessionkit/core';

describe('settings', () => {
  it("defaults to Django's", () => {
    expect(resolveSettings()).toEqual({
      cookie: { name: 'sessionid', age: 1_209_600, path: '/', domain: undefined, secure: false, httpOnly: true, sameSite: 'Lax', partitioned: false },
      expireAtBrowserClose: false,
      saveEveryRequest: false,
    });
    expect(DEFAULT_SETTINGS.cookie.name).toBe('sessionid');
  });

  const invalid: [string, Parameters<typeof resolveSettings>[0]][] = [
    ['a name with ;', { cookie: { name: 'a;b' } }],
    ['a name with a space', { cookie: { name: 'a b' } }],
    ['a path with CRLF', { cookie: { path: '/\r\nX: y' } }],
    ['a path with ;', { cookie: { path: '/;domain=evil' } }],
    ['a relative path', { cookie: { path: 'app' } }],
    ['a 2 KB domain', { cookie: { domain: `${'a'.repeat(2048)}.com` } }],
    ['a non-ASCII domain', { cookie: { domain: 'exämple.com' } }],
    ['SameSite=None without Secure', { cookie: { sameSite: 'None' } }],
    ['__Host- without Secure', { cookie: { name: '__Host-sid' } }],
    ['__Host- with a domain', { cookie: { name: '__Host-sid', secure: true, domain: 'example.com' } }],
    ['__Host- with a path', { cookie: { name: '__Host-sid', secure: true, path: '/app' } }],
    ['__Secure- without Secure', { cookie: { name: '__Secure-sid' } }],
    ['a zero age', { cookie: { age: 0 } }],
    ['a fractional age', { cookie: { age: 1.5 } }],
    ['a bad SameSite', { cookie: { sameSite: 'lax' as never } }],
  ];

  it.each(invalid)('rejects %s at start-up with ConfigError', (_label, input) => {
    expect(() => resolveSettings(input)).toThrow(ConfigError);
  });

  it('accepts a well-formed __Host- cookie', () => {
    expect(resolveSettings({ cookie: { name: '__Host-sid', secure: true } }).cookie.name).toBe('__Host-sid');
  });
});
