/** `@sessionkit/core/messages`: Django's flash messages (cookie, session, fallback storage). */
export { DEBUG, DEFAULT_TAGS, ERROR, INFO, Message, SUCCESS, WARNING } from './contrib/messages/message.js';
export {
  createMessages,
  type MessageStorageKind,
  type Messages,
  type MessagesOptions,
  type OpenMessagesInput,
} from './contrib/messages/messages.js';
export { type MessagesUpdate, RequestMessages } from './contrib/messages/request-messages.js';
export { DEFAULT_MESSAGES_COOKIE, type MessagesCookieSettings } from './contrib/messages/cookie-header.js';
export {
  MAX_MESSAGES_COOKIE_SIZE,
  MESSAGES_COOKIE_NAME,
  MESSAGES_SALT,
  NOT_FINISHED,
} from './contrib/messages/cookie-storage.js';
export { MESSAGES_SESSION_KEY } from './contrib/messages/session-storage.js';
// The framework glue moved to each framework's entry; the old names stay one minor, deprecated.
export * from './deprecated/messages.js';
