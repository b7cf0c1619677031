/**
 * Data a core decoder just built from text that holds only storable values (a session codec's
 * output), so that a save does not walk it again (`isJsonValue` costs about one
 * JSON.stringify). Internal to core: nothing here is exported to apps or engines. The mark is
 * on an object nobody else can have changed meanwhile: the session takes it off when it copies
 * the data in; `prepareRecord` ignores it, so a caller who loads a record, mutates it and
 * stores it is checked as always. (MemoryEngine says the same with its record's class,
 * DecodedRecord; a session's checked save snapshot travels as a CheckedRecord.)
 */
const decoded = new WeakSet<object>();

export function markDecoded(data: object): void {
  decoded.add(data);
}

/** Whether `data` carried the decoded mark; the mark is removed. */
export function takeDecodedMark(data: object): boolean {
  return decoded.delete(data);
}
