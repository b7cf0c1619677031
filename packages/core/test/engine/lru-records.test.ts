import { LruRecords } from '../../src/engine/lru-records.js';

/** Deletes the oldest key until none is left, and gives the keys in that order, as eviction takes them. */
function drainOldestFirst(records: LruRecords<number>): string[] {
  const order: string[] = [];
  for (let oldest = records.oldestKey(); oldest !== undefined; oldest = records.oldestKey()) {
    order.push(oldest);
    records.delete(oldest);
  }
  return order;
}

describe('LruRecords', () => {
  it('starts empty', () => {
    const records = new LruRecords<number>();
    expect(records.size).toBe(0);
    expect(records.oldestKey()).toBeUndefined();
    expect(records.get('a')).toBeUndefined();
    expect(records.delete('a')).toBe(false);
    expect([...records]).toEqual([]);
  });

  it('keeps the order of last use: set and use make a key the newest, get does not', () => {
    const records = new LruRecords<number>();
    records.set('a', 1).set('b', 2).set('c', 3);
    expect(records.oldestKey()).toBe('a');
    records.use('a');
    expect(records.oldestKey()).toBe('b');
    expect(records.get('b')).toBe(2);
    expect(records.oldestKey()).toBe('b');
    records.set('b', 20);
    expect(records.oldestKey()).toBe('c');
    expect(records.get('b')).toBe(20);
    records.use('missing');
    expect(records.size).toBe(3);
  });

  it('drains oldest first in the order of last use, whatever the order of first storing', () => {
    const records = new LruRecords<number>();
    for (const key of ['a', 'b', 'c', 'd']) records.set(key, 0);
    records.use('b');
    records.set('a', 1);
    records.use('d');
    records.use('d');
    const order = drainOldestFirst(records);
    expect(order).toEqual(['c', 'b', 'a', 'd']);
    expect(records.oldestKey()).toBeUndefined();
  });

  it('unlinks a deleted key from either end and from the middle', () => {
    const records = new LruRecords<number>();
    for (const key of ['a', 'b', 'c', 'd', 'e']) records.set(key, 0);
    expect(records.delete('c')).toBe(true);
    expect(records.delete('e')).toBe(true);
    expect(records.delete('a')).toBe(true);
    expect(records.has('c')).toBe(false);
    records.set('f', 0);
    const order = drainOldestFirst(records);
    expect(order).toEqual(['b', 'd', 'f']);
  });

  it('iterates as a Map does: first stored first, values read when reached, safe against deletes and adds', () => {
    const records = new LruRecords<number>();
    records.set('a', 1).set('b', 2).set('c', 3);
    records.use('a');
    const seen: [string, number][] = [];
    for (const [key, value] of records) {
      seen.push([key, value]);
      if (key === 'a') {
        records.delete('b');
        records.set('c', 30);
        records.set('d', 4);
      }
    }
    expect(seen).toEqual([
      ['a', 1],
      ['c', 30],
      ['d', 4],
    ]);
    expect([...records.keys()]).toEqual(['a', 'c', 'd']);
    expect([...records.entries()]).toEqual([
      ['a', 1],
      ['c', 30],
      ['d', 4],
    ]);
  });
});
