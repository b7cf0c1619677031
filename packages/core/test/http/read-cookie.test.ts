import { parse } from 'cookie';
import { readSessionCookie } from '../../src/http/read-cookie.js';

/** What cookie.parse (the reference) gives the name, values kept raw as the session needs them. */
const reference = (text: string, name: string): string | undefined =>
  text === '' ? undefined : parse(text, { decode: (value) => value })[name];

describe('readSessionCookie', () => {
  it.each([
    ['sessionid=abc', 'abc'],
    ['a=1; sessionid=abc; b=2', 'abc'],
    ['a=1;sessionid=abc', 'abc'],
    ['a=1;\t sessionid= abc \t;b', 'abc'],
    ['sessionid=first; sessionid=second', 'first'],
    ['mysessionid=x; sessionid=y', 'y'],
    ['a=sessionid=x; sessionid=y', 'y'],
    ['sessionid =spaced', 'spaced'],
    ['sessionid', undefined],
    ['flag; sessionid=after-flag', 'after-flag'],
    ['sessionid=', ''],
    ['sessionid="quoted"', '"quoted"'],
    ['sessionid=a%20b', 'a%20b'],
    ['other=1', undefined],
  ])('%p gives %p, as cookie.parse does', (header, expected) => {
    expect(readSessionCookie(header, 'sessionid')).toBe(expected);
    expect(reference(header, 'sessionid')).toBe(expected);
  });

  it('joins a list of Cookie lines as node:http does', () => {
    expect(readSessionCookie(['a=1', 'sessionid=abc'], 'sessionid')).toBe('abc');
    expect(readSessionCookie(null, 'sessionid')).toBeUndefined();
    expect(readSessionCookie(undefined, 'sessionid')).toBeUndefined();
    expect(readSessionCookie('', 'sessionid')).toBeUndefined();
  });

  it('agrees with cookie.parse on 20,000 generated headers', () => {
    // Headers built from the pieces that decide a pair's bounds: separators, blanks, the name and
    // near misses of it. A fixed seed, so a failure names a header that can be replayed.
    const pieces = ['sessionid', 'session', 'id', 'xsessionid', '=', '=', ';', '; ', ' ', '\t', 'a', 'v1', '"', '%'];
    let seed = 0x2f6b_1d3;
    const next = (below: number): number => {
      seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
      return seed % below;
    };
    for (let i = 0; i < 20_000; i++) {
      let header = '';
      const length = next(12);
      for (let j = 0; j < length; j++) header += pieces[next(pieces.length)];
      for (const name of ['sessionid', 'id', 's']) {
        const got = readSessionCookie(header, name);
        if (got !== reference(header, name)) {
          throw new Error(`${JSON.stringify(header)} / ${name}: ${got} vs ${reference(header, name)}`);
        }
      }
    }
  });
});
