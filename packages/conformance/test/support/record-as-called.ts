import { JsonRecord, type SessionRecord } from '@sessionkit/core/engine';

/**
 * The record as it was when the call was made, for a broken engine whose one defect is another
 * but which writes after an await. A record the engine refuses is passed on as it is, so the
 * engine refuses it as MemoryEngine would (after its closed and key checks).
 */
export function recordAsCalled(record: SessionRecord, engineName: string): SessionRecord {
  try {
    return JsonRecord.of(record, engineName);
  } catch {
    return record;
  }
}
