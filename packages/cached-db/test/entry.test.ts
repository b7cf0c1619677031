import { JsonRecord } from '@sessionkit/core/engine';
import { liveEntry, liveEntryData, readEntry } from '../src/entry';

const expiresAt = new Date(Date.now() + 3_600_000);
const entryExpiresAt = new Date(Date.now() + 60_000);

describe('liveEntry', () => {
  it.each([
    ['without a version', undefined],
    ['with a version', 'v"1\\'],
  ])('writes the JSON that liveEntryData stringifies to, %s', (_, version) => {
    const record = { data: { user: 7, nested: { list: [1, 'two'] }, ü: 'ß' }, expiresAt, version };
    const entry = liveEntry(JsonRecord.of(record, 'test'), entryExpiresAt);
    expect(entry.json).toBe(JSON.stringify(liveEntryData(record)));
    expect(entry.expiresAt).toBe(entryExpiresAt);
    expect(entry.version).toBeUndefined();
  });

  it('reads back as the record it was written from', () => {
    const record = { data: { user: 7 }, expiresAt, version: 'v1' };
    const read = readEntry(liveEntry(JsonRecord.of(record, 'test'), entryExpiresAt).data);
    expect(read).toEqual(expect.objectContaining({ data: { user: 7 }, expiresAt, version: 'v1' }));
  });
});
