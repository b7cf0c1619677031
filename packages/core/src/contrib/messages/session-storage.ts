import type { JsonValue, SessionData } from '../../engine/types.js';
import { ConfigError } from '../../errors.js';
import type { Session } from '../../session/session.js';
import { pythonJsonDumps } from '../../signing/index.js';
import { decodeItem, encodeMessage, Message } from './message.js';
import type { MessageBackend, StorageRead } from './storage.js';

/** Django's SessionStorage.session_key. */
export const MESSAGES_SESSION_KEY = '_messages';

const NO_SESSION =
  'The session-based temporary message storage requires a session: open the messages with the request session.';

/**
 * Django's SessionStorage: the messages as a JSON string under `_messages` (nested JSON,
 * byte-compatible with Django's `MessageEncoder().encode`), so Django reads them too.
 */
export class SessionBackend implements MessageBackend {
  readonly #session: Session<SessionData>;

  constructor(session: Session<SessionData> | undefined) {
    if (session === undefined) throw new ConfigError(NO_SESSION);
    this.#session = session;
  }

  async read(): Promise<StorageRead> {
    const stored = await this.#session.get(MESSAGES_SESSION_KEY);
    return { messages: stored === undefined ? null : decodeList(stored), allRetrieved: true };
  }

  async store(messages: Message[]): Promise<Message[]> {
    if (messages.length > 0) {
      await this.#session.set(MESSAGES_SESSION_KEY, pythonDefaultDumps(messages.map(encodeMessage)));
    } else {
      await this.#session.pop(MESSAGES_SESSION_KEY, null);
    }
    return [];
  }
}

function decodeList(stored: JsonValue): Message[] | null {
  let value: JsonValue = stored;
  if (typeof stored === 'string') {
    try {
      value = JSON.parse(stored) as JsonValue;
    } catch {
      return null;
    }
  }
  if (!Array.isArray(value)) return null;
  return value.map(decodeItem).filter((item): item is Message => item instanceof Message);
}

/** Python's `json.dumps` with its default `", "` and `": "` separators. */
export function pythonDefaultDumps(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(pythonDefaultDumps).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).map(([k, v]) => `${pythonJsonDumps(k)}: ${pythonDefaultDumps(v)}`);
    return `{${entries.join(', ')}}`;
  }
  return pythonJsonDumps(value);
}
