import {
  decodeStoredValue,
  encodeStoredValue,
  expiryText,
  HEADER_END,
  liveStoredData,
  liveStoredValue,
} from '../src/value';

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

describe('the expiry in the header', () => {
  it('is written as String() writes it, whatever the number', () => {
    const samples = [
      0,
      1,
      99_999_999,
      100_000_000,
      100_000_001,
      109_999_999,
      1_700_000_000_001,
      1_700_000_000_000,
      1_700_012_345_678,
      1_796_691_017_612,
      8_640_000_000_000_000,
      Number.MAX_SAFE_INTEGER,
      Number.MAX_SAFE_INTEGER + 1,
      -1,
      -1_700_000_000_000,
      1_700_000_000_000.5,
      Number.NaN,
      Infinity,
    ];
    // And a spread of low halves, padded or not.
    for (let low = 1; low < 100_000_000; low *= 7) samples.push(1_700_000_000_000 + low);
    const wrong = samples.filter((ms) => expiryText(ms) !== String(ms));
    expect(wrong).toEqual([]);
  });

  it.each([
    ['a plus sign', '+1700000000001'],
    ['a minus sign', '-1700000000001'],
    ['a leading space', ' 1700000000001'],
    ['an exponent', '1.7e12'],
    ['hexadecimal', '0x18BCFE56801'],
    ['nothing', ''],
    ['beyond 2^53', '90071992547409930'],
  ])('that is not decimal digits of a safe integer leaves the value undecodable: %s', (_, expiry) => {
    expect(decodeStoredValue(`${expiry} v1\t{}`)).toBeNull();
    expect(liveStoredData(`${expiry} v1\t{}`, 0)).toBeNull();
  });

  it('round-trips, leading zeros and all', () => {
    expect(decodeStoredValue('0001700000000001 \t{}')?.expiresAt).toBe(1_700_000_000_001);
    const value = { expiresAt: 1_700_000_000_001, version: '', data: '{}' };
    expect(decodeStoredValue(encodeStoredValue(value))).toEqual(value);
  });
});
