import type { Message } from './message.js';
import type { MessageBackend, StorageRead } from './storage.js';

/**
 * Django's FallbackStorage: the cookie first, what does not fit goes to the session.
 * Nothing is lost; a storage that held messages before and gets none now is cleared.
 */
export class FallbackBackend implements MessageBackend {
  readonly #backends: readonly MessageBackend[];
  readonly #used = new Set<MessageBackend>();

  constructor(backends: readonly MessageBackend[]) {
    this.#backends = backends;
  }

  async read(): Promise<StorageRead> {
    const all: Message[] = [];
    let allRetrieved = true;
    for (const backend of this.#backends) {
      const read = await backend.read();
      allRetrieved = read.allRetrieved;
      // An unused storage means the later ones were not used either (and the session is not loaded).
      if (read.messages === null) break;
      if (read.messages.length > 0) this.#used.add(backend);
      all.push(...read.messages);
      if (read.allRetrieved) break;
    }
    return { messages: all, allRetrieved };
  }

  async store(messages: Message[]): Promise<Message[]> {
    let rest = messages;
    for (const backend of this.#backends) {
      if (rest.length > 0) {
        rest = await backend.store(rest, false);
      } else if (this.#used.has(backend)) {
        await backend.store([], false);
        this.#used.delete(backend);
      }
    }
    return rest;
  }
}
