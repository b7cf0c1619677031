/** What a format verified: the body (JSON, or its zlib form) and when it was sealed. */
export interface OpenedCookie {
  body: Buffer;
  compressed: boolean;
  /** Unix seconds, whole, as Django's TimestampSigner writes them. */
  issuedAt: number;
}

/** One wire format of the cookie value: Django's signed form or the encrypted one. */
export interface CookieFormat {
  /** Shortest value the format can produce (for an empty session). */
  readonly minLength: number;
  /**
   * Whether the JSON may have been written by Python's json (Django), so that decoding looks
   * for numbers JS cannot carry. False when only this engine writes it, after isJsonValue.
   */
  readonly pythonJson: boolean;
  /**
   * Bytes the format writes in front of an uncompressed body (the encrypted header): the engine
   * leaves them free at the start of the JSON's buffer, so that sealing copies no body. 0 if absent.
   */
  readonly headerBytes?: number;
  /** How the JSON text is turned into bytes and back. */
  readonly encoding: 'latin1' | 'utf8';
  /**
   * The JSON text for a session dict (Python's spelling when Django must read it).
   * `tinyNumbers: false`: the dict holds no number x with 0 < |x| < 1e-4 (see jsonValueNumbers).
   */
  stringify(data: Record<string, unknown>, tinyNumbers: boolean): string;
  /** The cookie value's length for a body of `bodyBytes`, without building it. */
  sealedLength(bodyBytes: number, compressed: boolean): number;
  /**
   * Signs (or encrypts) a body, dated now by the engine's clock. The body is `body` from
   * `start` (0 unless the engine reserved `headerBytes`); the bytes before it are free.
   */
  seal(body: Buffer, compressed: boolean, start: number): string;
  /** Verifies a value. Throws CookieRejected; nothing unauthenticated is decoded. */
  open(value: string): OpenedCookie;
}

/** Length of unpadded base64url for n bytes. */
export function b64Length(bytes: number): number {
  return Math.ceil((bytes * 4) / 3);
}
