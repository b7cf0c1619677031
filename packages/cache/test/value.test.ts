import { decodeStoredValue, encodeStoredValue, HEADER_END, liveStoredData, liveStoredValue } from '../src/value';

describe('liveStoredData', () => {
  const now = 1_700_000_000_000;
  it.each([
    ['live, no version', `${now + 1} \t{"a":1}`],
    ['live, with a version', `${now + 1} v1\t{"a":1}\tmore`],
    ['expired now', `${now} \t{"a":1}`],
    ['expired', `${now - 5} v1\t{}`],
    ['no tab', `${now + 1} v1`],
    ['no space', `${now + 1}\t{}`],
    ['space after the tab', `${now + 1}\t {}`],
    ['not a number', 'soon \t{}'],
    ['not an integer', `${now + 0.5} \t{}`],
    ['a newline ending the header (not ours)', `${now + 1} v1\n{"a":1}`],
    ['absent', null],
  ])('is liveStoredValue(…)?.data: %s', (_, text) => {
    expect(liveStoredData(text, now)).toBe(liveStoredValue(text, now)?.data ?? null);
  });
});

describe('the stored header', () => {
  it('ends at a tab, which the memcached client stores as it is (it escapes CR and LF)', () => {
    expect(HEADER_END).toBe('\t');
    const value = { expiresAt: 1_700_000_000_001, version: 'v1', data: '{"a":"x\\ny"}' };
    const text = encodeStoredValue(value);
    expect(text).toBe('1700000000001 v1\t{"a":"x\\ny"}');
    expect(/[\r\n]/.test(text)).toBe(false);
    expect(decodeStoredValue(text)).toEqual(value);
  });
});
