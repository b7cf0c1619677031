import { JsonRecord } from '@sessionkit/core/engine';
import { LIVE_ENTRY_VERSION, liveEntry, liveEntryData, readEntry } from '../src/entry';

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
    // The cache's own token marks the entry live (the db's version is inside the data).
    expect(entry.version).toBe(LIVE_ENTRY_VERSION);
  });

  it('reads back as the record it was written from', () => {
    const record = { data: { user: 7 }, expiresAt, version: 'v1' };
    const read = readEntry(liveEntry(JsonRecord.of(record, 'test'), entryExpiresAt).data);
    expect(read).toEqual(expect.objectContaining({ data: { user: 7 }, expiresAt, version: 'v1' }));
  });
});

describe('liveEntry byte count', () => {
  it.each([
    ['ASCII, no version', { user: 7 }, undefined],
    ['non-ASCII data and version', { name: 'Zoë ß 😀', list: ['ü'] }, 'vé"1'],
  ])('is the entry JSON in UTF-8 bytes, counted when first read: %s', (_, data, version) => {
    const record = JsonRecord.of({ data, expiresAt, ...(version === undefined ? {} : { version }) }, 'test');
    expect(record.byteLength).toBe(Buffer.byteLength(record.json));
    const entry = liveEntry(record, entryExpiresAt);
    expect(entry.knownByteLength).toBeUndefined();
    expect(entry.byteLength).toBe(Buffer.byteLength(JSON.stringify(liveEntryData(record))));
  });
});
