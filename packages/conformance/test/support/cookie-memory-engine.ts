import {
  type Clock,
  type EngineCapabilities,
  type SessionData,
  type SessionEngine,
  type SessionRecord,
  engineClosed,
  SessionTooLargeError,
  assertJsonValue,
} from '@sessionkit/core/engine';

export const COOKIE_CAPABILITIES: EngineCapabilities = {
  keyPattern: /^[A-Za-z0-9_-]+$/,
  minKeyLength: 8,
  maxKeyLength: 8192,
  storage: 'cookie',
  exists: false,
  revocable: false,
  clearExpired: 'unnecessary',
  ttlResolutionMs: 1,
  usesInjectedClock: true,
  maxDataBytes: 4096,
};

/**
 * A cookie-storage engine in miniature (unsigned, so for tests only): the cookie value is the
 * record itself, as base64url JSON. It lets the suite's cookie path run against something real.
 */
export class CookieMemoryEngine implements SessionEngine {
  readonly name = 'cookie-memory';
  readonly capabilities = COOKIE_CAPABILITIES;

  #closed = false;

  constructor(private readonly clock: Clock) {}

  async load(cookie: string): Promise<SessionRecord | null> {
    this.ensureOpen('load');
    try {
      const { data, expiresAt } = JSON.parse(Buffer.from(cookie, 'base64url').toString('utf8')) as {
        data: SessionData;
        expiresAt: number;
      };
      return expiresAt > this.clock.now() ? { data, expiresAt: new Date(expiresAt) } : null;
    } catch {
      return null;
    }
  }

  async create(_key: string, record: SessionRecord): Promise<string> {
    this.ensureOpen('create');
    return this.encode(record);
  }

  async update(_cookie: string, record: SessionRecord): Promise<string> {
    this.ensureOpen('update');
    return this.encode(record);
  }

  async delete(): Promise<void> {
    this.ensureOpen('delete');
  }

  async exists(): Promise<boolean> {
    this.ensureOpen('exists');
    return false;
  }

  async clearExpired(): Promise<number> {
    this.ensureOpen('clearExpired');
    return 0;
  }

  async close(): Promise<void> {
    this.#closed = true;
  }

  private ensureOpen(operation: string): void {
    if (this.#closed) throw engineClosed(this.name, operation);
  }

  private encode(record: SessionRecord): string {
    assertJsonValue(record.data, 'data');
    const expiresAt = record.expiresAt.getTime();
    if (!Number.isFinite(expiresAt)) throw new TypeError('expiresAt must be a valid Date');
    const cookie = Buffer.from(JSON.stringify({ data: record.data, expiresAt }), 'utf8').toString('base64url');
    if (cookie.length > this.capabilities.maxDataBytes) throw new SessionTooLargeError('cookie over 4096 bytes');
    return cookie;
  }
}
