/**
 * What core already knows to be storable session data, so that a save does not walk the data
 * again (`isJsonValue` costs about one JSON.stringify). Internal to core: nothing here is
 * exported to apps or engines.
 *
 * Two marks, each on an object nobody else can have changed meanwhile:
 * - **decoded**: data a core decoder just built from text that holds only storable values (a
 *   session codec's output, MemoryEngine's parse of the JSON it wrote). The session takes the
 *   mark off when it copies the data in; `prepareRecord` ignores it, so a caller who loads a
 *   record, mutates it and stores it is checked as always.
 * - **checked**: a session's save snapshot whose every value is known storable (decoded data,
 *   values checked when set, values handed out checked again). Built by the session right
 *   before `engine.create`/`update`, which pass it to `prepareRecord`: that skips the walk.
 */
const decoded = new WeakSet<object>();
const checked = new WeakSet<object>();

export function markDecoded(data: object): void {
  decoded.add(data);
}

/** Whether `data` carried the decoded mark; the mark is removed. */
export function takeDecodedMark(data: object): boolean {
  return decoded.delete(data);
}

export function markChecked(snapshot: object): void {
  checked.add(snapshot);
}

export function isChecked(data: object): boolean {
  return checked.has(data);
}
