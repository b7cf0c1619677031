/** Why a cookie value was refused. Logged as a code, never with the value or the data. */
export type RejectReason =
  /**
   * Not a value this engine could have issued: wrong length or structure, or (encrypted
   * mode) wrong charset. In signed mode the MAC is checked first, so a foreign character
   * is usually reported as 'bad-signature'.
   */
  | 'malformed'
  /** The MAC (or AEAD tag) does not verify under the secret or any fallback. */
  | 'bad-signature'
  /** Encrypted mode: a version prefix not on the allowlist. */
  | 'unknown-version'
  /** Signed more than the tolerated skew in the future. */
  | 'future-timestamp'
  /** Verified, but the payload does not decode to a session dict. */
  | 'undecodable'
  /** Verified, but it inflates past `maxDecompressedBytes`. */
  | 'decompression-limit';

/** Thrown inside the engine when a value is refused; `load` turns it into null plus a log line. */
export class CookieRejected extends Error {
  readonly reason: RejectReason;

  constructor(reason: RejectReason) {
    super(`session cookie rejected: ${reason}`);
    this.name = 'CookieRejected';
    this.reason = reason;
  }
}
