import { liveStoredData, liveStoredValue } from '../src/value';

describe('liveStoredData', () => {
  const now = 1_700_000_000_000;
  it.each([
    ['live, no version', `${now + 1} \n{"a":1}`],
    ['live, with a version', `${now + 1} v1\n{"a":1}\nmore`],
    ['expired now', `${now} \n{"a":1}`],
    ['expired', `${now - 5} v1\n{}`],
    ['no newline', `${now + 1} v1`],
    ['no space', `${now + 1}\n{}`],
    ['space after the newline', `${now + 1}\n {}`],
    ['not a number', 'soon \n{}'],
    ['not an integer', `${now + 0.5} \n{}`],
    ['absent', null],
  ])('is liveStoredValue(…)?.data: %s', (_, text) => {
    expect(liveStoredData(text, now)).toBe(liveStoredValue(text, now)?.data ?? null);
  });
});
