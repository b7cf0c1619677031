import type { Message } from './message.js';

/** What a backend read: null when it was not used at all (Django returns None). */
export interface StorageRead {
  messages: Message[] | null;
  /** False when a cookie held the "not finished" sentinel: the rest is in the next storage. */
  allRetrieved: boolean;
}

/** Django's BaseStorage `_get`/`_store` pair, per request. */
export interface MessageBackend {
  read(): Promise<StorageRead>;
  /** Stores what it can; resolves to the messages it could not store. */
  store(messages: Message[], removeOldest: boolean): Promise<Message[]>;
}
