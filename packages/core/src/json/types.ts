/**
 * The JSON value types. A leaf module: signing, sessions and engines all build on it, and it
 * imports nothing.
 */

/** Any value JSON can carry. Session data is made of these. */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

/** What a session holds, reserved keys (such as `_session_expiry`) included. */
export type SessionData = Record<string, JsonValue>;
