import { addVaryCookie, privateCacheControl } from '@sessionkit/core';

describe('response header helpers', () => {
  it.each([
    [undefined, 'Cookie'],
    ['Accept-Encoding', 'Accept-Encoding, Cookie'],
    ['accept-encoding, cookie', 'accept-encoding, cookie'],
    ['*', '*'],
  ])('Vary %p becomes %p', (existing, expected) => {
    expect(addVaryCookie(existing)).toBe(expected);
  });

  it.each([
    [undefined, 'private'],
    ['max-age=60', 'private, max-age=60'],
    ['public, max-age=60, s-maxage=600', 'private, max-age=60'],
    ['no-store', 'no-store'],
    ['private, no-cache', 'private, no-cache'],
  ])('Cache-Control %p becomes %p', (existing, expected) => {
    expect(privateCacheControl(existing)).toBe(expected);
  });
});
